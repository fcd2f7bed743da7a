package io.cachette.benchmarks;

import io.cachette.Cache;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * A companion to {@link DynamoDbCacheBenchmark} for busy machines and a noisy server: each
 * iteration runs the raw SDK request and the same Cachette call back to back (in turn first), so
 * that both see the same load, and prints the median time of each and their ratio.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.DynamoDbPairedCheck [iterations]} with a DynamoDB API server at
 * {@code CACHETTE_DYNAMODB_ENDPOINT} (default {@code http://127.0.0.1:4567}, dynalite's port).
 */
public final class DynamoDbPairedCheck {
  private static final String TABLE = "cachette-paired";
  private static final int BATCH = 100;

  private DynamoDbPairedCheck() {}

  /** Runs the paired calls and prints the medians. */
  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    String endpoint = System.getenv().getOrDefault("CACHETTE_DYNAMODB_ENDPOINT",
        "http://127.0.0.1:4567");
    if (System.getenv("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "cachette-bench");
      System.setProperty("aws.secretAccessKey", "cachette-bench");
    }
    Cache<byte[]> cache = Cache.builder(byte[].class)
        .backend("dynamodb://" + TABLE + "?region=us-east-1&create-table=true&endpoint=" + endpoint)
        .serializer("noop://").namespace("bench").build();
    DynamoDbAsyncClient raw = DynamoDbAsyncClient.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create(endpoint)).build();
    try {
      List<String> keys = new ArrayList<>();
      List<Map<String, AttributeValue>> rawKeys = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      List<Map<String, AttributeValue>> stored = new ArrayList<>();
      Random random = new Random(42);
      for (int i = 0; i < BATCH; i++) {
        byte[] value = new byte[128];
        random.nextBytes(value);
        keys.add("user-" + i);
        values.add(value);
        cache.set(keys.get(i), value);
        Map<String, AttributeValue> key = Map.of("key", AttributeValue.fromS("bench:user-" + i));
        rawKeys.add(key);
        stored.add(raw.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true))
            .join().item());
      }
      KeysAndAttributes batch = KeysAndAttributes.builder().keys(rawKeys).consistentRead(true)
          .build();
      String[] names = {"get", "set", "getMany(100)"};
      long[][] rawNanos = new long[3][iterations];
      long[][] cachetteNanos = new long[3][iterations];
      for (int i = 0; i < iterations; i++) {
        int k = i % BATCH;
        Map<String, AttributeValue> rawKey = rawKeys.get(k);
        Map<String, AttributeValue> item = stored.get(k);
        Runnable[] rawCalls = {
            () -> raw.getItem(b -> b.tableName(TABLE).key(rawKey).consistentRead(true)).join(),
            () -> raw.putItem(b -> b.tableName(TABLE).item(item)).join(),
            () -> raw.batchGetItem(b -> b.requestItems(Map.of(TABLE, batch))).join()};
        Runnable[] cachetteCalls = {
            () -> cache.get(keys.get(k)),
            () -> cache.set(keys.get(k), values.get(k)),
            () -> cache.getMany(keys)};
        for (int op = 0; op < names.length; op++) {
          // Every other iteration Cachette goes first, so that neither side always follows the
          // other's request (the server may still be busy with it).
          boolean rawFirst = i % 2 == 0;
          long first = time(rawFirst ? rawCalls[op] : cachetteCalls[op]);
          long second = time(rawFirst ? cachetteCalls[op] : rawCalls[op]);
          rawNanos[op][i] = rawFirst ? first : second;
          cachetteNanos[op][i] = rawFirst ? second : first;
        }
      }
      for (int op = 0; op < names.length; op++) {
        double rawMicros = medianAfterWarmup(rawNanos[op]) / 1e3;
        double cachetteMicros = medianAfterWarmup(cachetteNanos[op]) / 1e3;
        System.out.printf("%-13s raw SDK %8.1f us   Cachette %8.1f us   Cachette/raw throughput %.2f%n",
            names[op], rawMicros, cachetteMicros, rawMicros / cachetteMicros);
      }
      cache.clear();
    } finally {
      cache.close();
      raw.close();
    }
  }

  private static long time(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return System.nanoTime() - start;
  }

  /** The median of the last three quarters (the first quarter warms the JIT up). */
  private static double medianAfterWarmup(long[] nanos) {
    long[] measured = Arrays.copyOfRange(nanos, nanos.length / 4, nanos.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }
}
