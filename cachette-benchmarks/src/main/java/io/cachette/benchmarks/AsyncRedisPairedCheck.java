package io.cachette.benchmarks;

import io.cachette.AsyncCache;
import io.cachette.Cache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Async GET hits with 64 in flight, run with {@link Paired}: {@code Cache.async().get} on
 * {@code redis://127.0.0.1:6379/9} ({@code noop} serializer) next to raw Lettuce's async
 * {@code GET} of the same stored keys on a connection of its own, values of 200 bytes or 4 KB.
 * Each side keeps a window of 64 requests outstanding: it starts 64, and starts the next one each
 * time the oldest completes.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.AsyncRedisPairedCheck <value bytes> [rounds] [gets per slice]}.
 */
public final class AsyncRedisPairedCheck {
  private static final String URL = "redis://127.0.0.1:6379/9";
  private static final String KEY_PREFIX = "cachette-async-paired:";
  private static final int KEYS = 256;
  private static final int IN_FLIGHT = 64;

  private AsyncRedisPairedCheck() {}

  /** Runs the comparison and prints its medians. */
  public static void main(String[] args) {
    int valueBytes = Integer.parseInt(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    Cache<byte[]> cache = Cache.builder(byte[].class).backend(URL + "?prefix=" + KEY_PREFIX)
        .serializer("noop://").namespace("bench").build();
    RedisClient client = RedisClient.create(RedisURI.create(URL));
    StatefulRedisConnection<String, byte[]> connection =
        client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    try {
      RedisAsyncCommands<String, byte[]> raw = connection.async();
      AsyncCache<byte[]> async = cache.async();
      String[] keys = new String[KEYS];
      String[] rawKeys = new String[KEYS];
      Random random = new Random(42);
      for (int i = 0; i < KEYS; i++) {
        byte[] value = new byte[valueBytes];
        random.nextBytes(value);
        keys[i] = "user-" + i;
        rawKeys[i] = KEY_PREFIX + "bench:" + keys[i];
        cache.set(keys[i], value);
      }
      long expected = 0;
      for (int i = 0; i < calls; i++) {
        expected += valueBytes;
      }
      @SuppressWarnings({"unchecked", "rawtypes"})
      CompletableFuture<Object>[] window = new CompletableFuture[IN_FLIGHT];
      Paired.Slice cachetteSide = n -> windowed(n, window,
          i -> async.get(keys[i % KEYS]).thenApply(v -> (Object) v.orElseThrow()));
      Paired.Slice rawSide = n -> windowed(n, window,
          i -> raw.get(rawKeys[i % KEYS]).toCompletableFuture().thenApply(v -> (Object) v));
      // Cachette stores an envelope around the value; raw reads those very bytes, so count the
      // value's size on both sides.
      long overhead = envelopeBytes(raw, rawKeys[0]) - valueBytes;
      Paired.Result result = Paired.compare("async GET, 64 in flight, " + valueBytes
          + " B: Cachette vs raw Lettuce", cachetteSide,
          n -> rawSide.run(n) - n * overhead, rounds, calls, expected);
      System.out.println(Paired.Result.header());
      System.out.println(result);
    } finally {
      cache.close();
      connection.close();
      client.shutdown();
    }
  }

  private static int envelopeBytes(RedisAsyncCommands<String, byte[]> raw, String key) {
    return raw.get(key).toCompletableFuture().join().length;
  }

  private static long windowed(int calls, CompletableFuture<Object>[] window,
      java.util.function.IntFunction<CompletableFuture<Object>> start) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      int slot = i % IN_FLIGHT;
      if (i >= IN_FLIGHT) {
        sum += ((byte[]) window[slot].join()).length;
      }
      window[slot] = start.apply(i);
    }
    for (int i = Math.max(0, calls - IN_FLIGHT); i < calls; i++) {
      sum += ((byte[]) window[i % IN_FLIGHT].join()).length;
    }
    return sum;
  }
}
