/**
 * A JSR-107 (JCache 1.1.1) provider whose caches are Cachette caches on any backend, and a Cachette
 * backend over an existing JCache cache ({@link io.cachette.jcache.JCacheBackends}).
 */
@NullMarked
package io.cachette.jcache;

import org.jspecify.annotations.NullMarked;
