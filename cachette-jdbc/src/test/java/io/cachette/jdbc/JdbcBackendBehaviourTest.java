package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.BackendClosedException;
import io.cachette.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC backend promises beyond the shared conformance suite, run against each database:
 * SQL edge cases (long and look-alike keys, wildcard prefixes), the expiry column, transactions,
 * the table lifecycle, and the async executor.
 */
abstract class JdbcBackendBehaviourTest {
  final MutableClock clock = new MutableClock();
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A builder on a store whose table {@link #table()} is empty or absent. */
  abstract JdbcBackendBuilder builder();

  /** The table the builder uses, distinct per test class. */
  abstract String table();

  /** A plain connection to the same database, for looking under the backend. */
  abstract Connection raw() throws SQLException;

  /** Quotes a column name the way the database wants. */
  abstract String quote(String column);

  /** Installs a trigger that makes inserting {@code key} fail inside the database. */
  abstract void failInsertsOf(Statement statement, String key) throws SQLException;

  JdbcBackend backend() {
    JdbcBackend backend = builder().clock(clock).build();
    opened.add(backend);
    return backend;
  }

  <T extends AutoCloseable> T closeLater(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private long rawCount() throws SQLException {
    try (Connection connection = raw(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table())) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void storesAnyBytesIncludingEmptyAndEveryByteValue() {
    JdbcBackend backend = backend();
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    backend.set("all", all, null);
    backend.set("empty", new byte[0], null);

    assertThat((byte[]) backend.get("all")).isEqualTo(all);
    assertThat((byte[]) backend.get("empty")).isEmpty();
    assertThat(backend.getMany(List.of("all", "empty", "none"))).containsOnlyKeys("all", "empty");
  }

  @Test
  void keysOf1024Utf8BytesWorkAndLongerOnesAreRefused() {
    JdbcBackend backend = backend();
    String ascii = "k".repeat(1024);
    // 2-, 3- and 4-byte characters, 1024 bytes in all.
    String mixed = "é".repeat(100) + "€".repeat(100) + "😀".repeat(100) + "x".repeat(124);
    assertThat(mixed.getBytes(StandardCharsets.UTF_8)).hasSize(1024);

    backend.set(ascii, bytes("a"), null);
    backend.setMany(Map.of(mixed, bytes("m")), null);

    assertThat((byte[]) backend.get(ascii)).isEqualTo(bytes("a"));
    assertThat(backend.getMany(List.of(ascii, mixed))).containsOnlyKeys(ascii, mixed);
    assertThat(backend.setIfAbsent(mixed, bytes("other"), null)).isFalse();
    assertThat(backend.expireIn(ascii, Duration.ofMinutes(1))).isTrue();
    assertThat(backend.delete(mixed)).isTrue();
    assertThat(backend.clear("k".repeat(1000))).isEqualTo(1);

    String tooLong = "k".repeat(1025);
    assertThatThrownBy(() -> backend.set(tooLong, bytes("a"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024 UTF-8 bytes");
    assertThatThrownBy(() -> backend.get("é".repeat(513)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash long keys");
  }

  @Test
  void keysAreExactCaseSpacesAndNormalizationIncluded() {
    JdbcBackend backend = backend();
    List<String> lookAlikes = List.of("key", "KEY", "Key", "key ", "caf\u00e9", "cafe\u0301");
    for (String key : lookAlikes) {
      assertThat(backend.setIfAbsent(key, bytes(key), null)).as(key).isTrue();
    }
    for (String key : lookAlikes) {
      assertThat((byte[]) backend.get(key)).as(key).isEqualTo(bytes(key));
    }
    assertThat(backend.getMany(lookAlikes)).containsOnlyKeys(lookAlikes);
  }

  @Test
  void clearTakesWildcardsAndEscapesLiterally() {
    JdbcBackend backend = backend();
    List<String> keys = List.of("a%b:1", "a_b:1", "axb:1", "a\\b:1", "a%b", "a%c:1", "b:1");
    keys.forEach(k -> backend.set(k, bytes(k), null));

    assertThat(backend.clear("a%b:")).isEqualTo(1);
    assertThat(backend.clear("a_b:")).isEqualTo(1);
    assertThat(backend.clear("a\\")).isEqualTo(1);

    assertThat(backend.getMany(keys)).containsOnlyKeys("axb:1", "a%b", "a%c:1", "b:1");
  }

  @Test
  void clearHandlesPrefixesEndingInTheLastCodePoint() {
    JdbcBackend backend = backend();
    String top = new String(Character.toChars(Character.MAX_CODE_POINT));
    backend.set("p" + top + "1", bytes("in"), null);
    backend.set("p" + top + top, bytes("in"), null);
    backend.set("q", bytes("out"), null);
    backend.set("p", bytes("out"), null);

    assertThat(backend.clear("p" + top)).isEqualTo(2);
    assertThat(backend.getMany(List.of("q", "p"))).containsOnlyKeys("q", "p");
  }

  /** The keys a scan lists, in the order listed; fails when one is listed twice. */
  static List<String> scanned(JdbcBackend backend, String prefix) {
    try (Stream<KeyInfo> keys = backend.scan(prefix)) {
      List<String> listed = keys.map(KeyInfo::key).toList();
      assertThat(listed).doesNotHaveDuplicates();
      return listed;
    }
  }

  @Test
  void scanMatchesPrefixesByteForByte() {
    JdbcBackend backend = backend();
    String top = new String(Character.toChars(Character.MAX_CODE_POINT));
    List<String> keys = List.of("p" + top + "1", "p" + top + top, "p", "q", "caf\u00e9:1",
        "cafe\u0301:1", "CAF\u00c9:1", "\ud83d\ude00:1", "\uffff:1", "a%b:1", "axb:1");
    keys.forEach(k -> backend.set(k, bytes(k), null));

    assertThat(scanned(backend, "p" + top)).containsExactly("p" + top + "1", "p" + top + top);
    assertThat(scanned(backend, "caf\u00e9:")).containsExactly("caf\u00e9:1");
    assertThat(scanned(backend, "\ud83d\ude00")).containsExactly("\ud83d\ude00:1");
    assertThat(scanned(backend, "\uffff")).containsExactly("\uffff:1");
    assertThat(scanned(backend, "a%")).containsExactly("a%b:1");
    assertThat(scanned(backend, "")).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void scanPagesFollowTheLastKeyListedAndHoldNothingBetweenPages() {
    JdbcBackend backend = backend();
    Map<String, Object> entries = new HashMap<>();
    for (int i = 0; i < 1200; i++) {
      entries.put(String.format("s:%04d", i), bytes("v"));
    }
    backend.setMany(entries, null);
    backend.set("s:1100", bytes("v"), Duration.ofSeconds(1));

    List<String> listed = new ArrayList<>();
    try (Stream<KeyInfo> keys = backend.scan("s:")) {
      Iterator<KeyInfo> scan = keys.iterator();
      listed.add(scan.next().key()); // reads the first page: s:0000 to s:0499
      // Between pages the store is free: writes, reads and clears neither wait nor fail, and the
      // next page starts after s:0499 even though that row is gone.
      assertThat(backend.delete("s:0499")).isTrue();
      assertThat(backend.delete("s:0700")).isTrue();
      backend.set("other:x", bytes("v"), null);
      assertThat(backend.exists("other:x")).isTrue();
      assertThat(backend.clear("other:")).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1)); // s:1100 expires
      scan.forEachRemaining(info -> listed.add(info.key()));
    }

    Set<String> expected = new TreeSet<>(entries.keySet());
    expected.removeAll(List.of("s:0700", "s:1100"));
    assertThat(listed).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
  }

  @Test
  void scanAfterCloseFailsAndAStreamStopsAtItsNextPage() {
    JdbcBackend backend = backend();
    Map<String, Object> entries = new HashMap<>();
    for (int i = 0; i < 600; i++) {
      entries.put("s:" + i, bytes("v"));
    }
    backend.setMany(entries, null);
    try (Stream<KeyInfo> keys = backend.scan("s:")) {
      Iterator<KeyInfo> scan = keys.iterator();
      for (int i = 0; i < 500; i++) {
        scan.next();
      }
      backend.close();
      assertThatThrownBy(scan::hasNext).isInstanceOf(BackendClosedException.class);
    }
    assertThatThrownBy(() -> backend.scan("s:")).isInstanceOf(BackendClosedException.class);
  }

  @Test
  void clearCountsLiveEntriesAndRemovesExpiredOnes() throws SQLException {
    JdbcBackend backend = backend();
    backend.set("ns:live", bytes("1"), null);
    backend.set("ns:soon", bytes("2"), Duration.ofSeconds(1));
    backend.set("other:x", bytes("3"), null);
    clock.advance(Duration.ofSeconds(2));

    assertThat(backend.clear("ns:")).isEqualTo(1);
    assertThat(rawCount()).isEqualTo(1);
  }

  @Test
  void expiredRowsAreNeverReturnedAndDeleteExpiredRemovesThem() throws SQLException {
    JdbcBackend backend = backend();
    backend.set("short", bytes("s"), Duration.ofSeconds(1));
    backend.set("long", bytes("l"), Duration.ofHours(1));
    backend.set("forever", bytes("f"), null);
    clock.advance(Duration.ofMillis(999));
    assertThat(backend.exists("short")).isTrue();
    clock.advance(Duration.ofMillis(1));

    assertThat(backend.get("short")).isNull();
    assertThat(backend.exists("short")).isFalse();
    assertThat(backend.getMany(List.of("short", "long", "forever")))
        .containsOnlyKeys("long", "forever");
    assertThat(backend.expireIn("short", Duration.ofHours(1))).isFalse();
    assertThat(backend.delete("short")).isFalse();
    assertThat(backend.count()).isEqualTo(2);
    assertThat(rawCount()).isEqualTo(3);

    assertThat(backend.deleteExpired()).isEqualTo(1);
    assertThat(rawCount()).isEqualTo(2);
    assertThat(backend.deleteExpired()).isZero();
  }

  @Test
  void deleteExpiredWorksThroughManyBatches() throws SQLException {
    JdbcBackend backend = backend();
    Map<String, byte[]> entries = new HashMap<>();
    for (int i = 0; i < 2500; i++) {
      entries.put("e" + i, bytes("v"));
    }
    backend.setMany(entries, Duration.ofSeconds(1));
    backend.set("kept", bytes("v"), null);
    clock.advance(Duration.ofSeconds(1));

    assertThat(backend.deleteExpired()).isEqualTo(2500);
    assertThat(rawCount()).isEqualTo(1);
  }

  @Test
  void setIfAbsentTakesTheSlotOfAnExpiredEntry() {
    JdbcBackend backend = backend();
    backend.set("k", bytes("old"), Duration.ofSeconds(1));
    assertThat(backend.setIfAbsent("k", bytes("new"), null)).isFalse();
    clock.advance(Duration.ofSeconds(1));

    assertThat(backend.setIfAbsent("k", bytes("new"), Duration.ofSeconds(5))).isTrue();
    assertThat((byte[]) backend.get("k")).isEqualTo(bytes("new"));
    clock.advance(Duration.ofSeconds(4));
    assertThat(backend.exists("k")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(backend.exists("k")).isFalse();
  }

  @Test
  void expireInAndPersistChangeOnlyTheExpiry() {
    JdbcBackend backend = backend();
    backend.set("k", bytes("v"), Duration.ofSeconds(1));
    assertThat(backend.expireIn("k", null)).isTrue();
    assertThat(backend.expireIn("k", null)).isTrue();
    clock.advance(Duration.ofDays(365));
    assertThat((byte[]) backend.get("k")).isEqualTo(bytes("v"));

    assertThat(backend.expireIn("k", Duration.ofSeconds(2))).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(backend.get("k")).isNull();
    assertThat(backend.expireIn("absent", Duration.ofSeconds(2))).isFalse();
  }

  @Test
  void countAndSizeMeasureLiveEntries() {
    JdbcBackend backend = backend();
    assertThat(backend.count()).isZero();
    assertThat(backend.size()).isZero();
    backend.set("ab", new byte[10], null);
    backend.set("é", new byte[5], null);
    backend.set("gone", new byte[100], Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));

    assertThat(backend.count()).isEqualTo(2);
    assertThat(backend.size()).isEqualTo(2 + 10 + 2 + 5);
  }

  @Test
  void manyKeysAreSplitIntoStatementsAndCountedOnce() {
    JdbcBackend backend = backend();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1300; i++) {
      entries.put("m" + i, bytes("v" + i));
      keys.add("m" + i);
    }
    backend.setMany(entries, null);
    keys.add("m0");
    keys.add("absent");

    Map<String, Object> found = backend.getMany(keys);
    assertThat(found).hasSize(1300);
    assertThat((byte[]) found.get("m1299")).isEqualTo(bytes("v1299"));
    assertThat(backend.deleteMany(keys)).isEqualTo(1300);
    assertThat(backend.count()).isZero();
  }

  @Test
  void setManyIsAllOrNothing() throws SQLException {
    JdbcBackend backend = backend();
    backend.set("first", bytes("before"), null);
    try (Connection connection = raw(); Statement statement = connection.createStatement()) {
      failInsertsOf(statement, "boom");
    }
    Map<String, byte[]> batch = new LinkedHashMap<>();
    batch.put("first", bytes("after"));
    batch.put("second", bytes("after"));
    batch.put("boom", bytes("after"));

    assertThatThrownBy(() -> backend.setMany(batch, null)).isInstanceOf(CacheException.class)
        .hasMessageContaining("setMany");

    assertThat((byte[]) backend.get("first")).isEqualTo(bytes("before"));
    assertThat(backend.exists("second")).isFalse();
    assertThat(backend.count()).isEqualTo(1);
  }

  @Test
  void concurrentSetIfAbsentHasExactlyOneWinnerPerKey() throws Exception {
    JdbcBackend backend = backend();
    int threads = 8;
    int keys = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
    for (int i = 0; i < keys; i += 2) {
      backend.set("race" + i, bytes("stale"), Duration.ofMillis(1));
    }
    clock.advance(Duration.ofSeconds(1));
    // All threads go for the same key at the same moment.
    CyclicBarrier together = new CyclicBarrier(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < keys; i++) {
            // Half the keys start expired, so the winner replaces a stale row.
            String key = "race" + i;
            together.await(60, TimeUnit.SECONDS);
            if (backend.setIfAbsent(key, bytes("t" + thread), Duration.ofHours(1))) {
              wins.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(wins).hasSize(keys);
    assertThat(wins.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
  }

  @Test
  void anUnreadableValueIsAMissAndIsRemoved() throws SQLException {
    JdbcBackend backend = backend();
    try (Cache<byte[]> cache = Cache.builder(byte[].class).backend(backend).serializer("noop://")
        .namespace("ns").build()) {
      cache.set("good", bytes("fine"));
      try (Connection connection = raw(); PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO " + table() + " (" + quote("key") + ", " + quote("value") + ", "
              + quote("expires_at") + ") VALUES (?, ?, NULL)")) {
        insert.setString(1, "ns:bad");
        insert.setBytes(2, new byte[] {0x13, 0x37, (byte) 0xFF, 0});
        insert.executeUpdate();
      }
      assertThat(rawCount()).isEqualTo(2);

      assertThat(cache.get("bad")).isEmpty();
      assertThat(cache.get("good")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("fine")));
      assertThat(rawCount()).isEqualTo(1);
    }
  }

  @Test
  void asyncOperationsRunOnTheGivenExecutor() throws Exception {
    AtomicInteger tasks = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      JdbcBackend backend = closeLater(builder().clock(clock).executor(task -> {
        tasks.incrementAndGet();
        pool.execute(task);
      }).build());
      backend.async().set("k", bytes("v"), null).get(30, TimeUnit.SECONDS);
      assertThat((byte[]) backend.async().get("k").get(30, TimeUnit.SECONDS)).isEqualTo(bytes("v"));
      assertThat(tasks.get()).isEqualTo(2);
      backend.close();
      // The application's executor outlives the backend.
      assertThat(pool.isShutdown()).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void afterCloseOperationsFailAndAsyncOnesCompleteExceptionally() {
    JdbcBackend backend = backend();
    backend.set("k", bytes("v"), null);
    backend.close();
    backend.close();

    assertThatThrownBy(() -> backend.get("k")).isInstanceOf(CacheException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> backend.async().get("k").get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CacheException.class);
  }

  @Test
  void theSweepRemovesExpiredEntriesInTheBackground() throws Exception {
    JdbcBackend backend = closeLater(builder().clock(clock).sweepInterval(Duration.ofMillis(20))
        .build());
    backend.set("gone", bytes("v"), Duration.ofSeconds(1));
    backend.set("kept", bytes("v"), null);
    clock.advance(Duration.ofSeconds(1));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (rawCount() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(rawCount()).isEqualTo(1);
    assertThat(backend.exists("kept")).isTrue();
  }

  @Test
  void withoutCreateTableAMissingTableIsExplainedAndTheDocumentedDdlCreatesIt()
      throws SQLException {
    JdbcBackend backend = closeLater(builder().clock(clock).createTable(false).build());
    assertThatThrownBy(() -> backend.get("k")).isInstanceOf(CacheException.class)
        .hasMessageContaining(table()).hasMessageContaining("createTableSql");

    try (Connection connection = raw(); Statement statement = connection.createStatement()) {
      for (String ddl : JdbcBackend.createTableSql(database(), table())) {
        statement.execute(ddl);
      }
    }
    backend.set("k", bytes("v"), null);
    assertThat((byte[]) backend.get("k")).isEqualTo(bytes("v"));
  }

  /** The database under test. */
  abstract JdbcBackend.Database database();

  @Test
  void valuesMustBeBytes() {
    JdbcBackend backend = backend();
    assertThatThrownBy(() -> backend.set("k", "text", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte[]")
        .hasMessageContaining("serializer");
    assertThatThrownBy(() -> backend.setMany(Map.of("k", 42), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(backend.count()).isZero();
  }

  @Test
  void describesItselfWithoutSecrets() {
    JdbcBackend backend = backend();
    assertThat(backend.describe()).contains(table()).doesNotContain("password");
    assertThat(backend.maxValueBytes()).isBetween(1L << 20, 1L << 30);
  }
}
