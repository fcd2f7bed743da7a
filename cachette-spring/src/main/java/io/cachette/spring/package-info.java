/**
 * Cachette behind Spring's cache abstraction: {@link io.cachette.spring.CachetteCacheManager} (a
 * {@code CacheManager} of Cachette caches, configured by {@link io.cachette.spring.CacheSpec}s), and
 * the other way round, {@link io.cachette.spring.SpringBackends} (a Cachette backend over a Spring
 * {@code Cache} an application already has).
 */
@NullMarked
package io.cachette.spring;

import org.jspecify.annotations.NullMarked;
