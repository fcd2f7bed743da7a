/**
 * Memoization on top of {@link io.cachette.Cache}: {@link io.cachette.memo.Cached @Cached} interface
 * proxies, function wrappers, canonical cache keys, purge and namespace clear. Start with
 * {@link io.cachette.memo.Memoizer#builder()}.
 */
@NullMarked
package io.cachette.memo;

import org.jspecify.annotations.NullMarked;
