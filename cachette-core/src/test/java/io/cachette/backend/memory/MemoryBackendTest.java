package io.cachette.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.BackendClosedException;
import io.cachette.backend.PrefixedStore;

import io.cachette.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the conformance suite cannot see: how memory:// reaps what has expired. */
class MemoryBackendTest {
  private final TestClock clock = new TestClock();
  private final MemoryBackend memory = MemoryBackend.builder().clock(clock).build();

  @Test
  void expiredEntriesAreReapedOnceTheBackendSeesTheTimeMove() {
    for (int i = 0; i < 100; i++) {
      memory.set("ttl" + i, "v", Duration.ofSeconds(10));
    }
    memory.set("eternal", "v", null);
    assertThat(memory.estimatedSize()).isEqualTo(101);
    clock.advance(Duration.ofSeconds(11));
    // Reads of eternal entries do not read the clock; the next write does, and reaping follows.
    assertThat(memory.get("eternal")).isEqualTo("v");
    memory.set("other", "v", null);
    assertThat(memory.estimatedSize()).isEqualTo(2);
  }

  @Test
  void anExpiredEntryIsInvisibleBeforeItIsReaped() {
    memory.set("k", "v", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(memory.exists("k")).isFalse();
    assertThat(memory.get("k")).isNull();
    assertThat(memory.delete("k")).isFalse();
    assertThat(memory.expireIn("k", Duration.ofSeconds(5))).isFalse();
  }

  @Test
  void thePrefixedRouteAndTheStoredKeyRouteSeeTheSameEntries() {
    memory.set("users:", "1", "a", null);
    memory.set("users:2", "b", Duration.ofSeconds(10));
    memory.set("plain", "c", null);
    assertThat(memory.get("users:1")).isEqualTo("a");
    assertThat(memory.get("users:", "2")).isEqualTo("b");
    assertThat(memory.get("", "plain")).isEqualTo("c");
    assertThat(memory.getMany(java.util.List.of("users:1", "users:2", "users:3", "plain")))
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("users:1", "a", "users:2", "b",
            "plain", "c"));
    memory.set("users:a:b", "nested", null);
    assertThat(memory.get("users:", "a:b")).isEqualTo("nested");
    assertThat(memory.clear("users:a")).isEqualTo(1);
    assertThat(memory.clear("user")).isEqualTo(2);
    assertThat(memory.get("plain")).isEqualTo("c");
    clock.advance(Duration.ofSeconds(11));
    assertThat(memory.get("users:", "2")).isNull();
  }

  @Test
  void expiredEntriesAreSweptOnTheSweepInterval() {
    MemoryBackend swept = MemoryBackend.builder().sweepInterval(Duration.ofMillis(20)).build();
    try {
      swept.set("k", "v", Duration.ofMillis(1));
      swept.set("eternal", "v", null);
      // Reaping runs on its own schedule: poll, bounded by a deadline, for the sweep to happen
      // without any operation of ours touching the entry.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (swept.storedEntries() != 1 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
      assertThat(swept.storedEntries()).isEqualTo(1);
    } finally {
      swept.close();
    }
  }

  @Test
  void underAPreferredPrefixEveryRouteSeesTheSameEntries() {
    memory.preferPrefix("users:");
    memory.set("users:", "1", "a", null);
    memory.set("users:2", "b", Duration.ofSeconds(10));
    memory.set("users:", "a:b", "nested", null);
    memory.set("users2:", "1", "other", null);
    assertThat(memory.get("users:1")).isEqualTo("a");
    assertThat(memory.get("users:", "2")).isEqualTo("b");
    assertThat(memory.get("users:a:b")).isEqualTo("nested");
    assertThat(memory.get("users2:1")).isEqualTo("other");
    assertThat(memory.getMany(java.util.List.of("users:1", "users:a:b", "users2:1")))
        .containsOnlyKeys("users:1", "users:a:b", "users2:1");
    try (var keys = memory.scan("users:")) {
      assertThat(keys.map(io.cachette.KeyInfo::key))
          .containsExactlyInAnyOrder("users:1", "users:2", "users:a:b");
    }
    assertThat(memory.clear("users:a")).isEqualTo(1);
    assertThat(memory.clear("users:")).isEqualTo(2);
    assertThat(memory.get("users2:", "1")).isEqualTo("other");
  }

