/**
 * Micrometer meters for Cachette caches: {@link io.cachette.micrometer.CachetteCacheMetrics}, a
 * {@code MeterBinder} per cache under Micrometer's own cache meter names.
 */
@NullMarked
package io.cachette.micrometer;

import org.jspecify.annotations.NullMarked;
