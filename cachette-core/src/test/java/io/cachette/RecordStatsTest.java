package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code CacheBuilder.recordStats}: on by default, and off counts nothing per operation. */
class RecordStatsTest {

  @Test
  void countsEveryOperationByDefault() {
    try (Cache<String> cache = Cache.builder(String.class).build()) {
      script(cache);
      CacheStats stats = cache.stats();
      assertThat(stats.hitCount()).isEqualTo(3);
      assertThat(stats.missCount()).isEqualTo(4);
      assertThat(stats.loadSuccessCount()).isEqualTo(2);
      assertThat(stats.putCount()).isEqualTo(4);
    }
  }

  @Test
  void offCountsNoHitMissPutOrLoadOnEitherKindOfStore() {
    for (String serializer : List.of("noop://", "json://")) {
      try (Cache<String> cache = Cache.builder(String.class).serializer(serializer)
          .recordStats(false).build()) {
        script(cache);
        assertThat(cache.stats()).as(serializer).isEqualTo(new CacheStats(0, 0, 0, 0, 0, 0));
        assertThat(cache.get("a")).as(serializer).contains("1"); // the cache works as before
      }
    }
  }

  @Test
  void offStillCountsErrors() {
    FailingBackend failing = new FailingBackend();
    try (Cache<String> cache = Cache.builder(String.class).backend(failing).recordStats(false)
        .build()) {
      assertThat(cache.get("a")).isEmpty();
      assertThat(cache.stats().errorCount()).isEqualTo(1);
      assertThat(cache.stats().missCount()).isZero();
    }
  }

  @Test
  void aSumOfCachesKeepsEveryCounterIncludingPutsAndLoadTime() {
    try (Cache<String> a = Cache.builder(String.class).build();
        Cache<String> b = Cache.builder(String.class).namespace("b").build()) {
      script(a);
      script(b);
      CacheStats sum = CacheStats.sum(List.of(a, b), 7);
      assertThat(sum.hitCount()).isEqualTo(6);
      assertThat(sum.missCount()).isEqualTo(8);
      assertThat(sum.loadSuccessCount()).isEqualTo(4);
      assertThat(sum.putCount()).isEqualTo(8);
      assertThat(sum.totalLoadTimeNanos())
          .isEqualTo(a.stats().totalLoadTimeNanos() + b.stats().totalLoadTimeNanos());
      assertThat(sum.evictionCount()).isEqualTo(7);
    }
  }

  @Test
  void isSetOnceAndShownByToString() {
    CacheBuilder<String> builder = Cache.builder(String.class).recordStats(false);
    assertThat(builder.toString()).endsWith("recordStats=false}");
    assertThatThrownBy(() -> builder.recordStats(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("recordStats was already set to false; set each option once");
  }

  /** 3 hits, 4 misses (two of them loaded and stored), 4 puts. */
  private static void script(Cache<String> cache) {
    cache.set("a", "1");
    cache.setMany(Map.of("b", "2"), Duration.ofMinutes(1));
    assertThat(cache.get("a")).contains("1");                    // hit
    assertThat(cache.getOrDefault("zz", "d")).isEqualTo("d");    // miss
    assertThat(cache.get("c", key -> "3")).isEqualTo("3");       // miss, load, put
    assertThat(cache.async().get("d", key -> CompletableFuture.completedFuture("4")).join())
        .isEqualTo("4");                                         // miss, load, put
    assertThat(cache.getMany(List.of("a", "b", "none")))         // 2 hits, 1 miss
        .isEqualTo(Map.of("a", "1", "b", "2"));
  }
}
