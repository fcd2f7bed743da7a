package io.cachette.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.cachette.Cache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * A companion to {@link MongoCacheBenchmark} for busy machines: each iteration runs the raw
 * driver call and the same Cachette call back to back (each going first every other time), so that
 * both see the same load, and
 * prints the median time of each and their ratio (as {@link RedisPairedCheck} does for Redis).
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.MongoPairedCheck [iterations]} with the server named by
 * {@code CACHETTE_BENCH_MONGODB} (default {@code mongodb://127.0.0.1:27017}; collection
 * {@code cachette_bench.paired}).
 */
public final class MongoPairedCheck {
  private static final int BATCH = 100;

  private MongoPairedCheck() {}

  /** Runs the paired calls and prints the medians. */
  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    String server = System.getenv().getOrDefault("CACHETTE_BENCH_MONGODB",
        "mongodb://127.0.0.1:27017");
    Cache<byte[]> cache = Cache.builder(byte[].class)
        .backend(server + "/cachette_bench?collection=paired&timeout=10s")
        .serializer("noop://").namespace("bench").build();
    MongoClient client = MongoClients.create(server);
    MongoCollection<Document> raw = client.getDatabase("cachette_bench").getCollection("paired");
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    try {
      List<String> keys = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      Map<String, byte[]> values = new LinkedHashMap<>();
      Map<String, byte[]> stored = new LinkedHashMap<>();
      Random random = new Random(42);
      for (int i = 0; i < BATCH; i++) {
        byte[] value = new byte[128];
        random.nextBytes(value);
        keys.add("user-" + i);
        values.put(keys.get(i), value);
        cache.set(keys.get(i), value);
        ids.add("bench:" + keys.get(i));
        stored.put(ids.get(i), raw.find(Filters.eq("_id", ids.get(i))).first()
            .get("value", Binary.class).getData());
      }
      String[] names = {"get", "set", "getMany(100)", "setMany(100)"};
      int[] index = new int[1];
      Runnable[] rawCalls = {
          () -> raw.find(Filters.eq("_id", ids.get(index[0]))).first()
              .get("value", Binary.class).getData(),
          () -> raw.replaceOne(Filters.eq("_id", ids.get(index[0])),
              new Document("_id", ids.get(index[0]))
                  .append("value", new Binary(stored.get(ids.get(index[0])))), upsert),
          () -> {
            Map<String, byte[]> many = new LinkedHashMap<>();
            for (Document document : raw.find(Filters.in("_id", ids))) {
              many.put(document.getString("_id"), document.get("value", Binary.class).getData());
            }
          },
          () -> {
            List<WriteModel<Document>> upserts = new ArrayList<>(BATCH);
            stored.forEach((rawId, bytes) -> upserts.add(new ReplaceOneModel<>(
                Filters.eq("_id", rawId), new Document("_id", rawId).append("value",
                new Binary(bytes)), upsert)));
            raw.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
          }};
      Runnable[] cachetteCalls = {
          () -> cache.get(keys.get(index[0])),
          () -> cache.set(keys.get(index[0]), values.get(keys.get(index[0]))),
          () -> cache.getMany(keys),
          () -> cache.setMany(values)};
      long[][] rawNanos = new long[4][iterations];
      long[][] cachetteNanos = new long[4][iterations];
      for (int i = 0; i < iterations; i++) {
        index[0] = i % BATCH;
        // Each side goes first every other time, so neither always follows the heavier call.
        boolean rawFirst = i % 2 == 0;
        for (int op = 0; op < names.length; op++) {
          long t0 = System.nanoTime();
          (rawFirst ? rawCalls : cachetteCalls)[op].run();
          long t1 = System.nanoTime();
          (rawFirst ? cachetteCalls : rawCalls)[op].run();
          long t2 = System.nanoTime();
          (rawFirst ? rawNanos : cachetteNanos)[op][i] = t1 - t0;
          (rawFirst ? cachetteNanos : rawNanos)[op][i] = t2 - t1;
        }
      }
      for (int op = 0; op < names.length; op++) {
        double rawMicros = medianAfterWarmup(rawNanos[op]) / 1e3;
        double cachetteMicros = medianAfterWarmup(cachetteNanos[op]) / 1e3;
        System.out.printf("%-13s raw driver %8.1f us   Cachette %8.1f us   Cachette/raw throughput"
            + " %.2f%n", names[op], rawMicros, cachetteMicros, rawMicros / cachetteMicros);
      }
      cache.clear();
    } finally {
      cache.close();
      client.close();
    }
  }

  /** The median of the last three quarters (the first quarter warms the JIT up). */
  private static double medianAfterWarmup(long[] nanos) {
    long[] measured = Arrays.copyOfRange(nanos, nanos.length / 4, nanos.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }
}
