package io.cachette;

/**
 * An immutable snapshot of a cache's counters, each counted since the cache was built.
 *
 * @param hitCount reads that found a live, readable value (each key of a {@code getMany} counts)
 * @param missCount reads that found nothing, or found bytes that could not be read back, or failed
 *     (fail-open)
 * @param loadSuccessCount loader calls of {@code get(key, loader)} that returned a value
 * @param loadFailureCount loader calls that threw or completed exceptionally
 * @param errorCount backend operations that failed or timed out (whatever the policy), plus stored
 *     entries that could not be decoded
 * @param evictionCount entries the backend evicted by its size policy, or -1 when the backend cannot
 *     tell (it counts the whole backend, which other caches may share)
 * @param putCount entries written: each {@code set}, each {@code setIfAbsent} that stored, each
 *     entry of a {@code setMany}, and each value stored by the default store step of
 *     {@code get(key, loader)}, counted when the backend reported the write done (a write that
 *     failed open is not counted); a caller's own store step counts only the writes it makes
 *     through the cache; 0 where not counted (memoizers)
 * @param totalLoadTimeNanos the time spent in loader calls of {@code get(key, loader)}, successful
 *     or not, in nanoseconds (for an asynchronous loader, until its future completed); 0 where not
 *     counted
 */
public record CacheStats(long hitCount, long missCount, long loadSuccessCount,
    long loadFailureCount, long errorCount, long evictionCount, long putCount,
    long totalLoadTimeNanos) {

  /** Counters without puts and load time (both 0), for faces that do not count them. */
  public CacheStats(long hitCount, long missCount, long loadSuccessCount, long loadFailureCount,
      long errorCount, long evictionCount) {
    this(hitCount, missCount, loadSuccessCount, loadFailureCount, errorCount, evictionCount, 0, 0);
  }

  /** Loader calls, successful or not. */
  public long loadCount() {
    return loadSuccessCount + loadFailureCount;
  }

  /**
   * The counters of several caches added up, for faces that keep one cache per namespace or type
   * over shared stores (the memoizer, the API client), with the eviction count their stores
   * report (which caches cannot split among themselves).
   */
  public static CacheStats sum(Iterable<? extends Cache<?>> caches, long evictionCount) {
    long hits = 0;
    long misses = 0;
    long loads = 0;
    long loadFailures = 0;
    long errors = 0;
    long puts = 0;
    long loadNanos = 0;
    for (Cache<?> cache : caches) {
      CacheStats stats = cache.stats();
      hits += stats.hitCount();
      misses += stats.missCount();
      loads += stats.loadSuccessCount();
      loadFailures += stats.loadFailureCount();
      errors += stats.errorCount();
      puts += stats.putCount();
      loadNanos += stats.totalLoadTimeNanos();
    }
    return new CacheStats(hits, misses, loads, loadFailures, errors, evictionCount, puts,
        loadNanos);
  }

  /** Hits and misses. */
  public long requestCount() {
    return hitCount + missCount;
  }

  /** Hits divided by requests, or 1.0 when there were no requests. */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 1.0 : (double) hitCount / requests;
  }
}
