package io.cachette.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.KeyInfo;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Redis backend does beyond the shared contract: key layout, glob-safe clear, TTL
 * precision, atomic setMany with TTL, and backends built on a client or connection the user owns.
 * Against the shared server on 127.0.0.1:6379, database 9, under keys unique to each test.
 */
class RedisBackendTest {
  private static SharedRedis shared;
  private static RedisCommands<String, byte[]> raw;
  private static StatefulRedisConnection<String, byte[]> connection;
  private String prefix;
  private Backend backend;

  @BeforeAll
  static void connectRaw() {
    shared = new SharedRedis();
    raw = shared.raw;
    connection = shared.connection;
  }

  @AfterAll
  static void closeRaw() {
    shared.close();
  }

  @BeforeEach
  void open() {
    prefix = SharedRedis.uniquePrefix();
    backend = Backends.fromUrl(SharedRedis.URL + "?prefix=" + prefix);
  }

  @AfterEach
  void close() {
    shared.deleteAll(prefix);
    backend.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keysAreStoredAsKeyPrefixThenNamespaceThenKey() {
    try (Cache<String> users = Cache.builder(String.class).backend(backend).namespace("users")
        .serializer(new Utf8Serializer()).build()) {
      users.set("42", "Ada");
      assertThat(raw.exists(prefix + "users:42")).isEqualTo(1L);
      assertThat(users.get("42")).contains("Ada");
    }
  }

  @Test
  void clearTouchesOnlyTheNamespaceUnderTheKeyPrefixEvenWithGlobCharacters() {
    // On a connection of the user's the backend prepends the prefix to each key itself.
    try (Backend tricky =
        RedisBackend.builder(connection).prefix(prefix + "t[1]*?\\:").build()) {
      checkClearWithGlobbyPrefix(tricky, prefix + "t[1]*?\\:");
    }
  }

  @Test
  void clearTouchesOnlyTheNamespaceWhenTheCodecWritesAGlobbyPrefix() {
    // On a connection it opens the backend's codec writes the prefix.
    RedisClient mine = RedisClient.create(RedisURI.create(SharedRedis.URL));
    try (Backend tricky = RedisBackend.builder(mine).prefix(prefix + "t[1]*?\\:").build()) {
      checkClearWithGlobbyPrefix(tricky, prefix + "t[1]*?\\:");
    } finally {
      mine.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private void checkClearWithGlobbyPrefix(Backend tricky, String globby) {
    tricky.set("users:a", bytes("1"), null);
    tricky.set("users:b", bytes("2"), Duration.ofMinutes(5));
    tricky.set("users2:a", bytes("3"), null);
    // Keys the unescaped pattern "<prefix>t[1]*?\:users:*" would match:
    raw.set(prefix + "t1xyz:users:a", bytes("4"));
    raw.set(prefix + "t1:users:a", bytes("5"));

    assertThat(tricky.clear("users:")).isEqualTo(2);

    assertThat(raw.exists(globby + "users:a", globby + "users:b")).isZero();
    assertThat(raw.get(globby + "users2:a")).isEqualTo(bytes("3"));
    assertThat(raw.get(prefix + "t1xyz:users:a")).isEqualTo(bytes("4"));
    assertThat(raw.get(prefix + "t1:users:a")).isEqualTo(bytes("5"));
    assertThat((byte[]) tricky.get("users2:a")).isEqualTo(bytes("3"));
  }

  @Test
  void scanListsKeysUnderTheKeyPrefixWithoutItEvenWithGlobCharacters() {
    String globby = prefix + "t[1]*?\\:";
    // The backend prepends the prefix itself on the user's connection...
    try (Backend tricky = RedisBackend.builder(connection).prefix(globby).build()) {
      checkScanWithGlobbyPrefix(tricky);
    }
    // ...and its codec writes it on a connection of its own.
    RedisClient mine = RedisClient.create(RedisURI.create(SharedRedis.URL));
    try (Backend tricky = RedisBackend.builder(mine).prefix(globby).build()) {
      checkScanWithGlobbyPrefix(tricky);
    } finally {
      mine.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private void checkScanWithGlobbyPrefix(Backend tricky) {
    tricky.set("users:a", bytes("1"), null);
    tricky.set("users:b", bytes("2"), Duration.ofMinutes(5));
    tricky.set("users2:a", bytes("3"), null);
    // Keys the unescaped pattern "<prefix>t[1]*?\:users:*" would match:
    raw.set(prefix + "t1xyz:users:a", bytes("4"));
    raw.set(prefix + "t1:users:a", bytes("5"));

    Map<String, Duration> users = scanned(tricky, "users:");
    assertThat(users).containsOnlyKeys("users:a", "users:b");
    assertThat(users.get("users:a")).isNull();
    assertThat(users.get("users:b")).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(scanned(tricky, "")).containsOnlyKeys("users:a", "users:b", "users2:a");
  }

  private static Map<String, Duration> scanned(Backend backend, String prefix) {
    Map<String, Duration> found = new LinkedHashMap<>();
    try (Stream<KeyInfo> keys = backend.scan(prefix)) {
      keys.forEach(info -> found.put(info.key(), info.ttl()));
    }
    return found;
  }

  @Test
  void globPatternEscapesEveryGlobCharacter() {
    assertThat(RedisAsyncBackend.globPattern("a*b?c[d]e\\f:")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f:*");
    assertThat(RedisAsyncBackend.globPattern("plain:")).isEqualTo("plain:*");
  }

  @Test
  void clearRefusesAnEmptyPrefix() {
    assertThatThrownBy(() -> backend.clear(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty prefix");
  }

  @Test
  void ttlsKeepMillisecondsAndRoundSubMillisecondsUp() {
    assertThat(RedisAsyncBackend.ttlMillis(Duration.ofMillis(1500))).isEqualTo(1500);
    assertThat(RedisAsyncBackend.ttlMillis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(RedisAsyncBackend.ttlMillis(Duration.ofNanos(999_999))).isEqualTo(1);
    assertThat(RedisAsyncBackend.ttlMillis(Duration.ofNanos(1_000_001))).isEqualTo(2);
    assertThat(RedisAsyncBackend.ttlMillis(Duration.ofSeconds(Long.MAX_VALUE)))
        .isEqualTo(Long.MAX_VALUE / 4);
    assertThatThrownBy(() -> RedisAsyncBackend.ttlMillis(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storedTtlHasMillisecondPrecision() {
    backend.set("ns:ms", bytes("v"), Duration.ofMillis(86_400_123));
    long pttl = raw.pttl(prefix + "ns:ms");
    // Stored as 86,400,123 ms: the milliseconds are kept, not rounded to seconds.
    assertThat(pttl).isLessThanOrEqualTo(86_400_123).isGreaterThan(86_400_000);
  }

  @Test
  void subMillisecondTtlIsStoredAsAnExpiringEntryNotRefusedNorEternal() {
    backend.set("ns:tiny", bytes("v"), Duration.ofNanos(300_000));
    assertThat(backend.setIfAbsent("ns:tiny2", bytes("v"), Duration.ofNanos(1))).isTrue();
    // -1 would mean "no TTL"; the entry has one (or has already expired: -2).
    assertThat(raw.pttl(prefix + "ns:tiny")).isNotEqualTo(-1L).isLessThanOrEqualTo(1);
    assertThat(raw.pttl(prefix + "ns:tiny2")).isNotEqualTo(-1L).isLessThanOrEqualTo(1);
  }

  @Test
  void hugeTtlIsAccepted() {
    backend.set("ns:long", bytes("v"), Duration.ofSeconds(Long.MAX_VALUE));
    backend.set("ns:other", bytes("v"), null);
    assertThat(backend.expireIn("ns:other", Duration.ofDays(365L * 100_000))).isTrue();
    assertThat(raw.pttl(prefix + "ns:long")).isPositive();
    assertThat(raw.pttl(prefix + "ns:other")).isPositive();
  }

  @Test
  void setManyWithTtlGivesEveryEntryThatTtlAndWithoutTtlNone() {
    backend.set("ns:b", bytes("old"), Duration.ofMinutes(1));
    backend.setMany(Map.of("ns:a", bytes("1"), "ns:b", bytes("2"), "ns:c", bytes("3")),
        Duration.ofMillis(90_000));
    for (String key : List.of("ns:a", "ns:b", "ns:c")) {
      assertThat(raw.pttl(prefix + key)).as(key).isPositive().isLessThanOrEqualTo(90_000);
    }
    backend.setMany(Map.of("ns:a", bytes("x"), "ns:b", bytes("y")), null);
    assertThat(raw.pttl(prefix + "ns:a")).isEqualTo(-1L);
    assertThat(raw.pttl(prefix + "ns:b")).isEqualTo(-1L);
    assertThat(raw.get(prefix + "ns:b")).isEqualTo(bytes("y"));
  }

  @Test
  void persistOfAKeyWithoutTtlReportsThatItExists() {
    backend.set("ns:p", bytes("v"), null);
    assertThat(backend.expireIn("ns:p", null)).isTrue();
    backend.set("ns:q", bytes("v"), Duration.ofMinutes(1));
    assertThat(backend.expireIn("ns:q", null)).isTrue();
    assertThat(raw.pttl(prefix + "ns:q")).isEqualTo(-1L);
    assertThat(backend.expireIn("ns:none", null)).isFalse();
  }

  @Test
  void persistStillWorksAfterTheServerForgetsItsScripts() {
    backend.set("ns:p", bytes("v"), Duration.ofMinutes(1));
    raw.scriptFlush();
    assertThat(backend.expireIn("ns:p", null)).isTrue();
    assertThat(raw.pttl(prefix + "ns:p")).isEqualTo(-1L);
  }

  @Test
  void valuesOtherThanBytesAreRefusedWithAHint() {
    assertThatThrownBy(() -> backend.set("ns:x", "text", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stores byte[] values").hasMessageContaining("serializer");
  }

  @Test
  void reportsRedisLimitsAndDescribesItselfWithoutPassword() {
    assertThat(backend.maxValueBytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(backend.describe()).isEqualTo("redis://127.0.0.1:6379/9 (key prefix '" + prefix + "')");
    assertThat(backend.loadLock()).isNull();
  }

  @Test
  void cacheOverRedisWorksSyncAndAsync() throws Exception {
    try (Cache<String> cache = Cache.builder(String.class).backend(backend).namespace("e2e")
        .serializer(new Utf8Serializer()).defaultTtl(Duration.ofMinutes(5)).build()) {
      assertThat(cache.set("a", "alpha")).isTrue();
      assertThat(cache.async().get("a").get(5, TimeUnit.SECONDS)).contains("alpha");
      assertThat(cache.async().set("b", "beta").get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(cache.getMany(List.of("a", "b", "c"))).containsOnlyKeys("a", "b");
      assertThat(cache.get("c", key -> "loaded-" + key)).isEqualTo("loaded-c");
      assertThat(cache.async().get("d", key -> java.util.concurrent.CompletableFuture
          .completedFuture("async-" + key)).get(5, TimeUnit.SECONDS)).isEqualTo("async-d");
      assertThat(cache.get("d")).contains("async-d");
      cache.clear();
      assertThat(cache.exists("a")).isFalse();
    }
  }

  @Test
  void backendOnAUserClientClosesOnlyItsOwnConnection() {
    RedisClient mine = RedisClient.create(RedisURI.create(SharedRedis.URL));
    try {
      Backend onClient = RedisBackend.builder(mine).prefix(prefix).timeout(Duration.ofSeconds(3))
          .build();
      onClient.set("ns:k", bytes("v"), null);
      assertThat(raw.get(prefix + "ns:k")).isEqualTo(bytes("v"));
      onClient.close();
      onClient.close();
      try (StatefulRedisConnection<String, String> still = mine.connect()) {
        assertThat(still.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      mine.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void backendOnAUserConnectionLeavesItOpen() {
    Backend onConnection = RedisBackend.builder(connection).prefix(prefix).build();
    onConnection.set("ns:k", bytes("v"), null);
    assertThat((byte[]) onConnection.get("ns:k")).isEqualTo(bytes("v"));
    onConnection.close();
    assertThat(connection.isOpen()).isTrue();
    assertThat(raw.get(prefix + "ns:k")).isEqualTo(bytes("v"));
  }

  @Test
  void builderRefusesBadSettings() {
    RedisBackend.Builder builder = RedisBackend.builder(connection);
    assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> builder.loadLease(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loadLease");
    assertThatThrownBy(() -> builder.prefix(null)).isInstanceOf(NullPointerException.class);
  }
}
