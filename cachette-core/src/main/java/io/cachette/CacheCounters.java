package io.cachette;

import java.util.concurrent.atomic.LongAdder;

/**
 * The per-operation counts of one cache (hits, misses, puts, loads), or none at all when the cache
 * was built with {@code recordStats(false)}: a counted hit pays one atomic increment, which is
 * most of what separates a {@code memory://} hit from a bare Caffeine lookup. Thread-safe.
 */
final class CacheCounters {
  private final boolean enabled;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();

  CacheCounters(boolean enabled) {
    this.enabled = enabled;
  }

  boolean enabled() {
    return enabled;
  }

  void hit() {
    if (enabled) {
      hits.increment();
    }
  }

  void miss() {
    if (enabled) {
      misses.increment();
    }
  }

  /** Counts a read: a hit when it found a value, else a miss. */
  void read(boolean found) {
    if (enabled) {
      (found ? hits : misses).increment();
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
