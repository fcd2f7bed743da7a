/**
 * Cachette's typed cache: {@link io.cachette.Cache}, {@link io.cachette.AsyncCache}, their
 * {@link io.cachette.CacheBuilder}, statistics and exceptions.
 */
@NullMarked
package io.cachette;

import org.jspecify.annotations.NullMarked;
