package io.cachette.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The meters of a cache after a scripted sequence of operations: names, tags and counts. */
class CachetteCacheMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void everyMeterHasMicrometersNameItsTagsAndTheExactCount() {
    try (Cache<String> users = Cache.builder(String.class).namespace("users").build()) {
      CachetteCacheMetrics.monitor(registry, users, "users", "memory", "app", "shop");

      users.set("1", "ann");                                   // put 1
      users.set("2", "bob", Duration.ofMinutes(1));            // put 2
      users.setIfAbsent("2", "other");                         // not stored
      users.setMany(Map.of("3", "cy", "4", "di"));             // puts 3, 4
      users.get("1");                                          // hit 1
      users.get("9");                                          // miss 1
      users.getMany(List.of("2", "3", "8"));                   // hits 2, 3; miss 2
      users.get("5", key -> loadSlowly("eve"));                // miss 3, load ok 1, put 5
      users.get("5", key -> "never called");                   // hit 4
      try {
        users.get("6", key -> {
          throw new IllegalStateException("down");             // miss 4, load failure 1
        });
      } catch (IllegalStateException expected) {
        // the loader's exception reaches the caller
      }

      Tags common = Tags.of("cache", "users", "backend", "memory", "app", "shop");
      assertThat(counter("cache.gets", common.and("result", "hit"))).isEqualTo(4);
      assertThat(counter("cache.gets", common.and("result", "miss"))).isEqualTo(4);
      assertThat(counter("cache.puts", common)).isEqualTo(5);
      assertThat(counter("cache.load", common.and("result", "success"))).isEqualTo(1);
      assertThat(counter("cache.load", common.and("result", "failure"))).isEqualTo(1);
      assertThat(counter("cachette.errors", common)).isZero();
      assertThat(counter("cache.evictions", common)).isZero();
      TimeGauge loadTime = registry.get("cache.load.duration").tags(common).timeGauge();
      assertThat(loadTime.value(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(ONE_MILLI);

      assertThat(meterIds()).containsExactlyInAnyOrder(
          "cache.gets" + tags(common.and("result", "hit")),
          "cache.gets" + tags(common.and("result", "miss")),
          "cache.puts" + tags(common),
          "cache.evictions" + tags(common),
          "cache.load" + tags(common.and("result", "success")),
          "cache.load" + tags(common.and("result", "failure")),
          "cache.load.duration" + tags(common),
          "cachette.errors" + tags(common));
    }
  }

  @Test
  void evictionsCountWhatTheMemoryBackendEvicted() {
    try (MemoryBackend memory = MemoryBackend.builder().maxSize(1).build();
        Cache<String> cache = Cache.builder(String.class).backend(memory).build()) {
      CachetteCacheMetrics.monitor(registry, cache, "small", "memory");
      for (int i = 0; i < 10; i++) {
        cache.set("k" + i, "v");
      }
      memory.estimatedSize();           // runs Caffeine's pending maintenance, evictions included
      long evicted = memory.evictionCount();
      assertThat(evicted).isPositive();
      assertThat(counter("cache.evictions", Tags.of("cache", "small", "backend", "memory")))
          .isEqualTo(evicted);
    }
  }

  @Test
  void aBackendThatCannotCountEvictionsGetsNoEvictionMeter() {
    try (Cache<String> cache = Cache.builder(String.class).backend("dummy://").build()) {
      CachetteCacheMetrics.monitor(registry, cache, "nothing", "dummy");
      assertThat(registry.find("cache.evictions").meters()).isEmpty();
      assertThat(registry.find("cache.gets").meters()).hasSize(2);
    }
  }

  @Test
  void errorsCountFailedOperationsOfAFailOpenCache() {
    try (Cache<String> cache = Cache.builder(String.class).backend("dummy://").build()) {
      CachetteCacheMetrics.monitor(registry, cache, "c", "dummy");
      Cache<String> broken = Cache.builder(String.class)
          .backend(MemoryBackend.builder().build()).build();
      CachetteCacheMetrics.monitor(registry, broken, "broken", "memory");
      MemoryBackend closed = MemoryBackend.builder().build();
      try (Cache<String> onClosed = Cache.builder(String.class).backend(closed).build()) {
        CachetteCacheMetrics.monitor(registry, onClosed, "closed", "memory");
        closed.close();
        onClosed.get("a");                // error 1 (and a miss)
        onClosed.set("a", "v");           // error 2, not a put
        Tags tags = Tags.of("cache", "closed", "backend", "memory");
        assertThat(counter("cachette.errors", tags)).isEqualTo(2);
        assertThat(counter("cache.gets", tags.and("result", "miss"))).isEqualTo(1);
        assertThat(counter("cache.puts", tags)).isZero();
      }
    }
  }

  @Test
  void aHitAddsNoWorkForTheMetersTheyReadOnlyWhenScraped() {
    try (Cache<String> cache = Cache.builder(String.class).build()) {
      cache.set("a", "v");
      CachetteCacheMetrics.monitor(registry, cache, "c", "memory");
      for (int i = 0; i < 1000; i++) {
        cache.get("a");
      }
      assertThat(counter("cache.gets", Tags.of("cache", "c", "backend", "memory", "result", "hit")))
          .isEqualTo(cache.stats().hitCount()).isEqualTo(1000);
    }
  }

  @Test
  void theBackendTagIsAShortNameNeverAUrl() {
    assertThat(CachetteCacheMetrics.backendName("redis://app:secret@cache.internal:6379/0"))
        .isEqualTo("redis");
    assertThat(CachetteCacheMetrics.backendName("REDIS-cluster://h:7000")).isEqualTo("redis-cluster");
    assertThat(CachetteCacheMetrics.backendName("memory://")).isEqualTo("memory");
    try (Cache<String> cache = Cache.builder(String.class).build()) {
      assertThatThrownBy(() -> new CachetteCacheMetrics(cache, "c", "redis://u:pw@h", Tags.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("backendName(url)")
          .hasMessageNotContaining("pw");
      assertThatThrownBy(() -> new CachetteCacheMetrics(cache, "c", "", Tags.empty()))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> CachetteCacheMetrics.backendName("no scheme here"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no scheme");
  }

  private static final long ONE_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  /** A loader that takes at least a millisecond (spinning, not sleeping). */
  private static String loadSlowly(String value) {
    long start = System.nanoTime();
    while (System.nanoTime() - start < ONE_MILLI) {
      Thread.onSpinWait();
    }
    return value;
  }

  private double counter(String name, Tags tags) {
    FunctionCounter counter = registry.get(name).tags(tags).functionCounter();
    assertThat(tagSet(counter.getId().getTags())).isEqualTo(tagSet(tags));
    return counter.count();
  }

  private Set<String> meterIds() {
    return registry.getMeters().stream()
        .map(Meter::getId)
        .map(id -> id.getName() + tags(Tags.of(id.getTags())))
        .collect(Collectors.toSet());
  }

  private static String tags(Iterable<Tag> tags) {
    return tagSet(tags).stream().sorted().collect(Collectors.joining(",", "{", "}"));
  }

  private static Set<String> tagSet(Iterable<Tag> tags) {
    return Tags.of(tags).stream().map(t -> t.getKey() + "=" + t.getValue())
        .collect(Collectors.toSet());
  }
}
