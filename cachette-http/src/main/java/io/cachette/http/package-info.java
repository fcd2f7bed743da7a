/**
 * {@link io.cachette.http.CachedHttpClient}: a {@link java.net.http.HttpClient} that keeps
 * responses in any Cachette store, following RFC 9111's rules for a private cache, with
 * requests-cache's settings, per-request {@link io.cachette.http.CacheOptions}, metadata on every
 * response ({@link io.cachette.http.CachedResponses}) and inspection ({@link io.cachette.http.HttpCache}).
 */
@NullMarked
package io.cachette.http;

import org.jspecify.annotations.NullMarked;