  @Test
  void aPreferredPrefixIsIgnoredOnceTheStoreHoldsEntries() {
    memory.set("users:1", "a", null);
    memory.preferPrefix("users:");
    assertThat(memory.get("users:", "1")).isEqualTo("a");
    memory.set("users:", "2", "b", null);
    assertThat(memory.get("users:2")).isEqualTo("b");
  }

  @Test
  void aCacheThatOpensItsMemoryBackendSeesItsEntriesThroughEveryOperation() {
    try (io.cachette.Cache<String> cache = io.cachette.Cache.builder(String.class)
        .backend("memory://?max-size=100").namespace("ns").build()) {
      cache.set("a:b", "1");
      assertThat(cache.get("a:b")).contains("1");
      assertThat(cache.getMany(java.util.List.of("a:b", "x"))).containsOnlyKeys("a:b");
      assertThat(cache.exists("a:b")).isTrue();
      try (var keys = cache.keys()) {
        assertThat(keys.map(io.cachette.KeyInfo::key)).containsExactly("a:b");
      }
      cache.clear();
      assertThat(cache.get("a:b")).isEmpty();
    }
  }

  @Test
  void theViewOfThePreferredPrefixSeesWhatEveryOtherRouteSees() {
    memory.preferPrefix("users:");
    PrefixedStore.View home = memory.view("users:");
    PrefixedStore.View other = memory.view("teams:");
    home.set("1", "a", null);
    home.set("2", "b", Duration.ofSeconds(10));
    other.set("1", "t", null);
    memory.set("users:3", "c", null);
    assertThat(memory.get("users:1")).isEqualTo("a");
    assertThat(memory.get("users:", "2")).isEqualTo("b");
    assertThat(home.get("3")).isEqualTo("c");
    assertThat(other.get("1")).isEqualTo("t");
    assertThat(memory.get("teams:1")).isEqualTo("t");
    assertThat(home.get("missing")).isNull();
    clock.advance(Duration.ofSeconds(11));
    assertThat(home.get("2")).isNull();                 // expired, through the view too
    assertThat(memory.exists("users:2")).isFalse();
  }

