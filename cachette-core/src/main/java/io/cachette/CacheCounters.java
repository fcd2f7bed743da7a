package io.cachette;

import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The per-operation counts of one cache (hits, misses, puts, loads), or none at all when the cache
 * was built with {@code recordStats(false)}. Hits, misses and puts are counted per thread
 * ({@link ThreadCounter}): an atomic increment would cost as much as the whole {@code memory://}
 * lookup it counts. Loads, rarer and slower, are counted in {@link LongAdder}s. Thread-safe.
 */
final class CacheCounters {
  private final boolean enabled;
  private final ThreadCounter hits = new ThreadCounter();
  private final ThreadCounter misses = new ThreadCounter();
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final ThreadCounter puts = new ThreadCounter();
  private final LongAdder loadNanos = new LongAdder();

  CacheCounters(boolean enabled) {
    this.enabled = enabled;
  }

  boolean enabled() {
    return enabled;
  }

  /**
   * The hit counter, or null when counting is off: a cache holds it and counts its hits there,
   * one reference nearer than through these counters.
   */
  @Nullable ThreadCounter hitCounter() {
    return enabled ? hits : null;
  }

  void miss() {
    if (enabled) {
      misses.increment();
    }
  }

  /** Counts a read: a hit when it found a value, else a miss. */
  void read(boolean found) {
    if (enabled) {
      if (found) {
        hits.increment();
      } else {
        misses.increment();
      }
    }
  }

  void puts(long count) {
    if (enabled) {
      puts.add(count);
    }
  }

  /** Counts a finished load and the time it took since {@code startNanos}. */
  void loaded(boolean succeeded, long startNanos) {
    if (enabled) {
      loadNanos.add(System.nanoTime() - startNanos);
      (succeeded ? loadSuccesses : loadFailures).increment();
    }
  }

  /** The counts now, with the error and eviction counts that are kept apart. */
  CacheStats snapshot(long errors, long evictions) {
    return new CacheStats(hits.sum(), misses.sum(), loadSuccesses.sum(), loadFailures.sum(),
        errors, evictions, puts.sum(), loadNanos.sum());
  }
}
