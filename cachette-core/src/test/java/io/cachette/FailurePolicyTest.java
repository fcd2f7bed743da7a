package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {
  private final FailingBackend backend = new FailingBackend();

  private Cache<String> failOpen() {
    return Cache.builder(String.class).backend(backend).serializer(new Utf8Serializer()).build();
  }

  private Cache<String> strict() {
    return Cache.builder(String.class).backend(backend).serializer(new Utf8Serializer())
        .strict().build();
  }

  @Test
  void failOpenReadsMissAndWritesReportNotStored() {
    Cache<String> cache = failOpen();
    assertThat(cache.get("k")).isEmpty();
    assertThat(cache.getOrDefault("k", "d")).isEqualTo("d");
    assertThat(cache.getMany(List.of("a", "b"))).isEmpty();
    assertThat(cache.set("k", "v")).isFalse();
    assertThat(cache.setIfAbsent("k", "v")).isFalse();
    assertThat(cache.setMany(Map.of("a", "1"))).isFalse();
    assertThat(cache.delete("k")).isFalse();
    assertThat(cache.deleteMany(List.of("k"))).isZero();
    assertThat(cache.exists("k")).isFalse();
    assertThat(cache.expireIn("k", Duration.ofSeconds(1))).isFalse();
    cache.clear();
    assertThat(cache.stats().errorCount()).isEqualTo(11);
    assertThat(cache.stats().missCount()).isEqualTo(4);
  }

  @Test
  void failOpenLoaderStillRunsAndItsValueIsReturned() {
    Cache<String> cache = failOpen();
    assertThat(cache.get("k", k -> "loaded-" + k)).isEqualTo("loaded-k");
    assertThat(cache.stats().loadSuccessCount()).isEqualTo(1);
  }

  @Test
  void cacheRecoversWhenTheBackendComesBack() {
    Cache<String> cache = failOpen();
    assertThat(cache.set("k", "v")).isFalse();
    backend.down.set(false);
    assertThat(cache.set("k", "v")).isTrue();
    assertThat(cache.get("k")).contains("v");
  }

  @Test
  void strictThrowsCacheExceptionWithTheCause() {
    Cache<String> cache = strict();
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class)
        .hasMessageContaining("get of 'default:…(1 chars, #")
        .hasMessageContaining("on failing://test failed")
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.set("k", "v")).isInstanceOf(CacheException.class);
    assertThatThrownBy(() -> cache.getMany(List.of("k"))).isInstanceOf(CacheException.class);
    assertThatThrownBy(cache::clear).isInstanceOf(CacheException.class);
    assertThat(cache.stats().errorCount()).isEqualTo(4);
  }

  @Test
  void asyncFailOpenCompletesWithAMiss() throws Exception {
    AsyncCache<String> cache = failOpen().async();
    assertThat(cache.get("k").get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(cache.set("k", "v").get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(cache.getMany(List.of("a")).get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void asyncStrictCompletesExceptionally() {
    AsyncCache<String> cache = strict().async();
    assertThatThrownBy(() -> cache.get("k").get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CacheException.class);
  }

  @Test
  void asyncOperationsThatHangAreBoundedByTheTimeout() throws Exception {
    backend.down.set(false);
    backend.hang.set(true);
    Cache<String> open = Cache.builder(String.class).backend(backend)
        .serializer(new Utf8Serializer()).operationTimeout(Duration.ofMillis(50)).build();
    CompletableFuture<java.util.Optional<String>> read = open.async().get("k");
    assertThat(read.get(30, TimeUnit.SECONDS)).isEmpty();
    assertThat(open.stats().errorCount()).isEqualTo(1);

    Cache<String> strict = Cache.builder(String.class).backend(backend)
        .serializer(new Utf8Serializer()).operationTimeout(Duration.ofMillis(50)).strict().build();
    assertThatThrownBy(() -> strict.async().set("k", "v").get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CacheException.class)
        .hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
  }

  @Test
  void argumentErrorsAreThrownWhateverThePolicy() {
    Cache<String> cache = failOpen();
    assertThatThrownBy(() -> cache.get("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.async().get("").isCompletedExceptionally()).isTrue();
  }
}
