package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.RecordingBackendProvider;
import io.cachette.TypeRef;
import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.memo.MemoFixtures.User;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MemoizerBuilder and WrapperBuilder fail fast like Caffeine's and print their configuration. */
class MemoizerBuilderTest {
  private final Backend memory = MemoryBackend.builder().build();
  private final Memoizer memo = Memoizer.builder().backend(memory).build();

  @AfterEach
  void tearDown() {
    memo.close();
  }

  @Test
  void eachMemoizerOptionSetTwiceThrowsNamingTheValueAlreadySet() {
    assertThatThrownBy(() -> Memoizer.builder().backend("memory://").backend(memory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("backend was already set to memory://; set each option once");
    assertThatThrownBy(() -> Memoizer.builder().backend(memory).backend("memory://"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("backend was already set to " + memory.describe());
    assertThatThrownBy(() -> Memoizer.builder().serializer("json://").serializer("java://"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("serializer was already set to json://");
    assertThatThrownBy(() -> Memoizer.builder().defaultTtl(Duration.ofMinutes(1))
        .defaultTtl(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("defaultTtl was already set to PT1M");
    assertThatThrownBy(() -> Memoizer.builder().keyStyle(KeyStyle.HASHED)
        .keyStyle(KeyStyle.READABLE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("keyStyle was already set to HASHED");
    assertThatThrownBy(() -> Memoizer.builder().strict().strict())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("strict was already set to true");
    assertThatThrownBy(() -> Memoizer.builder().recordStats(false).recordStats(false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("recordStats was already set to false");
  }

  @Test
  void recordStatsOffCountsNoHitsOrLoadsButMemoizes() {
    try (Memoizer memo = Memoizer.builder().recordStats(false).build()) {
      int[] calls = {0};
      MemoizedFunction<Integer, String> twice = memo.wrap("twice", String.class)
          .function(n -> {
            calls[0]++;
            return "v" + (2 * n);
          });
      assertThat(twice.apply(4)).isEqualTo("v8");
      assertThat(twice.apply(4)).isEqualTo("v8");
      assertThat(calls[0]).isEqualTo(1);
      assertThat(memo.stats().hitCount()).isZero();
      assertThat(memo.stats().loadCount()).isZero();
      assertThat(memo.toString()).contains("recordStats=false");
    }
  }

  @Test
  void memoizerToStringShowsTheConfigurationWithPasswordsMasked() {
    assertThat(Memoizer.builder().toString()).isEqualTo("MemoizerBuilder{backend=memory://"
        + " (default), serializer=default (noop:// for object stores, json:// otherwise),"
        + " defaultTtl=never, keyStyle=READABLE, strict=false, recordStats=true}");
    assertThat(Memoizer.builder().backend("redis://:hunter2@cache.local/0").serializer("json://")
        .defaultTtl(Duration.ofMinutes(5)).keyStyle(KeyStyle.HASHED).strict().toString())
        .isEqualTo("MemoizerBuilder{backend=redis://:***@cache.local/0, serializer=json://,"
            + " defaultTtl=PT5M, keyStyle=HASHED, strict=true, recordStats=true}");
  }

  @Test
  void aBackendOpenedFromAUrlIsClosedWhenTheBuildFailsAndWithTheMemoizer() {
    assertThatThrownBy(() -> Memoizer.builder().backend("recording://?id=memo-bad-serializer")
        .serializer("nope://").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RecordingBackendProvider.events("memo-bad-serializer"))
        .containsExactly("open", "close");

    Memoizer owned = Memoizer.builder().backend("recording://?id=memo-owned").build();
    assertThat(owned.toString()).contains("serializer=json://");
    owned.close();
    assertThat(RecordingBackendProvider.events("memo-owned"))
        .containsExactly("open", "close");
  }

  @Test
  void anObjectStoreDefaultsToNoopAndABorrowedBackendStaysOpen() {
    assertThat(memo.toString()).contains("serializer=noop://");
    memo.close();
    memory.set("still", "open", null);
    assertThat(memory.get("still")).isEqualTo("open");
  }

  @Test
  void eachWrapperOptionSetTwiceThrowsNamingTheValueAlreadySet() {
    assertThatThrownBy(() -> memo.wrap("f", User.class).namespace("a").namespace("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("namespace was already set to a; set each option once");
    assertThatThrownBy(() -> memo.wrap("f", User.class).ttl(Duration.ofSeconds(5)).ttl("5m"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ttl was already set to PT5S");
    assertThatThrownBy(() -> memo.wrap("f", User.class).ttl("never").ttl(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ttl was already set to never");
    assertThatThrownBy(() -> memo.wrap("f", User.class).typed(false).typed(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("typed was already set to false");
    assertThatThrownBy(() -> memo.wrap("f", User.class).enabled(false).enabled(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("enabled was already set to false");
    assertThatThrownBy(() -> memo.wrap("f", User.class).ifAbsent(true).ifAbsent(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ifAbsent was already set to true");
    assertThatThrownBy(() -> memo.wrap("f", User.class).cacheNulls(true).cacheNulls(false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cacheNulls was already set to true");
    assertThatThrownBy(() -> memo.wrap("f", User.class).unless(u -> true).unless(u -> false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("unless was already set");
    assertThatThrownBy(() -> memo.wrap("f", User.class).keyGenerator(new MemoFixtures.IdKey())
        .keyGenerator(new MemoFixtures.IdKey()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("keyGenerator was already set to " + MemoFixtures.IdKey.class.getName());
  }

  @Test
  void typedKeysAndAKeyGeneratorContradictEachOtherInEitherOrder() {
    assertThatThrownBy(() -> memo.wrap("f", User.class).typed(true)
        .keyGenerator(new MemoFixtures.IdKey()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("typed(true), which was already set");
    assertThatThrownBy(() -> memo.wrap("f", User.class).keyGenerator(new MemoFixtures.IdKey())
        .typed(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keyGenerator was already set to " + MemoFixtures.IdKey.class.getName());
    assertThat(memo.wrap("f", User.class).keyGenerator(new MemoFixtures.IdKey()).typed(false))
        .isNotNull();
  }

  @Test
  void wrapperToStringShowsTheConfiguration() {
    assertThat(memo.wrap("users.find", User.class).toString())
        .isEqualTo("WrapperBuilder{name=users.find, valueType=" + TypeRef.of(User.class)
            + ", namespace=default, ttl=memoizer's default, typed=false, keyGenerator=none,"
            + " enabled=true, ifAbsent=false, cacheNulls=false, unless=none}");
    assertThat(memo.wrap("users.find", User.class).namespace("users").ttl("7.5s").typed(true)
        .enabled(false).ifAbsent(true).cacheNulls(true).unless(u -> false).toString())
        .isEqualTo("WrapperBuilder{name=users.find, valueType=" + TypeRef.of(User.class)
            + ", namespace=users, ttl=PT7.5S, typed=true, keyGenerator=none, enabled=false,"
            + " ifAbsent=true, cacheNulls=true, unless=a predicate}");
  }
}
