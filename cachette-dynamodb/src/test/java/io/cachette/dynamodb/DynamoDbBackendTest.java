package io.cachette.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.KeyInfo;
import io.cachette.ValueTooLargeException;
import io.cachette.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the DynamoDB backend does beyond the shared contract, checked on dynalite through a client
 * of the test's own (the builder path), whose requests are counted from the SDK's metrics: the item
 * layout, read-time expiry with a clock, chunking of batches, the size limits, the lazy key scan,
 * one-time table set-up and descriptions without secrets.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DynamoDbBackendTest {
  @RegisterExtension
  static final DynaliteServer DYNALITE = DynaliteServer.inMemory();

  private static final RequestCounter REQUESTS = new RequestCounter();
  private static DynamoDbAsyncClient client;

  private final MutableClock clock = new MutableClock(Instant.now());
  private String table;
  private DynamoDbBackend backend;

  @BeforeAll
  static void openClient() {
    DynaliteServer.requireDynalite();
    client = REQUESTS.client(DYNALITE.endpoint());
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @BeforeEach
  void openBackend() {
    table = "cachette-" + UUID.randomUUID().toString().substring(0, 8);
    backend = DynamoDbBackend.builder(client, table).createTable(true).clock(clock)
        .timeout(Duration.ofSeconds(5)).build();
    backend.exists("warm-up"); // creates the table
    REQUESTS.reset();
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, AttributeValue> rawItem(String key) {
    return client.getItem(b -> b.tableName(table).consistentRead(true)
        .key(Map.of("key", AttributeValue.fromS(key)))).join().item();
  }

  /** Waits (bounded) until the SDK has published the metrics of the calls made so far. */
  private static long calls(String operation, long atLeast) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (REQUESTS.calls(operation) < atLeast && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return REQUESTS.calls(operation);
  }

  // ---- items ----

  @Test
  void anItemIsKeyValueAndTtlInWholeEpochSecondsRoundedUp() {
    long before = clock.millis();
    backend.set("users:1", bytes("alice"), Duration.ofMillis(90_500));
    backend.set("users:2", bytes("bob"), null);

    Map<String, AttributeValue> item = rawItem("users:1");
    assertThat(item).containsOnlyKeys("key", "value", "ttl");
    assertThat(item.get("key").s()).isEqualTo("users:1");
    assertThat(item.get("value").b().asUtf8String()).isEqualTo("alice");
    // the clock stands still: expiry = ceil((now + 90.5 s) / 1 s)
    assertThat(Long.parseLong(item.get("ttl").n()))
        .isEqualTo((before + 90_500 + 999) / 1000);
    assertThat(rawItem("users:2")).containsOnlyKeys("key", "value");
  }

  @Test
  void readsSkipExpiredItemsThatDynamoDbHasNotDeletedYet() {
    backend.set("t:a", bytes("A"), Duration.ofSeconds(10));
    backend.setMany(Map.of("t:b", bytes("B")), Duration.ofSeconds(10));
    backend.set("t:keep", bytes("K"), null);

    clock.advance(Duration.ofSeconds(11));

    assertThat(rawItem("t:a")).as("still in the table").containsKey("value");
    assertThat(backend.get("t:a")).isNull();
    assertThat(backend.exists("t:a")).isFalse();
    assertThat(backend.getMany(List.of("t:a", "t:b", "t:keep"))).containsOnlyKeys("t:keep");
    try (Stream<KeyInfo> keys = backend.scan("t:")) {
      assertThat(keys.map(KeyInfo::key)).containsExactly("t:keep");
    }
    assertThat(backend.expireIn("t:a", Duration.ofMinutes(1))).isFalse();
    assertThat(backend.delete("t:b")).isFalse();
    assertThat(backend.setIfAbsent("t:a", bytes("new"), null)).isTrue();
    assertThat(backend.get("t:a")).isEqualTo(bytes("new"));
  }

  @Test
  void anEntryLivesUntilItsTtlRoundedUpToTheSecond() {
    clock.advance(Duration.ofMillis(1000 - clock.millis() % 1000)); // on a whole second
    backend.set("r:a", bytes("A"), Duration.ofMillis(1500));
    clock.advance(Duration.ofMillis(1999));
    assertThat(backend.get("r:a")).as("1.5 s rounds up to 2 s").isEqualTo(bytes("A"));
    clock.advance(Duration.ofMillis(1));
    assertThat(backend.get("r:a")).isNull();
  }

  // ---- batches ----

  @Test
  void getManyOf250KeysIsThreeBatchGetItemsOf100AtMost() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      entries.put("g:" + i, bytes("v" + i));
    }
    backend.setMany(entries, null);
    List<String> keys = new ArrayList<>(entries.keySet());
    for (int i = 200; i < 250; i++) {
      keys.add("g:" + i);
    }
    keys.add("g:0"); // a key asked twice is asked once
    REQUESTS.reset();

    Map<String, Object> found = backend.getMany(keys);

    assertThat(found).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat((byte[]) found.get("g:" + i)).isEqualTo(bytes("v" + i));
    }
    assertThat(calls("BatchGetItem", 3)).isEqualTo(3);
  }

  @Test
  void setManyOf60EntriesIsThreeBatchWriteItemsOf25AtMost() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      entries.put("s:" + i, bytes("v" + i));
    }

    backend.setMany(entries, Duration.ofHours(1));

    assertThat(calls("BatchWriteItem", 3)).isEqualTo(3);
    assertThat(backend.getMany(new ArrayList<>(entries.keySet()))).hasSize(60);
    assertThat(rawItem("s:59")).containsKey("ttl");
  }

  @Test
  void clearDeletesByAPagedScanAndCountsTheLiveItems() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 1200; i++) {
      entries.put("c:" + i, bytes("v"));
    }
    backend.setMany(entries, null);
    backend.set("c:expired", bytes("x"), Duration.ofSeconds(1));
    backend.set("cx", bytes("outside"), null);
    clock.advance(Duration.ofSeconds(2));
    REQUESTS.reset();

    assertThat(backend.clear("c:")).isEqualTo(1200);

    assertThat(calls("Scan", 3)).isGreaterThanOrEqualTo(3); // 500 items a page at most
    assertThat(rawItem("c:expired")).as("expired items are removed too").isEmpty();
    assertThat(backend.get("cx")).isEqualTo(bytes("outside"));
  }

  // ---- sizes ----

  @Test
  void theLargestValueFitsWithTheLongestKeyAndOneByteMoreIsRefused() {
    String longestKey = "k".repeat(DynamoDbAsyncBackend.MAX_KEY_BYTES);
    byte[] largest = new byte[Math.toIntExact(backend.maxValueBytes())];
    largest[largest.length - 1] = 42;

    backend.set(longestKey, largest, Duration.ofDays(365 * 1000));
    assertThat((byte[]) backend.get(longestKey)).isEqualTo(largest);

    byte[] oversize = new byte[largest.length + 1];
    assertThatThrownBy(() -> backend.set("big", oversize, null))
        .isInstanceOf(ValueTooLargeException.class).hasMessageContaining(backend.describe());
    assertThatThrownBy(() -> backend.setMany(Map.of("a", bytes("a"), "big", oversize), null))
        .isInstanceOf(ValueTooLargeException.class);
    assertThat(backend.exists("a")).as("nothing of a refused batch is written").isFalse();
  }

  @Test
  void aCacheRefusesAnOversizeValueWhateverItsPolicy() {
    try (Cache<byte[]> cache = Cache.builder(byte[].class).backend(backend).namespace("n")
        .serializer("noop://").build()) {
      byte[] oversize = new byte[Math.toIntExact(backend.maxValueBytes()) + 1];
      assertThatThrownBy(() -> cache.set("big", oversize))
          .isInstanceOf(ValueTooLargeException.class);
    }
  }

  @Test
  void aKeyOverDynamoDbs2048BytesIsRefusedBeforeAnythingIsSent() {
    String tooLong = "é".repeat(1025); // 2050 bytes in UTF-8
    assertThatThrownBy(() -> backend.set(tooLong, bytes("v"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
    assertThatThrownBy(() -> backend.get(tooLong)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- the key scan ----

  @Test
  void scanListsTheLiveKeysUnderAPrefixLazilyPageByPage() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 1200; i++) {
      entries.put("s:" + i, bytes("v"));
    }
    backend.setMany(entries, Duration.ofMinutes(10));
    backend.set("s:eternal", bytes("v"), null);
    backend.set("s:expired", bytes("v"), Duration.ofSeconds(1));
    backend.set("other:1", bytes("v"), null);
    clock.advance(Duration.ofSeconds(2));
    REQUESTS.reset();

    try (Stream<KeyInfo> keys = backend.scan("s:")) {
      Iterator<KeyInfo> iterator = keys.iterator();
      assertThat(iterator.hasNext()).isTrue();
      assertThat(calls("Scan", 1)).as("one page read for the first key").isEqualTo(1);
      List<KeyInfo> all = new ArrayList<>();
      iterator.forEachRemaining(all::add);
      Set<String> listed = all.stream().map(KeyInfo::key).collect(Collectors.toSet());
      assertThat(all).hasSize(1201);
      assertThat(listed).as("each key listed once").hasSize(1201);
      assertThat(calls("Scan", 3)).as("500 items a page at most").isGreaterThanOrEqualTo(3);
    }
    try (Stream<KeyInfo> keys = backend.scan("s:")) {
      Map<String, KeyInfo> listed = keys.collect(Collectors.toMap(KeyInfo::key, info -> info));
      assertThat(listed).hasSize(1201).doesNotContainKey("s:expired").doesNotContainKey("other:1");
      assertThat(listed.get("s:eternal").ttl()).isNull();
      // 10 minutes from the write, 2 s gone, rounded up to the second
      assertThat(listed.get("s:7").ttl()).isBetween(Duration.ofSeconds(598),
          Duration.ofSeconds(599));
    }
    try (Stream<KeyInfo> keys = backend.scan("")) {
      assertThat(keys.count()).isEqualTo(1202);
    }
  }

  // ---- set-up and descriptions ----

  @Test
  void theTableIsSetUpOnceWithTtlTurnedOn() {
    String fresh = "cachette-" + UUID.randomUUID().toString().substring(0, 8);
    try (DynamoDbBackend other = DynamoDbBackend.builder(client, fresh).createTable(true).build()) {
      for (int i = 0; i < 5; i++) {
        other.set("k" + i, bytes("v"), null);
        assertThat(other.get("k" + i)).isEqualTo(bytes("v"));
      }
      assertThat(calls("CreateTable", 1)).isEqualTo(1);
      assertThat(calls("DescribeTimeToLive", 1)).isEqualTo(1);
      assertThat(other.ttlUpdates()).as("UpdateTimeToLive asked for once").isEqualTo(1);
    }
    var description = client.describeTable(b -> b.tableName(fresh)).join().table();
    assertThat(description.keySchema()).singleElement()
        .satisfies(key -> assertThat(key.attributeName()).isEqualTo("key"));
  }

  @Test
  void withoutCreateTableAMissingTableFailsNamingTheFix() {
    try (DynamoDbBackend other = DynamoDbBackend.builder(client, "cachette-missing").build()) {
      assertThatThrownBy(() -> other.get("k"))
          .isInstanceOf(io.cachette.CacheException.class)
          .hasMessageContaining("does not exist").hasMessageContaining("create-table=true");
    }
  }

  @Test
  void aClientYouPassIsNotClosedWithTheBackend() {
    backend.close();
    assertThat(client.listTables().join().tableNames()).contains(table);
  }

  @Test
  void describeNamesTheTableAndNoCredentials() {
    assertThat(backend.describe()).contains(table);
    assertThat(backend.describe() + backend).doesNotContain(DynaliteServer.SECRET)
        .doesNotContain("cachette-test-key");
  }

  @Test
  void theBuilderFailsFastOnAnOptionGivenTwice() {
    DynamoDbBackend.Builder builder = DynamoDbBackend.builder(client, "t-twice");
    builder.timeout(Duration.ofSeconds(1));
    assertThatThrownBy(() -> builder.timeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class).hasMessage("timeout was already set to PT1S");
    assertThatThrownBy(() -> DynamoDbBackend.builder(client, "no"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 to 255");
    assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
