package io.cachette.benchmarks;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
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
 * A JCache {@code get} hit through Cachette's provider ({@code memory://}) next to Caffeine's own
 * JCache provider, with the same {@code MutableConfiguration}: {@code String} keys and values,
 * 1024 keys ({@code user-N}), no expiry, no statistics; store-by-reference (both keep the objects)
 * and store-by-value (both copy through Java serialization); and store-by-reference with 1024
 * {@code Integer} keys. Each thread walks the keys on its own. Run with {@code -t 1} and
 * {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class JCacheBenchmark {
  static final int KEYS = 1024;

  String[] keys;
  CacheManager cachette;
  CacheManager caffeine;
  Cache<String, String> cachetteByReference;
  Cache<String, String> caffeineByReference;
  Cache<String, String> cachetteByValue;
  Cache<String, String> caffeineByValue;
  Integer[] ids;
  Cache<Integer, String> cachetteByIntegerKey;
  Cache<Integer, String> caffeineByIntegerKey;

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
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
    }
    ClassLoader loader = getClass().getClassLoader();
    cachette = Caching.getCachingProvider("io.cachette.jcache.CachetteCachingProvider")
        .getCacheManager(URI.create("bench://cachette"), loader);
    caffeine = Caching.getCachingProvider(
        "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
        .getCacheManager(URI.create("bench://caffeine"), loader);
    cachetteByReference = cachette.createCache("by-reference", configuration(false));
    caffeineByReference = caffeine.createCache("by-reference", configuration(false));
    cachetteByValue = cachette.createCache("by-value", configuration(true));
    caffeineByValue = caffeine.createCache("by-value", configuration(true));
    ids = new Integer[KEYS];
    cachetteByIntegerKey = cachette.createCache("by-integer-key", new MutableConfiguration<Integer,
        String>().setTypes(Integer.class, String.class).setStoreByValue(false));
    caffeineByIntegerKey = caffeine.createCache("by-integer-key", new MutableConfiguration<Integer,
        String>().setTypes(Integer.class, String.class).setStoreByValue(false));
    for (int i = 0; i < KEYS; i++) {
      String value = "value-" + i;
      ids[i] = 1_000_000 + i; // outside Integer's cache of small values, as ids usually are
      cachetteByIntegerKey.put(ids[i], value);
      caffeineByIntegerKey.put(ids[i], value);
      cachetteByReference.put(keys[i], value);
      caffeineByReference.put(keys[i], value);
      cachetteByValue.put(keys[i], value);
      caffeineByValue.put(keys[i], value);
    }
  }

  private static MutableConfiguration<String, String> configuration(boolean byValue) {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setStoreByValue(byValue);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cachette.close();
    caffeine.close();
  }

  @Benchmark
  public Object cachetteByReferenceGetHit(Cursor c) {
    return cachetteByReference.get(keys[c.nextIndex()]);
  }

  @Benchmark
  public Object caffeineByReferenceGetHit(Cursor c) {
    return caffeineByReference.get(keys[c.nextIndex()]);
  }

  /** Store-by-reference with {@code Integer} keys (Cachette writes each as {@code "i:<n>"}). */
  @Benchmark
  public Object cachetteIntegerKeyGetHit(Cursor c) {
    return cachetteByIntegerKey.get(ids[c.nextIndex()]);
  }

  @Benchmark
  public Object caffeineIntegerKeyGetHit(Cursor c) {
    return caffeineByIntegerKey.get(ids[c.nextIndex()]);
  }

  @Benchmark
  public Object cachetteByValueGetHit(Cursor c) {
    return cachetteByValue.get(keys[c.nextIndex()]);
  }

  @Benchmark
  public Object caffeineByValueGetHit(Cursor c) {
    return caffeineByValue.get(keys[c.nextIndex()]);
  }
}
