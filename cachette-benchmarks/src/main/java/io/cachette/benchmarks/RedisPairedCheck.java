package io.cachette.benchmarks;

import io.cachette.Cache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A companion to {@link RedisCacheBenchmark} for busy machines: each iteration runs the raw
 * Lettuce command and then the same Cachette call back to back, so that both see the same load,
 * and prints the median time of each and their ratio. JMH runs one benchmark after another, and on
 * a shared machine the load can change between them; pairing the calls cancels that out.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.RedisPairedCheck [iterations]} with Redis on 127.0.0.1:6379 (database 9,
 * keys under {@code cachette-paired:}).
 */
public final class RedisPairedCheck {
  private static final String URL = "redis://127.0.0.1:6379/9";
  private static final String KEY_PREFIX = "cachette-paired:";
  private static final int BATCH = 100;

  private RedisPairedCheck() {}

  /** Runs the paired calls and prints the medians. */
  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Cache<byte[]> cache = Cache.builder(byte[].class).backend(URL + "?prefix=" + KEY_PREFIX)
        .serializer("noop://").namespace("bench").build();
    RedisClient client = RedisClient.create(RedisURI.create(URL));
    StatefulRedisConnection<String, byte[]> connection =
        client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    RedisCommands<String, byte[]> raw = connection.sync();
    try {
      List<String> keys = new ArrayList<>();
      String[] rawKeys = new String[BATCH];
      Map<String, byte[]> values = new LinkedHashMap<>();
      Map<String, byte[]> stored = new LinkedHashMap<>();
      Random random = new Random(42);
      for (int i = 0; i < BATCH; i++) {
        byte[] value = new byte[128];
        random.nextBytes(value);
        keys.add("user-" + i);
        values.put(keys.get(i), value);
        cache.set(keys.get(i), value);
        rawKeys[i] = KEY_PREFIX + "bench:" + keys.get(i);
        stored.put(rawKeys[i], raw.get(rawKeys[i]));
      }
      String[] names = {"get", "set", "getMany(100)", "setMany(100)"};
      long[][] rawNanos = new long[4][iterations];
      long[][] cachetteNanos = new long[4][iterations];
      for (int i = 0; i < iterations; i++) {
        int k = i % BATCH;
        String key = keys.get(k);
        String rawKey = rawKeys[k];
        long t0 = System.nanoTime();
        raw.get(rawKey);
        long t1 = System.nanoTime();
        cache.get(key);
        long t2 = System.nanoTime();
        raw.set(rawKey, stored.get(rawKey));
        long t3 = System.nanoTime();
        cache.set(key, values.get(key));
        long t4 = System.nanoTime();
        raw.mget(rawKeys);
        long t5 = System.nanoTime();
        cache.getMany(keys);
        long t6 = System.nanoTime();
        raw.mset(stored);
        long t7 = System.nanoTime();
        cache.setMany(values);
        long t8 = System.nanoTime();
        rawNanos[0][i] = t1 - t0;
        cachetteNanos[0][i] = t2 - t1;
        rawNanos[1][i] = t3 - t2;
        cachetteNanos[1][i] = t4 - t3;
        rawNanos[2][i] = t5 - t4;
        cachetteNanos[2][i] = t6 - t5;
        rawNanos[3][i] = t7 - t6;
        cachetteNanos[3][i] = t8 - t7;
      }
      for (int op = 0; op < names.length; op++) {
        double rawMicros = medianAfterWarmup(rawNanos[op]) / 1e3;
        double cachetteMicros = medianAfterWarmup(cachetteNanos[op]) / 1e3;
        System.out.printf("%-13s raw Lettuce %7.1f us   Cachette %7.1f us   Cachette/raw throughput %.2f%n",
            names[op], rawMicros, cachetteMicros, rawMicros / cachetteMicros);
      }
      cache.clear();
    } finally {
      cache.close();
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** The median of the last three quarters (the first quarter warms the JIT up). */
  private static double medianAfterWarmup(long[] nanos) {
    long[] measured = Arrays.copyOfRange(nanos, nanos.length / 4, nanos.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }
}