  @Test
  void theHomeViewChecksKeysOnAMissAsEveryRouteDoes() {
    memory.preferPrefix("users:");
    PrefixedStore.View home = memory.view("users:");
    assertThatThrownBy(() -> home.get("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> home.set("", "v", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> home.get(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theHomeViewRefusesEveryOperationAfterCloseEvenForAKeyThatWasStored() {
    memory.preferPrefix("users:");
    PrefixedStore.View home = memory.view("users:");
    home.set("1", "a", null);
    memory.close();
    assertThatThrownBy(() -> home.get("1")).isInstanceOf(BackendClosedException.class);
    assertThatThrownBy(() -> home.set("2", "b", null))
        .isInstanceOf(BackendClosedException.class);
  }

  @Test
  void aTtlOnAStoreThatHeldOnlyEternalEntriesStillExpiresOnEveryRoute() {
    // Until the first entry with a TTL, hits skip looking inside entries; the first one turns
    // that off for every route, including expireIn on an entry stored without a TTL.
    memory.preferPrefix("users:");
    PrefixedStore.View home = memory.view("users:");
    home.set("1", "a", null);
    memory.set("teams:1", "t", null);
    assertThat(home.get("1")).isEqualTo("a");
    assertThat(memory.expireIn("users:1", Duration.ofSeconds(5))).isTrue();
    assertThat(memory.expireIn("teams:1", Duration.ofSeconds(5))).isTrue();
    assertThat(home.get("1")).isEqualTo("a");             // the value, not its TTL wrapper
    assertThat(memory.get("teams:1")).isEqualTo("t");
    clock.advance(Duration.ofSeconds(6));
    assertThat(home.get("1")).isNull();
    assertThat(memory.get("users:1")).isNull();
    assertThat(memory.get("teams:1")).isNull();
  }

  @Test
  void theHomeViewsMapAndResolveGiveWhatItsGetGives() {
    memory.preferPrefix("users:");
    PrefixedStore.View home = memory.view("users:");
    java.util.concurrent.ConcurrentMap<Object, Object> entries = home.entries();
    assertThat(entries).isNotNull();
    home.set("1", "a", null);
    assertThat(entries.get("1")).isNotInstanceOf(PrefixedStore.Wrapped.class);
    assertThat(entries.get("1")).isEqualTo("a");
    assertThat(home.resolve("1", entries.get("1"))).isEqualTo("a");
    assertThat(home.resolve("missing", entries.get("missing"))).isNull();
    assertThatThrownBy(() -> home.resolve("", null)).isInstanceOf(IllegalArgumentException.class);

    home.set("2", "b", Duration.ofSeconds(10));        // the first entry that needs resolving
    assertThat(entries.get("2")).isInstanceOf(PrefixedStore.Wrapped.class); // with its expiry
    assertThat(home.resolve("2", entries.get("2"))).isEqualTo("b");
    assertThat(home.resolve("1", entries.get("1"))).isEqualTo("a");
    clock.advance(Duration.ofSeconds(11));
    assertThat(home.resolve("2", entries.get("2"))).isNull();

    memory.close();
    assertThat(entries.get("1")).isNull();              // close empties the store
    assertThatThrownBy(() -> home.resolve("1", null)).isInstanceOf(BackendClosedException.class);
  }

  @Test
  void aViewWithoutAMapSaysSo() {
    PrefixedStore.View other = memory.view("teams:");   // not the preferred prefix
    assertThat(other.entries()).isNull();
    assertThatThrownBy(() -> other.resolve("1", null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void readingThroughTheViewsMapGivesWhatGetGives() {
    memory.preferPrefix("users:");
    PrefixedStore.View home = memory.view("users:");
    PrefixedStore.View other = memory.view("teams:");
    home.set("1", "a", null);
    other.set("1", "t", null);
    assertThat(PrefixedStore.View.read(home, home.entries(), "1")).isEqualTo("a");
    assertThat(PrefixedStore.View.read(other, other.entries(), "1")).isEqualTo("t");
    home.set("2", "b", Duration.ofSeconds(10));
    assertThat(PrefixedStore.View.read(home, home.entries(), "2")).isEqualTo("b");
    assertThat(PrefixedStore.View.read(home, home.entries(), "1")).isEqualTo("a");
    clock.advance(Duration.ofSeconds(11));
    assertThat(PrefixedStore.View.read(home, home.entries(), "2")).isNull();
    assertThatThrownBy(() -> PrefixedStore.View.read(home, home.entries(), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** "n:<int>" as Integer, when written as Integer.toString writes it; other keys stay strings. */
  private static final PrefixedStore.KeyForm NUMBERS = new PrefixedStore.KeyForm() {
    @Override
    public @org.jspecify.annotations.Nullable Object objectOf(String key) {
      if (!key.startsWith("n:")) {
        return null;
      }
      try {
        Integer number = Integer.valueOf(key.substring(2));
        return number.toString().equals(key.substring(2)) ? number : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }

    @Override
    public String keyOf(Object object) {
      return "n:" + object;
    }
  };

  @Test
  void aKeyFormIsTakenOnlyByAnEmptyStoreWithoutAPreferredPrefix() {
    MemoryBackend used = MemoryBackend.builder().build();
    used.set("users:1", "a", null);
    assertThat(used.preferPrefix("users:", NUMBERS)).isFalse();
    MemoryBackend preferred = MemoryBackend.builder().build();
    preferred.preferPrefix("users:");
    assertThat(preferred.preferPrefix("users:", NUMBERS)).isFalse();
    assertThat(memory.preferPrefix("users", NUMBERS)).isFalse();   // not a namespace prefix
    assertThat(memory.preferPrefix("users:", NUMBERS)).isTrue();
    PrefixedStore.View home = memory.view("users:");
    home.set("n:1", "a", null);
    assertThat(home.entries().get(1)).isEqualTo("a");
    assertThat(preferred.view("users:").entries()).isNotNull();
  }

  @Test
  void keysWithAnObjectFormAreKeptUnderTheObjectAndSeenAsStringsEverywhereElse() {
    assertThat(memory.preferPrefix("users:", NUMBERS)).isTrue();
    PrefixedStore.View home = memory.view("users:");
    java.util.concurrent.ConcurrentMap<Object, Object> entries = home.entries();
    assertThat(entries).isNotNull();
    home.set("n:7", "seven", null);
    home.set("n:07", "padded", null);          // not the form's way of writing 7: a string
    memory.set("users:plain", "p", null);
    memory.set("teams:n:7", "team", null);     // another prefix: never an object
    assertThat(entries.get(7)).isEqualTo("seven");
    assertThat(entries.get("n:7")).isNull();
    assertThat(entries.get("n:07")).isEqualTo("padded");
    assertThat(entries.get("plain")).isEqualTo("p");

    // Every route reads the entry under its string key.
    assertThat(home.get("n:7")).isEqualTo("seven");
    assertThat(home.resolve("n:7", entries.get("n:7"))).isEqualTo("seven");
    assertThat(PrefixedStore.View.read(home, entries, "n:7")).isEqualTo("seven");
    assertThat(memory.get("users:n:7")).isEqualTo("seven");
    assertThat(memory.get("users:", "n:7")).isEqualTo("seven");
    assertThat(memory.get("teams:n:7")).isEqualTo("team");
    assertThat(memory.exists("users:n:7")).isTrue();
    assertThat(memory.getMany(java.util.List.of("users:n:7", "users:n:07", "users:n:8")))
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("users:n:7", "seven",
            "users:n:07", "padded"));
    assertThat(memory.scan("users:n:").map(io.cachette.KeyInfo::key))
        .containsExactlyInAnyOrder("users:n:7", "users:n:07");
    assertThat(memory.scan("").map(io.cachette.KeyInfo::key))
        .containsExactlyInAnyOrder("users:n:7", "users:n:07", "users:plain", "teams:n:7");

    // Writes through the backend land under the object too.
    assertThat(memory.setIfAbsent("users:n:7", "again", null)).isFalse();
    assertThat(memory.setIfAbsent("users:n:8", "eight", null)).isTrue();
    assertThat(entries.get(8)).isEqualTo("eight");
    memory.setMany(java.util.Map.of("users:n:9", "nine"), null);
    assertThat(entries.get(9)).isEqualTo("nine");
    memory.set("users:", "n:10", "ten", null);
    assertThat(entries.get(10)).isEqualTo("ten");
    assertThat(memory.delete("users:n:8")).isTrue();
    assertThat(entries.get(8)).isNull();
    assertThat(memory.clear("users:n:1")).isEqualTo(1);          // n:10 only
    assertThat(entries.get(10)).isNull();
    assertThat(memory.clear("users:")).isEqualTo(4);
    assertThat(memory.get("teams:n:7")).isEqualTo("team");
  }

  @Test
  void anEntryWithATtlUnderAnObjectExpiresAndIsRemoved() {
    memory.preferPrefix("users:", NUMBERS);
    PrefixedStore.View home = memory.view("users:");
    java.util.concurrent.ConcurrentMap<Object, Object> entries = home.entries();
    home.set("n:1", "a", Duration.ofSeconds(10));
    assertThat(entries.get(1)).isInstanceOf(PrefixedStore.Wrapped.class);
    assertThat(home.resolve("n:1", null)).isEqualTo("a");
    assertThat(memory.expireIn("users:n:1", Duration.ofSeconds(20))).isTrue();
    clock.advance(Duration.ofSeconds(11));
    assertThat(home.get("n:1")).isEqualTo("a");
    clock.advance(Duration.ofSeconds(10));
    assertThat(home.resolve("n:1", entries.get("n:1"))).isNull();
    assertThat(entries.get(1)).isNull();                          // removed by the read
    assertThatThrownBy(() -> home.resolve("", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
