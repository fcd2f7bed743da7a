package io.cachette.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.cachette.Cache;
import io.cachette.KeyInfo;
import io.cachette.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code gridfs://} does beyond the shared contract: values of tens of megabytes, the
 * layout in the bucket, a replace that readers see whole (values of many chunks), one winner of
 * {@code setIfAbsent} with the losers' uploads removed, and the removal of expired entries with
 * their files. Each test has a bucket of its own.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GridFsBackendTest {
  private final MutableClock clock = new MutableClock();
  private MongoClient client;
  private MongoDatabase database;
  private String bucket;
  private GridFsBackend backend;

  @BeforeEach
  void open() {
    client = TestMongo.client();
    database = client.getDatabase(TestMongo.DATABASE);
    bucket = "gridfs_" + UUID.randomUUID().toString().substring(0, 8);
    backend = GridFsBackend.builder(client, TestMongo.DATABASE).bucket(bucket).clock(clock)
        .build();
  }

  @AfterEach
  void close() {
    backend.close();
    for (String suffix : List.of(".files", ".chunks", ".entries")) {
      database.getCollection(bucket + suffix).drop();
    }
    client.close();
  }

  private MongoCollection<Document> files() {
    return database.getCollection(bucket + ".files");
  }

  private MongoCollection<Document> chunks() {
    return database.getCollection(bucket + ".chunks");
  }

  private static byte[] filled(int size, int seed) {
    byte[] value = new byte[size];
    for (int i = 0; i < size; i++) {
      value[i] = (byte) (i * 31 + seed);
    }
    return value;
  }

  @Test
  void aTwentyMegabyteValueRoundTripsThroughACache() {
    byte[] big = filled(20 * 1024 * 1024, 3);
    assertThat(backend.maxValueBytes()).isEqualTo(Long.MAX_VALUE);
    try (Cache<byte[]> cache = Cache.builder(byte[].class).backend(backend).namespace("big")
        .serializer("noop://").build()) {
      assertThat(cache.set("page", big)).isTrue();
      assertThat(cache.get("page")).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
    }
    assertThat(chunks().countDocuments()).isGreaterThan(20);
  }

  @Test
  void eachValueIsAGridFsFileNamedByItsKeyAndAReplacedFileIsRemoved() {
    backend.set("k", filled(600_000, 1), Duration.ofMinutes(1));
    backend.set("k", filled(600_000, 2), null);
    backend.set("k", filled(700_000, 3), Duration.ofMinutes(2));

    assertThat(files().countDocuments()).isEqualTo(1);
    Document file = files().find().first();
    assertThat(file.getString("filename")).isEqualTo("k");
    assertThat(file.getLong("length")).isEqualTo(700_000L);
    Document metadata = file.get("metadata", Document.class);
    assertThat(metadata.getString("key")).isEqualTo("k");
    assertThat(metadata.getDate("expiresAt").getTime())
        .isEqualTo(clock.millis() + Duration.ofMinutes(2).toMillis());
    Document entry = database.getCollection(bucket + ".entries").find().first();
    assertThat(entry.getString("_id")).isEqualTo("k");
    assertThat(entry.getObjectId("file")).isEqualTo(file.getObjectId("_id"));
    assertThat(chunks().countDocuments(Filters.ne("files_id", file.getObjectId("_id")))).isZero();
    assertThat(backend.get("k")).isEqualTo(filled(700_000, 3));
  }

  @Test
  void readersSeeAWholeOldOrNewValueWhileValuesOfManyChunksAreReplaced() throws Exception {
    byte[] a = filled(800_000, 1);
    byte[] b = filled(800_000, 2);
    backend.set("torn", a, null);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = pool.submit(() -> {
        for (int i = 0; i < 30 && !stop.get(); i++) {
          backend.set("torn", i % 2 == 0 ? b : a, null);
        }
        return null;
      });
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          while (!writer.isDone()) {
            byte[] seen = backend.get("torn");
            assertThat(seen).as("a value while it is replaced").isNotNull();
            assertThat(Arrays.equals(seen, a) || Arrays.equals(seen, b)).as("a torn read")
                .isTrue();
          }
          return null;
        }));
      }
      writer.get(120, TimeUnit.SECONDS);
      for (Future<?> reader : readers) {
        reader.get(120, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
    assertThat(files().countDocuments()).isEqualTo(1);
  }

  @Test
  void concurrentSetIfAbsentHasOneWinnerAndLeavesNoStrayFiles() throws Exception {
    int threads = 8;
    int keys = 10;
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger[] wins = new AtomicInteger[keys];
    Arrays.setAll(wins, i -> new AtomicInteger());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        byte[] value = filled(300_000, t);
        done.add(pool.submit(() -> {
          start.await();
          for (int k = 0; k < keys; k++) {
            if (backend.setIfAbsent("race" + k, value, null)) {
              wins[k].incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int k = 0; k < keys; k++) {
      assertThat(wins[k].get()).as("winners for race" + k).isEqualTo(1);
    }
    assertThat(files().countDocuments()).isEqualTo(keys);
  }

  @Test
  void expiredEntriesReadAsAbsentAndAreRemovedWithTheirFiles() {
    backend.set("e:1", filled(1000, 1), Duration.ofSeconds(5));
    backend.set("e:2", filled(1000, 2), Duration.ofSeconds(5));
    backend.set("e:3", filled(1000, 3), Duration.ofSeconds(5));
    backend.set("keep", filled(1000, 4), null);
    clock.advance(Duration.ofSeconds(6));

    assertThat(backend.exists("e:1")).isFalse();
    assertThat(backend.getMany(List.of("e:1", "e:2", "keep"))).containsOnlyKeys("keep");
    try (Stream<KeyInfo> keys = backend.scan("")) {
      assertThat(keys.map(KeyInfo::key)).containsExactly("keep");
    }
    assertThat(files().countDocuments()).isEqualTo(4);
    assertThat(backend.get("e:1")).isNull(); // a get that meets an expired entry removes it
    assertThat(files().countDocuments()).isEqualTo(3);
    assertThat(backend.removeExpired()).isEqualTo(2);
    assertThat(files().countDocuments()).isEqualTo(1);
    assertThat(chunks().countDocuments()).isEqualTo(1);
  }

  @Test
  void scanListsLiveKeysUnderThePrefixInOrderWithTheirTimeLeft() {
    backend.set("p:b", filled(10, 1), Duration.ofSeconds(30));
    backend.set("p:a", filled(10, 2), null);
    backend.set("p:c", filled(10, 3), Duration.ofSeconds(1));
    backend.set("p;", filled(10, 4), null);
    backend.set("q:a", filled(10, 5), null);
    clock.advance(Duration.ofSeconds(2));
    try (Stream<KeyInfo> keys = backend.scan("p:")) {
      assertThat(keys).containsExactly(new KeyInfo("p:a", null),
          new KeyInfo("p:b", Duration.ofSeconds(28)));
    }
  }

  @Test
  void getManyReadsEachLiveValueWhole() {
    backend.set("m:1", filled(600_000, 1), null);
    backend.set("m:2", filled(10, 2), Duration.ofSeconds(1));
    backend.set("m:3", filled(300_000, 3), Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(2));
    var found = backend.getMany(List.of("m:1", "m:2", "m:3", "m:4"));
    assertThat(found).containsOnlyKeys("m:1", "m:3");
    assertThat((byte[]) found.get("m:1")).isEqualTo(filled(600_000, 1));
    assertThat((byte[]) found.get("m:3")).isEqualTo(filled(300_000, 3));
  }

  @Test
  void expireInMovesTheEntryAndTheFileMetadata() {
    backend.set("k", filled(10, 1), null);
    assertThat(backend.expireIn("k", Duration.ofSeconds(30))).isTrue();
    Document file = files().find().first();
    assertThat(file.get("metadata", Document.class).getDate("expiresAt").getTime())
        .isEqualTo(clock.millis() + 30_000);
    clock.advance(Duration.ofSeconds(31));
    assertThat(backend.get("k")).isNull();
  }

  @Test
  void clearRemovesTheEntriesAndFilesOfThePrefixOnly() {
    for (int i = 0; i < 30; i++) {
      backend.set("a:" + i, filled(100, i), null);
    }
    backend.set("a;", filled(100, 1), null);
    backend.set("b:1", filled(100, 1), null);
    assertThat(backend.clear("a:")).isEqualTo(30);
    assertThat(files().distinct("filename", String.class).into(new java.util.HashSet<>()))
        .isEqualTo(Set.of("a;", "b:1"));
  }
}
