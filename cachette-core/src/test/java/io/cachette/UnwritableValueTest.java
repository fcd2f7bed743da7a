package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.serial.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A value the serializer cannot write is a failed write under the cache's one failure policy:
 * fail-open does not store it, logs and counts it; strict throws. (The memoizer relies on this
 * instead of a policy of its own.)
 */
class UnwritableValueTest {
  private final Backend memory = MemoryBackend.builder().build();

  /** Writes any text except text starting with '!', as a serializer refusing a value would. */
  private static final class Picky implements Serializer<String> {
    @Override
    public String id() {
      return "picky-test";
    }

    @Override
    public byte[] serialize(String value) {
      if (value.startsWith("!")) {
        throw new SerializationException("cannot write a value starting with '!'");
      }
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private Cache<String> failOpen() {
    return Cache.builder(String.class).backend(memory).serializer(new Picky()).build();
  }

  private Cache<String> strict() {
    return Cache.builder(String.class).backend(memory).serializer(new Picky()).strict().build();
  }

  @Test
  void failOpenWritesOfAnUnwritableValueReportNotStoredAndAreCounted() {
    Cache<String> cache = failOpen();

    assertThat(cache.set("k", "!x")).isFalse();
    assertThat(cache.setIfAbsent("k", "!x")).isFalse();
    assertThat(cache.setMany(Map.of("a", "ok", "b", "!x"))).isFalse();
    assertThat(cache.async().set("k", "!x").join()).isFalse();
    assertThat(cache.async().setIfAbsent("k", "!x").join()).isFalse();
    assertThat(cache.async().setMany(Map.of("b", "!x")).join()).isFalse();

    assertThat(cache.stats().errorCount()).isEqualTo(6);
    assertThat(cache.exists("k")).isFalse();
    assertThat(cache.exists("a")).isFalse();
    assertThat(cache.set("k", "fine")).isTrue();
  }

  @Test
  void aLoadedValueThatCannotBeWrittenIsStillReturnedWhenFailingOpen() {
    Cache<String> cache = failOpen();

    assertThat(cache.get("k", key -> "!loaded")).isEqualTo("!loaded");
    assertThat(cache.async().get("j", key -> java.util.concurrent.CompletableFuture
        .completedFuture("!loaded")).join()).isEqualTo("!loaded");

    assertThat(cache.stats().errorCount()).isEqualTo(2);
  }

  @Test
  void strictWritesOfAnUnwritableValueThrowCacheException() {
    Cache<String> cache = strict();

    assertThatThrownBy(() -> cache.set("k", "!x")).isInstanceOf(CacheException.class)
        .hasMessageContaining("set of 'default:")
        .hasMessageContaining("the serializer picky-test cannot write the value")
        // What is logged is this message: the serializer's own, which may quote the value, is not.
        .hasMessageNotContaining("starting with '!'")
        .hasRootCauseMessage("cannot write a value starting with '!'");
    assertThatThrownBy(() -> cache.async().set("k", "!x").join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(CacheException.class);
    assertThat(cache.stats().errorCount()).isEqualTo(2);
  }
}
