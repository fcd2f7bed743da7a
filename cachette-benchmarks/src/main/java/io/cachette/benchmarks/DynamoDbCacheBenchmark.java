package io.cachette.benchmarks;

import io.cachette.Cache;
import java.net.URI;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * {@code Cache.get} / {@code set} / {@code getMany(100)} through Cachette on {@code dynamodb://}
 * (noop serializer, {@code byte[]} values), next to the raw SDK ({@code DynamoDbAsyncClient} with
 * the same CRT HTTP client, waited for with {@code join()}): GetItem, PutItem and BatchGetItem of
 * 100 keys, consistent reads on both sides, the same items with the very bytes Cachette stores
 * (its envelope included). One thread; each side has its own client.
 *
 * <p>Needs a DynamoDB API server at {@code CACHETTE_DYNAMODB_ENDPOINT} (default
 * {@code http://127.0.0.1:4567}, dynalite's port: {@code node .tools/dynalite/node_modules/
 * dynalite/cli.js --port 4567}); uses table {@code cachette-bench}, created if missing. Without
 * credentials in the environment it signs with dummy keys (dynalite checks none).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DynamoDbCacheBenchmark {
  private static final String TABLE = "cachette-bench";
  private static final String NAMESPACE = "bench";
  private static final int KEYS = 1024;
  private static final int BATCH = 100;
  private static final int VALUE_BYTES = 128;

  private String[] keys;
  private List<Map<String, AttributeValue>> itemKeys;
  private byte[][] values;
  /** The item Cachette stores for each value, read back from the table: what the raw side puts. */
  private List<Map<String, AttributeValue>> storedItems;
  private List<List<String>> keyBatches;
  private List<KeysAndAttributes> rawBatches;
  private int next;
  private int nextBatch;

  private Cache<byte[]> cache;
  private DynamoDbAsyncClient raw;

  @Setup(Level.Trial)
  public void setUp() {
    String endpoint = System.getenv().getOrDefault("CACHETTE_DYNAMODB_ENDPOINT",
        "http://127.0.0.1:4567");
    if (System.getenv("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "cachette-bench");
      System.setProperty("aws.secretAccessKey", "cachette-bench");
    }
    cache = Cache.builder(byte[].class)
        .backend("dynamodb://" + TABLE + "?region=us-east-1&create-table=true&endpoint=" + endpoint)
        .serializer("noop://").namespace(NAMESPACE).build();
    raw = DynamoDbAsyncClient.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create(endpoint)).build();

    keys = new String[KEYS];
    itemKeys = new ArrayList<>(KEYS);
    values = new byte[KEYS][];
    storedItems = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      itemKeys.add(Map.of("key", AttributeValue.fromS(NAMESPACE + ":" + keys[i])));
      values[i] = new byte[VALUE_BYTES];
      ThreadLocalRandom.current().nextBytes(values[i]);
      cache.set(keys[i], values[i]);
      Map<String, AttributeValue> key = itemKeys.get(i);
      Map<String, AttributeValue> stored =
          raw.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true)).join().item();
      storedItems.add(stored);
      if (stored == null || stored.isEmpty()) {
        throw new IllegalStateException("Cachette did not store " + keys[i]);
      }
    }
    keyBatches = new ArrayList<>();
    rawBatches = new ArrayList<>();
    for (int start = 0; start + BATCH <= KEYS; start += BATCH) {
      List<String> batch = new ArrayList<>();
      List<Map<String, AttributeValue>> rawKeys = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(keys[start + i]);
        rawKeys.add(itemKeys.get(start + i));
      }
      keyBatches.add(batch);
      rawBatches.add(KeysAndAttributes.builder().keys(rawKeys).consistentRead(true).build());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.clear();
    cache.close();
    raw.close();
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
  public GetItemResponse rawGetItem() {
    Map<String, AttributeValue> key = itemKeys.get(nextIndex());
    return raw.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true)).join();
  }

  @Benchmark
  public boolean cachetteSet() {
    int i = nextIndex();
    return cache.set(keys[i], values[i]);
  }

  @Benchmark
  public PutItemResponse rawPutItem() {
    Map<String, AttributeValue> item = storedItems.get(nextIndex());
    return raw.putItem(b -> b.tableName(TABLE).item(item)).join();
  }

  @Benchmark
  public Object cachetteGetMany100() {
    return cache.getMany(keyBatches.get(nextBatchIndex()));
  }

  @Benchmark
  public Object rawBatchGetItem100() {
    KeysAndAttributes batch = rawBatches.get(nextBatchIndex());
    // Like Cachette, ask again for what the server left unprocessed (dynalite leaves nothing).
    List<Map<String, AttributeValue>> found = new ArrayList<>(BATCH);
    KeysAndAttributes left = batch;
    while (left != null && !left.keys().isEmpty()) {
      KeysAndAttributes ask = left;
      BatchGetItemResponse response = raw.batchGetItem(b -> b.requestItems(Map.of(TABLE, ask)))
          .join();
      found.addAll(response.responses().getOrDefault(TABLE, List.of()));
      left = response.unprocessedKeys().get(TABLE);
    }
    Map<String, byte[]> values = new LinkedHashMap<>(found.size() * 2);
    for (Map<String, AttributeValue> item : found) {
      SdkBytes value = item.get("value").b();
      values.put(item.get("key").s(), value.asByteArrayUnsafe());
    }
    return values;
  }
}
