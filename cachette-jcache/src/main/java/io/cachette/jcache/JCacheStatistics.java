package io.cachette.jcache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The counters of one JCache cache, as JSR-107 defines them, exposed as its statistics MXBean.
 * Counting is off unless statistics are enabled; times are averages in microseconds. Thread-safe.
 */
final class JCacheStatistics implements CacheStatisticsMXBean {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  boolean isEnabled() {
    return enabled;
  }

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  long startNanos() {
    return enabled ? System.nanoTime() : 0;
  }

  void hits(long count) {
    if (enabled && count > 0) {
      hits.add(count);
    }
  }

  void misses(long count) {
    if (enabled && count > 0) {
      misses.add(count);
    }
  }

  void puts(long count) {
    if (enabled && count > 0) {
      puts.add(count);
    }
  }

  void removals(long count) {
    if (enabled && count > 0) {
      removals.add(count);
    }
  }

  void evictions(long count) {
    if (enabled && count > 0) {
      evictions.add(count);
    }
  }

  void getTime(long startNanos) {
    if (enabled && startNanos != 0) {
      getNanos.add(System.nanoTime() - startNanos);
    }
  }

  void putTime(long startNanos) {
    if (enabled && startNanos != 0) {
      putNanos.add(System.nanoTime() - startNanos);
    }
  }

  void removeTime(long startNanos) {
    if (enabled && startNanos != 0) {
      removeNanos.add(System.nanoTime() - startNanos);
    }
  }

  @Override
  public void clear() {
    for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos,
        putNanos, removeNanos}) {
      adder.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long hitCount = getCacheHits();
    long gets = hitCount + getCacheMisses();
    return gets == 0 ? 0f : (float) hitCount / gets * 100f;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long missCount = getCacheMisses();
    long gets = missCount + getCacheHits();
    return gets == 0 ? 0f : (float) missCount / gets * 100f;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0f : (float) TimeUnit.NANOSECONDS.toMicros(nanos) / count;
  }
}
