package io.cachette.benchmarks;

import io.cachette.Cache;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
 * {@code Cache.get} / {@code set} / {@code getMany(100)} / {@code setMany(100)} through Cachette
 * on {@code redis://127.0.0.1:6379} (noop serializer, {@code byte[]} values), next to raw Lettuce
 * sync commands (GET, SET, MGET, MSET) on the same keys with the very bytes Cachette stores (its
 * envelope included). Each side has its own connection; one thread, so each number is the round
 * trip plus the client's own work. Needs a Redis server on 127.0.0.1:6379; uses database 9 and
 * keys under {@code cachette-bench:}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RedisCacheBenchmark {
  private static final String URL = "redis://127.0.0.1:6379/9";
  private static final String KEY_PREFIX = "cachette-bench:";
  private static final String NAMESPACE = "bench";
  private static final int KEYS = 1024;
  private static final int BATCH = 100;
  private static final int VALUE_BYTES = 128;

  private String[] keys;
  /** The Redis key of each key: key prefix, namespace, key, as Cachette stores it. */
  private String[] redisKeys;
  private byte[][] values;
  /** The bytes Cachette stores for each value, read back from Redis: what raw Lettuce writes. */
  private byte[][] storedBytes;
  private List<List<String>> keyBatches;
  private List<String[]> redisKeyBatches;
  private List<Map<String, byte[]>> valueBatches;
  private List<Map<String, byte[]>> storedBatches;
  private int next;
  private int nextBatch;

  private Cache<byte[]> cache;
  private RedisClient rawClient;
  private StatefulRedisConnection<String, byte[]> rawConnection;
  private RedisCommands<String, byte[]> raw;

  @Setup(Level.Trial)
  public void setUp() {
    cache = Cache.builder(byte[].class).backend(URL + "?prefix=" + KEY_PREFIX)
        .serializer("noop://").namespace(NAMESPACE).build();
    rawClient = RedisClient.create(RedisURI.create(URL));
    rawConnection = rawClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    raw = rawConnection.sync();

    keys = new String[KEYS];
    redisKeys = new String[KEYS];
    values = new byte[KEYS][];
    storedBytes = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      redisKeys[i] = KEY_PREFIX + NAMESPACE + ":" + keys[i];
      values[i] = new byte[VALUE_BYTES];
      ThreadLocalRandom.current().nextBytes(values[i]);
      cache.set(keys[i], values[i]);
      storedBytes[i] = raw.get(redisKeys[i]);
      if (storedBytes[i] == null) {
        throw new IllegalStateException("Cachette did not store " + redisKeys[i]);
      }
    }
    keyBatches = new ArrayList<>();
    redisKeyBatches = new ArrayList<>();
    valueBatches = new ArrayList<>();
    storedBatches = new ArrayList<>();
    for (int start = 0; start + BATCH <= KEYS; start += BATCH) {
      List<String> batch = new ArrayList<>();
      String[] redisBatch = new String[BATCH];
      Map<String, byte[]> batchValues = new LinkedHashMap<>();
      Map<String, byte[]> batchStored = new LinkedHashMap<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(keys[start + i]);
        redisBatch[i] = redisKeys[start + i];
        batchValues.put(keys[start + i], values[start + i]);
        batchStored.put(redisKeys[start + i], storedBytes[start + i]);
      }
      keyBatches.add(batch);
      redisKeyBatches.add(redisBatch);
      valueBatches.add(batchValues);
      storedBatches.add(batchStored);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.clear();
    cache.close();
    rawConnection.close();
    rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (KEYS - 1);
    return i;
  }

  private int nextBatchIndex() {
    int i = nextBatch;
    nextBatch = (i + 1) % keyBatches.size();
    return i;
  }

  @Benchmark
  public Object cachetteGet() {
    return cache.get(keys[nextIndex()]);
  }

  @Benchmark
  public Object rawLettuceGet() {
    return raw.get(redisKeys[nextIndex()]);
  }

  @Benchmark
  public boolean cachetteSet() {
    int i = nextIndex();
    return cache.set(keys[i], values[i]);
  }

  @Benchmark
  public Object rawLettuceSet() {
    int i = nextIndex();
    return raw.set(redisKeys[i], storedBytes[i]);
  }

  @Benchmark
  public Object cachetteGetMany100() {
    return cache.getMany(keyBatches.get(nextBatchIndex()));
  }

  @Benchmark
  public List<KeyValue<String, byte[]>> rawLettuceMget100() {
    return raw.mget(redisKeyBatches.get(nextBatchIndex()));
  }

  @Benchmark
  public boolean cachetteSetMany100() {
    return cache.setMany(valueBatches.get(nextBatchIndex()));
  }

  @Benchmark
  public Object rawLettuceMset100() {
    return raw.mset(storedBatches.get(nextBatchIndex()));
  }
}
