package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import io.cachette.TypeRef;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The json layer behind a {@link Cache}: what is stored, and how unreadable entries become misses. */
class JsonCacheTest {
  record User(String name, int age) {}

  record Point(int x, int y) {}

  private static final List<User> TEAM = List.of(new User("Ada", 36), new User("Alan", 41));

  private final Backend memory = Backends.fromUrl("memory://");

  @AfterEach
  void closeBackend() {
    memory.close();
  }

  private String storedText(String storedKey) {
    return new String((byte[]) memory.get(storedKey), StandardCharsets.UTF_8);
  }

  @Test
  void genericValuesRoundTripThroughAMemoryCacheWithJson() {
    try (Cache<List<User>> cache = Cache.builder(new TypeRef<List<User>>() {})
        .backend("memory://").serializer("json://").build()) {
      cache.set("team", TEAM);

      assertThat(cache.get("team")).contains(TEAM);
    }
  }

  @Test
  void memoryWithJsonStoresPlainJsonBytes() {
    Cache<List<User>> cache = Cache.builder(new TypeRef<List<User>>() {})
        .backend(memory).serializer("json://").namespace("users").build();

    cache.set("team", TEAM);

    assertThat(memory.get("users:team")).isInstanceOf(byte[].class);
    assertThat(storedText("users:team"))
        .endsWith("[{\"name\":\"Ada\",\"age\":36},{\"name\":\"Alan\",\"age\":41}]")
        .doesNotContain("User");
  }

  @Test
  void corruptStoredJsonIsAMissAndTheEntryIsDropped() {
    Cache<User> cache = Cache.builder(User.class)
        .backend(memory).serializer("json://").namespace("users").build();
    cache.set("ada", TEAM.get(0));
    byte[] stored = (byte[]) memory.get("users:ada");
    memory.set("users:ada", Arrays.copyOf(stored, stored.length - 4), null);

    assertThat(cache.get("ada")).isEmpty();
    assertThat(memory.get("users:ada")).isNull();
    assertThat(cache.stats().errorCount()).isEqualTo(1);
  }

  @Test
  void jsonWrittenForAnotherTypeIsAMissAndTheEntryIsDropped() {
    Cache<List<User>> lists = Cache.builder(new TypeRef<List<User>>() {})
        .backend(memory).serializer("json://").namespace("users").build();
    Cache<User> singles = Cache.builder(User.class)
        .backend(memory).serializer("json://").namespace("users").build();
    lists.set("k", TEAM);

    assertThat(singles.get("k")).isEmpty();
    assertThat(lists.exists("k")).isFalse();
  }

  @Test
  void objectCacheKeepsValueTypes() {
    Cache<Object> cache = Cache.builder(Object.class)
        .backend(memory).serializer("json://").namespace("any").build();
    Map<Object, Object> value = Map.of(1L, List.of(LocalDate.of(2024, 5, 1), 2), "k", 3.5f);

    cache.set("v", value);

    assertThat(cache.get("v")).contains(value);
    assertThat(storedText("any:v")).contains("{\"long\":1}");
  }

  @Test
  void serializableCacheUsesTaggedJson() {
    Cache<Serializable> cache = Cache.builder(Serializable.class)
        .backend(memory).serializer("json://").namespace("any").build();

    cache.set("n", 5L);

    assertThat(cache.get("n")).contains(5L);
  }

  @Test
  void recordOfAClassTheReaderDoesNotAllowIsAMissAndTheEntryIsDropped() {
    Cache<Object> writer = Cache.builder(Object.class).backend(memory).namespace("points")
        .serializer(JsonCoder.builder().allowClasses(Point.class).build().serializer()).build();
    Cache<Object> reader = Cache.builder(Object.class).backend(memory).namespace("points")
        .serializer("json://").build();
    writer.set("p", new Point(1, 2));
    assertThat(writer.get("p")).contains(new Point(1, 2));

    assertThat(reader.get("p")).isEmpty();
    assertThat(memory.get("points:p")).isNull();
  }

  @Test
  void taggedEntriesAreNotReadAsPlainJsonNorTheOtherWayRound() {
    Cache<Object> tagged = Cache.builder(Object.class)
        .backend(memory).serializer("json://").namespace("ns").build();
    Cache<Map<String, Long>> plain = Cache.builder(new TypeRef<Map<String, Long>>() {})
        .backend(memory).serializer("json://").namespace("ns").build();
    tagged.set("a", Map.of("x", 1L));
    plain.set("b", Map.of("x", 1L));

    assertThat(plain.get("a")).isEmpty();
    assertThat(tagged.get("b")).isEmpty();
    assertThat(tagged.exists("a")).isFalse();
    assertThat(plain.exists("b")).isFalse();
  }
}
