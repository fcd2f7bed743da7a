package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The put counter and the load time of {@link CacheStats}, on both faces and both kinds of store. */
class PutAndLoadTimeStatsTest {
  private static final long ONE_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void everyStoredEntryCountsOnceOnAnObjectStore() {
    try (Cache<String> cache = Cache.builder(String.class).build()) {
      countsPuts(cache);
    }
  }

  @Test
  void everyStoredEntryCountsOnceOnAByteStore() {
    try (Cache<String> cache = Cache.builder(String.class).backend("memory://")
        .serializer("json://").build()) {
      countsPuts(cache);
    }
  }

  private static void countsPuts(Cache<String> cache) {
    cache.set("a", "1");
    cache.set("a", "2", Duration.ofMinutes(1));
    cache.setIfAbsent("a", "3");                     // not stored: not counted
    cache.setIfAbsent("b", "4");
    cache.setMany(Map.of("c", "5", "d", "6"));
    cache.get("e", key -> "7");                      // loaded and stored
    cache.get("f", key -> null);                     // loaded, nothing to store
    cache.async().set("g", "8").join();
    cache.async().setIfAbsent("g", "9").join();      // not stored
    cache.async().setMany(Map.of("h", "10")).join();
    cache.async().get("i", key -> java.util.concurrent.CompletableFuture.completedFuture("11"))
        .join();
    assertThat(cache.stats().putCount()).isEqualTo(9);
  }

  @Test
  void loadTimeCoversEveryLoaderCallSuccessfulOrNot() {
    try (Cache<String> cache = Cache.builder(String.class).build()) {
      cache.get("a", key -> busyFor(ONE_MILLI, "v"));
      assertThatThrownBy(() -> cache.get("b", key -> {
        busyFor(ONE_MILLI, "x");
        throw new IllegalStateException("boom");
      })).hasMessage("boom");
      cache.async().get("c", key -> java.util.concurrent.CompletableFuture.supplyAsync(
          () -> busyFor(ONE_MILLI, "w"))).join();
      CacheStats stats = cache.stats();
      assertThat(stats.loadCount()).isEqualTo(3);
      assertThat(stats.totalLoadTimeNanos()).isGreaterThanOrEqualTo(3 * ONE_MILLI);
    }
  }

  @Test
  void hitsAddNeitherPutsNorLoadTime() {
    try (Cache<String> cache = Cache.builder(String.class).build()) {
      cache.set("a", "1");
      CacheStats before = cache.stats();
      cache.get("a");
      cache.get("a", key -> "never");
      CacheStats after = cache.stats();
      assertThat(after.putCount()).isEqualTo(before.putCount());
      assertThat(after.totalLoadTimeNanos()).isZero();
      assertThat(after.hitCount()).isEqualTo(before.hitCount() + 2);
    }
  }

  /** Spins (no sleep) until at least {@code nanos} have passed, then returns {@code value}. */
  private static String busyFor(long nanos, String value) {
    long start = System.nanoTime();
    while (System.nanoTime() - start < nanos) {
      Thread.onSpinWait();
    }
    return value;
  }
}
