package io.cachette.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.cachette.Cache;
import io.cachette.KeyInfo;
import io.cachette.ValueTooLargeException;
import io.cachette.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code mongodb://} does beyond the shared contract: the document shape, the TTL index,
 * read-time expiry of entries the server has not reaped, one round trip for the batch operations,
 * the 16 MiB limit and the key scan. Each test has a collection of its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MongoBackendTest {
  private final MutableClock clock = new MutableClock();
  private final CommandCounter commands = new CommandCounter();
  private MongoClient client;
  private MongoCollection<Document> raw;
  private MongoBackend backend;

  @BeforeEach
  void open() {
    client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(TestMongo.baseUrl()))
        .addCommandListener(commands).build());
    String collection = "behaviour_" + UUID.randomUUID().toString().substring(0, 8);
    raw = client.getDatabase(TestMongo.DATABASE).getCollection(collection);
    backend = MongoBackend.builder(client, TestMongo.DATABASE).collection(collection).clock(clock)
        .build();
  }

  @AfterEach
  void close() {
    backend.close();
    raw.drop();
    client.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEntryIsOneDocumentWithTheKeyTheBytesAndTheExpiry() {
    backend.set("k:ttl", bytes("v1"), Duration.ofSeconds(90));
    backend.set("k:forever", bytes("v2"), null);

    Document withTtl = raw.find(Filters.eq("_id", "k:ttl")).first();
    assertThat(withTtl).isNotNull();
    assertThat(withTtl.keySet()).containsExactly("_id", "value", "expiresAt");
    assertThat(withTtl.get("value", Binary.class).getData()).isEqualTo(bytes("v1"));
    assertThat(withTtl.getDate("expiresAt"))
        .isEqualTo(new Date(clock.millis() + Duration.ofSeconds(90).toMillis()));
    Document forever = raw.find(Filters.eq("_id", "k:forever")).first();
    assertThat(forever).isNotNull();
    assertThat(forever.keySet()).containsExactly("_id", "value");
  }

  @Test
  void theTtlIndexIsCreatedOnFirstUseAndOnlyOnce() {
    assertThat(commands.count("createIndexes")).isZero();
    for (int i = 0; i < 5; i++) {
      backend.set("k" + i, bytes("v"), Duration.ofMinutes(1));
      backend.get("k" + i);
      backend.exists("k" + i);
    }
    backend.getMany(List.of("k1", "k2"));
    assertThat(commands.count("createIndexes")).isEqualTo(1);

    Document ttlIndex = null;
    for (Document index : raw.listIndexes()) {
      if (MongoBackend.TTL_INDEX.equals(index.getString("name"))) {
        ttlIndex = index;
      }
    }
    assertThat(ttlIndex).as("the TTL index").isNotNull();
    assertThat(ttlIndex.get("key", Document.class)).isEqualTo(new Document("expiresAt", 1));
    assertThat(((Number) ttlIndex.get("expireAfterSeconds")).longValue()).isZero();
  }

  @Test
  void createIndexFalseCreatesNoIndex() {
    try (MongoBackend plain = MongoBackend.builder(client, TestMongo.DATABASE)
        .collection(raw.getNamespace().getCollectionName()).createIndex(false).build()) {
      plain.set("a", bytes("v"), Duration.ofMinutes(1));
      assertThat(plain.get("a")).isEqualTo(bytes("v"));
    }
    assertThat(commands.count("createIndexes")).isZero();
  }

  @Test
  void anExpiredEntryThatTheServerStillHoldsReadsAsAbsentEverywhere() {
    backend.set("ns:gone", bytes("old"), Duration.ofSeconds(5));
    backend.set("ns:kept", bytes("new"), null);
    clock.advance(Duration.ofSeconds(6));

    // The server has not removed it (its TTL monitor follows its own clock, about once a minute).
    assertThat(raw.countDocuments(Filters.eq("_id", "ns:gone"))).isEqualTo(1);
    assertThat(backend.get("ns:gone")).isNull();
    assertThat(backend.exists("ns:gone")).isFalse();
    assertThat(backend.getMany(List.of("ns:gone", "ns:kept"))).containsOnlyKeys("ns:kept");
    assertThat(backend.expireIn("ns:gone", Duration.ofMinutes(1))).isFalse();
    try (Stream<KeyInfo> keys = backend.scan("ns:")) {
      assertThat(keys.map(KeyInfo::key)).containsExactly("ns:kept");
    }
    assertThat(backend.delete("ns:gone")).isFalse();
    assertThat(raw.countDocuments(Filters.eq("_id", "ns:gone"))).isZero();
  }

  @Test
  void setIfAbsentOverAnExpiredHolderHasExactlyOneWinnerAmongEightThreads() throws Exception {
    int keys = 30;
    for (int k = 0; k < keys; k++) {
      backend.set("race" + k, bytes("expired"), Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofSeconds(2));
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger[] wins = new AtomicInteger[keys];
    Arrays.setAll(wins, i -> new AtomicInteger());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String value = "t" + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int k = 0; k < keys; k++) {
            if (backend.setIfAbsent("race" + k, bytes(value), null)) {
              wins[k].incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int k = 0; k < keys; k++) {
      assertThat(wins[k].get()).as("winners for race" + k).isEqualTo(1);
      assertThat(new String((byte[]) backend.get("race" + k), StandardCharsets.UTF_8))
          .startsWith("t");
    }
  }

  @Test
  void getManyIsOneQueryAndSetManyIsOneBulkWrite() {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (int i = 0; i < 150; i++) {
      entries.put("m" + i, bytes("v" + i));
    }
    backend.exists("warm-up"); // creates the index
    commands.reset();

    backend.setMany(entries, Duration.ofMinutes(5));
    assertThat(commands.total()).as("commands of setMany").isEqualTo(1);
    assertThat(commands.count("update")).isEqualTo(1);

    commands.reset();
    Map<String, Object> found = backend.getMany(new ArrayList<>(entries.keySet()));
    assertThat(found).hasSize(150);
    assertThat(commands.total()).as("commands of getMany").isEqualTo(1);
    assertThat(commands.count("find")).isEqualTo(1);
  }

  @Test
  void deleteManyCountsOnlyLiveEntriesInOneCommand() {
    backend.set("d:1", bytes("a"), null);
    backend.set("d:2", bytes("b"), Duration.ofSeconds(1));
    backend.set("d:3", bytes("c"), Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(2));
    commands.reset();
    assertThat(backend.deleteMany(List.of("d:1", "d:2", "d:3", "d:4", "d:1"))).isEqualTo(2);
    assertThat(commands.total()).isEqualTo(1);
    assertThat(backend.getMany(List.of("d:1", "d:2", "d:3"))).isEmpty();
  }

  @Test
  void clearRemovesThePrefixRangeAndNeverDropsTheCollection() {
    raw.insertOne(new Document("_id", "someone-else").append("data", 1));
    backend.set("users:1", bytes("a"), null);
    backend.set("users:2", bytes("b"), Duration.ofMinutes(1));
    backend.set("users;", bytes("next to the range"), null);
    backend.set("users", bytes("shorter"), null);

    assertThat(backend.clear("users:")).isEqualTo(2);

    assertThat(commands.count("drop")).isZero();
    assertThat(raw.countDocuments(Filters.eq("_id", "someone-else"))).isEqualTo(1);
    assertThat(backend.get("users;")).isEqualTo(bytes("next to the range"));
    assertThat(backend.get("users")).isEqualTo(bytes("shorter"));
    assertThatThrownBy(() -> backend.clear("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty prefix");
  }

  @Test
  void scanListsLiveKeysUnderThePrefixInOrderWithTheirTimeLeft() {
    Map<String, Object> many = new LinkedHashMap<>();
    for (int i = 0; i < 1200; i++) {
      many.put(String.format("page:%04d", i), bytes("v"));
    }
    backend.setMany(many, null);
    backend.set("ttl:a", bytes("v"), Duration.ofSeconds(30));
    backend.set("ttl:b", bytes("v"), null);
    backend.set("ttl:c", bytes("v"), Duration.ofSeconds(1));
    backend.set("ttm", bytes("v"), null);
    clock.advance(Duration.ofSeconds(2));

    try (Stream<KeyInfo> keys = backend.scan("ttl:")) {
      assertThat(keys).containsExactly(new KeyInfo("ttl:a", Duration.ofSeconds(28)),
          new KeyInfo("ttl:b", null));
    }
    try (Stream<KeyInfo> keys = backend.scan("page:")) {
      assertThat(keys.map(KeyInfo::key)).containsExactlyElementsOf(many.keySet());
    }
    try (Stream<KeyInfo> keys = backend.scan("")) {
      assertThat(keys.count()).isEqualTo(1200 + 3);
    }
  }

  @Test
  void aValueOverSixteenMebibytesIsRefusedNamingGridFs() {
    byte[] oversize = new byte[17 * 1024 * 1024];
    assertThatThrownBy(() -> backend.set("big", oversize, null))
        .isInstanceOf(ValueTooLargeException.class).hasMessageContaining("gridfs://");
    assertThat(raw.countDocuments()).isZero();

    try (Cache<byte[]> cache = Cache.builder(byte[].class).backend(backend).build()) {
      assertThatThrownBy(() -> cache.set("big", oversize))
          .isInstanceOf(ValueTooLargeException.class).hasMessageContaining("gridfs://");
    }
    assertThat(raw.countDocuments()).isZero();
  }

  @Test
  void aValueJustUnderTheLimitIsStored() {
    byte[] largest = new byte[(int) backend.maxValueBytes()];
    Arrays.fill(largest, (byte) 7);
    backend.set("k".repeat(Documents.MAX_KEY_BYTES), largest, Duration.ofMinutes(1));
    assertThat((byte[]) backend.get("k".repeat(Documents.MAX_KEY_BYTES))).isEqualTo(largest);
  }

  @Test
  void aKeyOverEightKibibytesIsRefused() {
    assertThatThrownBy(() -> backend.get("k".repeat(Documents.MAX_KEY_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8192 bytes");
    assertThatThrownBy(() -> backend.set("é".repeat(Documents.MAX_KEY_BYTES / 2 + 1),
        bytes("v"), null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCacheOnTheBackendWorksEndToEnd() {
    try (Cache<String> cache = Cache.builder(String.class).backend(backend).namespace("users")
        .defaultTtl(Duration.ofMinutes(5)).build()) {
      assertThat(cache.set("42", "Ada")).isTrue();
      assertThat(cache.get("42")).contains("Ada");
      assertThat(cache.setIfAbsent("42", "Grace")).isFalse();
      assertThat(cache.keys().map(KeyInfo::key).toList()).containsExactly("42");
      cache.clear();
      assertThat(cache.get("42")).isEmpty();
    }
  }

  @Test
  void theBuilderRefusesAnOptionGivenTwiceNamingTheOldValue() {
    MongoBackend.Builder builder = MongoBackend.builder(client, "db").collection("first");
    assertThatThrownBy(() -> builder.collection("second"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("first");
    builder.asyncThreads(4);
    assertThatThrownBy(() -> builder.executor(Runnable::run))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("asyncThreads");
    assertThatThrownBy(() -> builder.asyncThreads(5))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("4");
    assertThatThrownBy(() -> MongoBackend.builder(client, "bad.name"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database name");
    assertThatThrownBy(() -> MongoBackend.builder(client, "db").collection("a$b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collection");
    assertThat(builder.toString()).contains("collection=first", "4 threads");
  }
}
