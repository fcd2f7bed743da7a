package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CacheTest {
  /** A clock the test moves by hand. */
  static final class HandClock extends Clock {
    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  record User(String name, int age) {}

  private final HandClock clock = new HandClock();
  private final Backend memory = MemoryBackend.builder().clock(clock).build();

  private Cache<String> strings(String namespace) {
    return Cache.builder(String.class).backend(memory).namespace(namespace).build();
  }

  @Test
  void setThenGetReturnsTheValue() {
    Cache<String> cache = strings("t");
    assertThat(cache.set("a", "alpha")).isTrue();
    assertThat(cache.get("a")).contains("alpha");
    assertThat(cache.getRequired("a")).isEqualTo("alpha");
    assertThat(cache.getOrDefault("a", "x")).isEqualTo("alpha");
  }

  @Test
  void missesAreEmptyDefaultOrKeyNotFound() {
    Cache<String> cache = strings("t");
    assertThat(cache.get("nope")).isEmpty();
    assertThat(cache.getOrDefault("nope", "fallback")).isEqualTo("fallback");
    assertThatThrownBy(() -> cache.getRequired("nope"))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageContaining("'nope'").hasMessageContaining("namespace 't'")
        .extracting(e -> ((KeyNotFoundException) e).key()).isEqualTo("nope");
  }

  @Test
  void keysAreStoredUnderTheNamespace() {
    Cache<String> cache = strings("users");
    cache.set("42", "v");
    assertThat(memory.get("users:42")).isEqualTo("v");
    assertThat(cache.namespace()).isEqualTo("users");
  }

  @Test
  void defaultTtlAppliesWhenNoneIsGivenAndPerCallTtlOverridesIt() {
    Cache<String> cache = Cache.builder(String.class).backend(memory)
        .defaultTtl(Duration.ofMinutes(1)).build();
    cache.set("default", "v");
    cache.set("long", "v", Duration.ofHours(1));
    cache.set("forever", "v", Cache.NEVER);
    clock.advance(Duration.ofMinutes(2));
    assertThat(cache.get("default")).isEmpty();
    assertThat(cache.get("long")).contains("v");
    clock.advance(Duration.ofDays(400));
    assertThat(cache.get("long")).isEmpty();
    assertThat(cache.get("forever")).contains("v");
  }

  @Test
  void setIfAbsentIsTrueOnlyWhenAbsent() {
    Cache<String> cache = strings("t");
    assertThat(cache.setIfAbsent("k", "first")).isTrue();
    assertThat(cache.setIfAbsent("k", "second")).isFalse();
    assertThat(cache.get("k")).contains("first");
    cache.expireIn("k", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.setIfAbsent("k", "third", Duration.ofSeconds(5))).isTrue();
    assertThat(cache.get("k")).contains("third");
  }

  @Test
  void getManyAndSetManyWithAndWithoutTtl() {
    Cache<String> cache = strings("t");
    cache.setMany(Map.of("a", "1", "b", "2"));
    cache.setMany(Map.of("c", "3"), Duration.ofSeconds(10));
    assertThat(cache.getMany(List.of("a", "b", "c", "d")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2", "c", "3"));
    clock.advance(Duration.ofSeconds(11));
    assertThat(cache.getMany(List.of("a", "c"))).containsOnlyKeys("a");
    assertThat(cache.getMany(List.of())).isEmpty();
  }

  @Test
  void expireInAndPersistReportWhetherTheKeyExisted() {
    Cache<String> cache = strings("t");
    assertThat(cache.expireIn("none", Duration.ofSeconds(1))).isFalse();
    assertThat(cache.persist("none")).isFalse();
    cache.set("k", "v", Duration.ofSeconds(5));
    assertThat(cache.persist("k")).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.get("k")).contains("v");
    assertThat(cache.expireIn("k", Duration.ofSeconds(1))).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.exists("k")).isFalse();
  }

  @Test
  void deleteAndDeleteManyReportWhatExisted() {
    Cache<String> cache = strings("t");
    cache.setMany(Map.of("a", "1", "b", "2", "c", "3"));
    assertThat(cache.delete("a")).isTrue();
    assertThat(cache.delete("a")).isFalse();
    assertThat(cache.deleteMany(List.of("b", "c", "zz"))).isEqualTo(2);
    assertThat(cache.exists("b")).isFalse();
  }

  @Test
  void clearRemovesOnlyThisNamespace() {
    Cache<String> users = strings("users");
    Cache<String> usersV2 = strings("users2");
    Cache<String> orders = strings("orders");
    users.set("1", "u");
    usersV2.set("1", "u2");
    orders.set("1", "o");
    memory.set("users", "a key of another application", null);
    users.clear();
    assertThat(users.get("1")).isEmpty();
    assertThat(usersV2.get("1")).contains("u2");
    assertThat(orders.get("1")).contains("o");
    assertThat(memory.get("users")).isNotNull();
  }

  @Test
  void memoryWithNoopKeepsTheSameInstance() {
    Cache<User> cache = Cache.builder(User.class).backend(memory).build();
    User ann = new User("Ann", 31);
    cache.set("ann", ann);
    assertThat(cache.get("ann")).containsSame(ann);
  }

  @Test
  void genericValueTypesWork() {
    Cache<List<String>> cache = Cache.builder(new TypeRef<List<String>>() {}).backend(memory).build();
    cache.set("l", List.of("a", "b"));
    assertThat(cache.get("l")).contains(List.of("a", "b"));
  }

  @Test
  void badKeysAndValuesAreRefusedWithClearMessages() {
    Cache<String> cache = strings("t");
    assertThatThrownBy(() -> cache.get("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> cache.set(null, "v")).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> cache.set("k", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("value");
    String tooLong = "x".repeat(Cache.MAX_KEY_BYTES);
    assertThatThrownBy(() -> cache.set(tooLong, "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1024").hasMessageContaining("hash");
    assertThatThrownBy(() -> cache.set("k", "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL must be positive");
    assertThatThrownBy(() -> cache.expireIn("k", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysNearTheLimitCountUtf8Bytes() {
    Cache<String> cache = strings("t");
    String fits = "é".repeat((Cache.MAX_KEY_BYTES - 2) / 2);
    assertThat(cache.set(fits, "v")).isTrue();
    assertThat(cache.get(fits)).contains("v");
    assertThatThrownBy(() -> cache.set(fits + "é", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> Cache.builder(String.class).namespace("a:b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without ':'");
    assertThatThrownBy(() -> Cache.builder(String.class).namespace(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cache.builder(String.class).defaultTtl(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cache.builder(String.class).operationTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cache.builder(String.class).maxValueBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cache.builder(String.class).backend("nosuch://x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch");
  }

  @Test
  void closeClosesAnOwnedBackendOnly() {
    Cache<String> shared = strings("t");
    shared.set("k", "v");
    shared.close();
    assertThat(memory.get("t:k")).isEqualTo("v");
  }

  @Test
  void toStringNamesNamespaceBackendAndSerializer() {
    assertThat(strings("t").toString()).contains("t").contains("memory://").contains("noop");
  }

  @Test
  void keysListsTheLiveKeysOfItsNamespaceOnlyWithTheirTtl() {
    Cache<String> users = strings("users");
    Cache<String> other = strings("users2");
    users.set("a", "1");
    users.set("b:c", "2", Duration.ofMinutes(5));
    users.set("gone", "3", Duration.ofSeconds(10));
    other.set("x", "4");
    clock.advance(Duration.ofSeconds(11));

    Map<String, Duration> listed = new java.util.HashMap<>();
    try (var keys = users.keys()) {
      keys.forEach(info -> listed.put(info.key(), info.ttl()));
    }

    assertThat(listed).containsOnlyKeys("a", "b:c");
    assertThat(listed.get("a")).isNull();
    assertThat(listed.get("b:c")).isEqualTo(Duration.ofMinutes(5).minusSeconds(11));
  }
}
