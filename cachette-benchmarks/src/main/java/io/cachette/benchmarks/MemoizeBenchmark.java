package io.cachette.benchmarks;

import io.cachette.Cache;
import io.cachette.memo.Cached;
import io.cachette.memo.MemoizedFunction;
import io.cachette.memo.Memoizer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * A memoized hit (one int argument, {@code memory://}, {@code noop}) through a {@code @Cached}
 * proxy and through a function wrapper, next to raw Caffeine {@code get(key, loader)} hits with the
 * same key strings: built per call as hand-written memoization would
 * ({@code "default:" + method + "(" + id + ")"}), and prebuilt (a bare map lookup, the upper bound).
 * The target baseline is what a user writes by hand: a bounded Caffeine ({@code maximumSize},
 * as the memoizer's {@code memory://?max-size=10000}) with the key built per call. Two more lines place the cost:
 * an expiring Caffeine (a variable expiry policy, as the memory backend uses for per-entry TTLs),
 * and a plain {@code Cache.getOrDefault} hit on the memoizer's backend with the same key, which is
 * everything a memoized hit does except the memoization itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MemoizeBenchmark {
  private static final int KEYS = 1024;
  private static final String CACHE_KEY_PREFIX = Lookup.class.getName() + ".find(";
  private static final String KEY_PREFIX = "default:" + CACHE_KEY_PREFIX;

  /**
   * The maximum size of the bounded caches: {@value MemoryCacheBenchmark#MAX_SIZE} by default
   * (the 1024 keys fill a tenth: Caffeine records no reads until a cache is half full); run with
   * {@code -p maxSize=1024} for full caches, as in service (see {@link MemoryCacheBenchmark}).
   */
  @Param({"" + MemoryCacheBenchmark.MAX_SIZE})
  int maxSize;

  /** The memoized service. */
  public interface Lookup {
    /** A cached lookup by id. */
    @Cached
    String find(int id);
  }

  private String[] values;
  private String[] prebuiltKeys;
  private int next;

  private Memoizer memo;
  private Cache<String> cache;
  private Lookup proxy;
  private MemoizedFunction<Integer, String> wrapper;
  private com.github.benmanes.caffeine.cache.Cache<String, String> raw;
  private com.github.benmanes.caffeine.cache.Cache<String, String> rawExpiring;
  /** Hand-written memoization as a user writes it: a bounded Caffeine, the key built per call. */
  private com.github.benmanes.caffeine.cache.Cache<String, String> rawBounded;
  /** Hand-written memoization with one TTL for every entry, as most would write it. */
  private com.github.benmanes.caffeine.cache.Cache<String, String> rawWriteTtl;

  @Setup(Level.Trial)
  public void setUp() {
    values = new String[KEYS];
    prebuiltKeys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      values[i] = "value-" + i;
      prebuiltKeys[i] = KEY_PREFIX + i + ")";
    }
    memo = Memoizer.builder().backend("memory://?max-size=" + maxSize)
        .serializer("noop://").build();
    proxy = memo.proxy(Lookup.class, id -> values[id]);
    cache = Cache.builder(String.class)
        .backend("memory://?max-size=" + maxSize).serializer("noop://")
        .build();
    wrapper = memo.wrap(Lookup.class.getName() + ".find", String.class).function(id -> values[id]);
    raw = RawCaffeine.bare();
    rawBounded = RawCaffeine.bounded(maxSize);
    rawWriteTtl = RawCaffeine.writeTtl();
    rawExpiring = RawCaffeine.perEntryExpiry();
    for (int i = 0; i < KEYS; i++) {
      proxy.find(i);
      raw.put(prebuiltKeys[i], values[i]);
      rawBounded.put(prebuiltKeys[i], values[i]);
      rawExpiring.put(prebuiltKeys[i], values[i]);
      rawWriteTtl.put(prebuiltKeys[i], values[i]);
      cache.set(CACHE_KEY_PREFIX + i + ")", values[i]);
    }
    if (!raw.asMap().containsKey(prebuiltKeys[7]) || proxy.find(7) != values[7]) {
      throw new IllegalStateException("benchmark setup is wrong");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    memo.close();
    cache.close();
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (KEYS - 1);
    return i;
  }

  @Benchmark
  public String memoizedProxyHit() {
    return proxy.find(nextIndex());
  }

  @Benchmark
  public String memoizedWrapperHit() {
    return wrapper.apply(nextIndex());
  }

  @Benchmark
  public @Nullable String cacheGetHit() {
    int id = nextIndex();
    return cache.getOrDefault(CACHE_KEY_PREFIX + id + ")", null);
  }

  @Benchmark
  public String rawCaffeineGetBuiltKey() {
    int id = nextIndex();
    return raw.get(KEY_PREFIX + id + ")", key -> values[id]);
  }

  @Benchmark
  public String rawBoundedCaffeineGetBuiltKey() {
    int id = nextIndex();
    return rawBounded.get(KEY_PREFIX + id + ")", key -> values[id]);
  }

  @Benchmark
  public String rawWriteTtlCaffeineGetBuiltKey() {
    int id = nextIndex();
    return rawWriteTtl.get(KEY_PREFIX + id + ")", key -> values[id]);
  }

  @Benchmark
  public String rawExpiringCaffeineGetBuiltKey() {
    int id = nextIndex();
    return rawExpiring.get(KEY_PREFIX + id + ")", key -> values[id]);
  }

  @Benchmark
  public String rawCaffeineGetPrebuiltKey() {
    int id = nextIndex();
    return raw.get(prebuiltKeys[id], key -> values[id]);
  }
}
