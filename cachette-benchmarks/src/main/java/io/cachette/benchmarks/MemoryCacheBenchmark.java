package io.cachette.benchmarks;

import io.cachette.Cache;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Cache.get} hit and {@code set} on {@code memory://} with the {@code noop} serializer,
 * next to raw Caffeine {@code getIfPresent} / {@code put} with the same keys and values: plain
 * Caffeine, Caffeine with one TTL for all entries ({@code expireAfterWrite}), and Caffeine with a
 * variable-expiry policy like the one the memory backend uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MemoryCacheBenchmark {
  private static final int KEYS = 1024;

  private String[] keys;
  private String[] values;
  private int next;

  private Cache<String> cache;
  private com.github.benmanes.caffeine.cache.Cache<String, String> rawPlain;
  private com.github.benmanes.caffeine.cache.Cache<String, String> rawExpiring;
  private com.github.benmanes.caffeine.cache.Cache<String, String> rawWriteTtl;

  @Setup(Level.Trial)
  public void setUp() {
    keys = new String[KEYS];
    values = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      values[i] = "value-" + i;
    }
    cache = Cache.builder(String.class).backend("memory://").serializer("noop://").build();
    rawPlain = RawCaffeine.bare();
    rawWriteTtl = RawCaffeine.writeTtl();
    rawExpiring = RawCaffeine.perEntryExpiry();
    for (int i = 0; i < KEYS; i++) {
      cache.set(keys[i], values[i]);
      rawPlain.put(keys[i], values[i]);
      rawExpiring.put(keys[i], values[i]);
      rawWriteTtl.put(keys[i], values[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (KEYS - 1);
    return i;
  }

  @Benchmark
  public Object cachetteGetHit() {
    return cache.get(keys[nextIndex()]);
  }

  @Benchmark
  public Object cachetteGetOrDefaultHit() {
    return cache.getOrDefault(keys[nextIndex()], null);
  }

  @Benchmark
  public Object rawCaffeineGetIfPresent() {
    return rawPlain.getIfPresent(keys[nextIndex()]);
  }

  @Benchmark
  public Object rawCaffeineExpiringGetIfPresent() {
    return rawExpiring.getIfPresent(keys[nextIndex()]);
  }

  @Benchmark
  public Object rawCaffeineWriteTtlGetIfPresent() {
    return rawWriteTtl.getIfPresent(keys[nextIndex()]);
  }

  @Benchmark
  public boolean cachetteSet() {
    int i = nextIndex();
    return cache.set(keys[i], values[i]);
  }

  @Benchmark
  public void rawCaffeinePut() {
    int i = nextIndex();
    rawPlain.put(keys[i], values[i]);
  }

  @Benchmark
  public void rawCaffeineExpiringPut() {
    int i = nextIndex();
    rawExpiring.put(keys[i], values[i]);
  }
}
