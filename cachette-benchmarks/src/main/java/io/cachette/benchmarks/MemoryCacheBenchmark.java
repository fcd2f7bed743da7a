package io.cachette.benchmarks;

import io.cachette.Cache;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code memory://} next to the Caffeine a user would otherwise write, configured the same way:
 * bounded ({@code max-size=10000} vs {@code maximumSize(10000)}), and bounded with one TTL
 * ({@code defaultTtl(5m)} vs {@code expireAfterWrite(5m)}). Hits only, 1024 keys ({@code user-N}),
 * {@code noop} serializer; each thread walks the keys on its own. Run with {@code -t 1} and
 * {@code -t 2}. A third baseline, Caffeine with a variable (per-entry) expiry policy and
 * caller-runs maintenance, is how {@code memory://} was built before it configured Caffeine as
 * the user asked; it is kept to place the cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class MemoryCacheBenchmark {
  static final int KEYS = 1024;
  static final int MAX_SIZE = 10_000;
  static final Duration TTL = Duration.ofMinutes(5);

  /**
   * The maximum size of every bounded cache here. At {@value #MAX_SIZE} the 1024 keys fill a
   * tenth of it, and Caffeine, whose frequency sketch starts only once a cache is half full, does
   * not record reads at all; at {@code 1024} (run with {@code -p maxSize=1024}) the caches are
   * full, as a bounded cache in service is, and every read is recorded for the eviction policy.
   */
  @Param({"" + MAX_SIZE})
  int maxSize;

  String[] keys;
  String[] values;

  Cache<String> bounded;
  Cache<String> boundedTtl;
  /** {@code bounded} built with {@code recordStats(false)}. */
  Cache<String> noStats;
  com.github.benmanes.caffeine.cache.Cache<String, String> rawBounded;
  com.github.benmanes.caffeine.cache.Cache<String, String> rawBoundedTtl;
  com.github.benmanes.caffeine.cache.Cache<String, String> rawBoundedStats;
  com.github.benmanes.caffeine.cache.Cache<String, String> rawPerEntryExpiry;

  /** Each thread's position in the key array. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int nextIndex() {
      int i = next;
      next = (i + 1) & (KEYS - 1);
      return i;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    keys = new String[KEYS];
    values = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      values[i] = "value-" + i;
    }
    bounded = Cache.builder(String.class).backend("memory://?max-size=" + maxSize)
        .serializer("noop://").build();
    boundedTtl = Cache.builder(String.class).backend("memory://?max-size=" + maxSize)
        .serializer("noop://").defaultTtl(TTL).build();
    noStats = Cache.builder(String.class).backend("memory://?max-size=" + maxSize)
        .serializer("noop://").recordStats(false).build();
    rawBounded = RawCaffeine.bounded(maxSize);
    rawBoundedStats = RawCaffeine.boundedWithStats(maxSize);
    rawBoundedTtl = RawCaffeine.boundedWriteTtl(maxSize, TTL);
    rawPerEntryExpiry = RawCaffeine.perEntryExpiry();
    for (int i = 0; i < KEYS; i++) {
      bounded.set(keys[i], values[i]);
      boundedTtl.set(keys[i], values[i]);
      noStats.set(keys[i], values[i]);
      rawBounded.put(keys[i], values[i]);
      rawBoundedStats.put(keys[i], values[i]);
      rawBoundedTtl.put(keys[i], values[i]);
      rawPerEntryExpiry.put(keys[i], values[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bounded.close();
    boundedTtl.close();
    noStats.close();
  }

  // ---- get hit ----

  @Benchmark
  public Object cachetteGetHit(Cursor c) {
    return bounded.get(keys[c.nextIndex()]);
  }

  /**
   * {@code get} as a caller reads the value out of it: once the call is inlined the
   * {@code Optional} is not allocated, where {@link #cachetteGetHit} hands it to JMH's blackhole,
   * which must see a real object.
   */
  @Benchmark
  public Object cachetteGetHitUnwrapped(Cursor c) {
    return bounded.get(keys[c.nextIndex()]).orElse(null);
  }

  @Benchmark
  public Object cachetteGetOrDefaultHit(Cursor c) {
    return bounded.getOrDefault(keys[c.nextIndex()], null);
  }

  @Benchmark
  public Object rawBoundedGetIfPresent(Cursor c) {
    return rawBounded.getIfPresent(keys[c.nextIndex()]);
  }

  @Benchmark
  public Object cachetteNoStatsGetHit(Cursor c) {
    return noStats.get(keys[c.nextIndex()]);
  }

  @Benchmark
  public Object cachetteNoStatsGetOrDefaultHit(Cursor c) {
    return noStats.getOrDefault(keys[c.nextIndex()], null);
  }

  @Benchmark
  public Object rawBoundedStatsGetIfPresent(Cursor c) {
    return rawBoundedStats.getIfPresent(keys[c.nextIndex()]);
  }

  @Benchmark
  public Object cachetteTtlGetHit(Cursor c) {
    return boundedTtl.get(keys[c.nextIndex()]);
  }

  @Benchmark
  public Object rawBoundedTtlGetIfPresent(Cursor c) {
    return rawBoundedTtl.getIfPresent(keys[c.nextIndex()]);
  }

  @Benchmark
  public Object rawPerEntryExpiryGetIfPresent(Cursor c) {
    return rawPerEntryExpiry.getIfPresent(keys[c.nextIndex()]);
  }

  // ---- get(key, loader) hit ----

  @Benchmark
  public Object cachetteLoaderHit(Cursor c) {
    int i = c.nextIndex();
    return bounded.get(keys[i], k -> values[i]);
  }

  /** A loader built once: a hit allocates nothing, whether or not the JIT inlines the call. */
  final Function<String, String> fixedLoader = k -> "never called";

  /**
   * {@code get(key, loader)} hit with a loader built once. The capturing lambda of
   * {@link #cachetteLoaderHit} is allocated on every call unless the JIT inlines the whole call,
   * and some forks run that allocation through a slow path of the JDK (about 100 ns a call),
   * which makes that benchmark bimodal; this one measures the hit alone.
   */
  @Benchmark
  public Object cachetteFixedLoaderHit(Cursor c) {
    return bounded.get(keys[c.nextIndex()], fixedLoader);
  }

  @Benchmark
  public Object cachetteNoStatsLoaderHit(Cursor c) {
    int i = c.nextIndex();
    return noStats.get(keys[i], k -> values[i]);
  }

  @Benchmark
  public Object rawBoundedGetWithLoader(Cursor c) {
    int i = c.nextIndex();
    return rawBounded.get(keys[i], k -> values[i]);
  }

  // ---- set ----

  @Benchmark
  public boolean cachetteSet(Cursor c) {
    int i = c.nextIndex();
    return bounded.set(keys[i], values[i]);
  }

  @Benchmark
  public void rawBoundedPut(Cursor c) {
    int i = c.nextIndex();
    rawBounded.put(keys[i], values[i]);
  }

  @Benchmark
  public boolean cachetteTtlSet(Cursor c) {
    int i = c.nextIndex();
    return boundedTtl.set(keys[i], values[i]);
  }

  @Benchmark
  public void rawBoundedTtlPut(Cursor c) {
    int i = c.nextIndex();
    rawBoundedTtl.put(keys[i], values[i]);
  }
}
