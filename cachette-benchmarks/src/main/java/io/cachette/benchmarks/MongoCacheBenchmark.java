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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;
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
 * on {@code mongodb://} (noop serializer, {@code byte[]} values), next to the raw MongoDB sync
 * driver doing what a user would write for the same job: {@code find} by {@code _id}, a replacing
 * upsert, {@code find} with {@code $in}, and an unordered {@code bulkWrite} of upserts, on the
 * same documents with the very bytes Cachette stores (its envelope included). Each side has its
 * own client; one thread. The server is the one named by the environment variable
 * {@code CACHETTE_BENCH_MONGODB} (default {@code mongodb://127.0.0.1:27017}); the benchmark uses
 * the collection {@code cachette_bench.bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MongoCacheBenchmark {
  private static final String NAMESPACE = "bench";
  private static final int KEYS = 1024;
  private static final int BATCH = 100;
  private static final int VALUE_BYTES = 128;

  private String[] keys;
  /** The {@code _id} of each key: namespace and key, as Cachette stores it. */
  private String[] ids;
  private byte[][] values;
  /** The bytes Cachette stores for each value, read back from the server: what the raw side writes. */
  private byte[][] storedBytes;
  private List<List<String>> keyBatches;
  private List<List<String>> idBatches;
  private List<Map<String, byte[]>> valueBatches;
  private List<Map<String, byte[]>> storedBatches;
  private int next;
  private int nextBatch;

  private Cache<byte[]> cache;
  private MongoClient rawClient;
  private MongoCollection<Document> raw;
  private final ReplaceOptions upsert = new ReplaceOptions().upsert(true);

  @Setup(Level.Trial)
  public void setUp() {
    String server = System.getenv().getOrDefault("CACHETTE_BENCH_MONGODB",
        "mongodb://127.0.0.1:27017");
    cache = Cache.builder(byte[].class)
        .backend(server + "/cachette_bench?collection=bench&timeout=10s")
        .serializer("noop://").namespace(NAMESPACE).build();
    rawClient = MongoClients.create(server);
    raw = rawClient.getDatabase("cachette_bench").getCollection("bench");

    keys = new String[KEYS];
    ids = new String[KEYS];
    values = new byte[KEYS][];
    storedBytes = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      ids[i] = NAMESPACE + ":" + keys[i];
      values[i] = new byte[VALUE_BYTES];
      ThreadLocalRandom.current().nextBytes(values[i]);
      cache.set(keys[i], values[i]);
      Document stored = raw.find(Filters.eq("_id", ids[i])).first();
      if (stored == null) {
        throw new IllegalStateException("Cachette did not store " + ids[i]);
      }
      storedBytes[i] = stored.get("value", Binary.class).getData();
    }
    keyBatches = new ArrayList<>();
    idBatches = new ArrayList<>();
    valueBatches = new ArrayList<>();
    storedBatches = new ArrayList<>();
    for (int start = 0; start + BATCH <= KEYS; start += BATCH) {
      List<String> batch = new ArrayList<>();
      List<String> idBatch = new ArrayList<>();
      Map<String, byte[]> batchValues = new LinkedHashMap<>();
      Map<String, byte[]> batchStored = new LinkedHashMap<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(keys[start + i]);
        idBatch.add(ids[start + i]);
        batchValues.put(keys[start + i], values[start + i]);
        batchStored.put(ids[start + i], storedBytes[start + i]);
      }
      keyBatches.add(batch);
      idBatches.add(idBatch);
      valueBatches.add(batchValues);
      storedBatches.add(batchStored);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.clear();
    cache.close();
    rawClient.close();
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
  public Object rawDriverGet() {
    Document found = raw.find(Filters.eq("_id", ids[nextIndex()])).first();
    return found == null ? null : found.get("value", Binary.class).getData();
  }

  @Benchmark
  public boolean cachetteSet() {
    int i = nextIndex();
    return cache.set(keys[i], values[i]);
  }

  @Benchmark
  public Object rawDriverSet() {
    int i = nextIndex();
    return raw.replaceOne(Filters.eq("_id", ids[i]),
        new Document("_id", ids[i]).append("value", new Binary(storedBytes[i])), upsert);
  }

  @Benchmark
  public Object cachetteGetMany100() {
    return cache.getMany(keyBatches.get(nextBatchIndex()));
  }

  @Benchmark
  public Object rawDriverFindIn100() {
    Map<String, byte[]> found = new LinkedHashMap<>();
    for (Document document : raw.find(Filters.in("_id", idBatches.get(nextBatchIndex())))) {
      found.put(document.getString("_id"), document.get("value", Binary.class).getData());
    }
    return found;
  }

  @Benchmark
  public boolean cachetteSetMany100() {
    return cache.setMany(valueBatches.get(nextBatchIndex()));
  }

  @Benchmark
  public Object rawDriverBulkWrite100() {
    List<WriteModel<Document>> upserts = new ArrayList<>(BATCH);
    storedBatches.get(nextBatchIndex()).forEach((id, bytes) -> upserts.add(new ReplaceOneModel<>(
        Filters.eq("_id", id), new Document("_id", id).append("value", new Binary(bytes)),
        upsert)));
    return raw.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
  }
}
