package io.cachette.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import io.cachette.backend.Backend;
import io.cachette.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The documented limits of {@link JCacheBackends#of}, on Caffeine's JCache. */
class CaffeineJCacheBackendLimitsTest {
  private static final AtomicInteger CACHES = new AtomicInteger();

  private final MutableClock clock = new MutableClock();
  private CacheManager manager;
  private javax.cache.Cache<String, byte[]> jcache;
  private Backend backend;

  @BeforeEach
  void open() {
    manager = Caching.getCachingProvider(
        "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider").getCacheManager();
    jcache = manager.createCache("limits-" + CACHES.incrementAndGet(),
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    backend = JCacheBackends.of(jcache, clock);
  }

  @AfterEach
  void destroy() {
    backend.close();
    manager.destroyCache(jcache.getName());
  }

  @Test
  void anExpiredEntryIsAbsentThoughTheJCacheStillHoldsItUntilItIsTouched() {
    backend.set("k", bytes("v"), Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));

    assertThat(backend.get("k")).isNull();
    assertThat(jcache.containsKey("k")).isTrue();
    assertThat(backend.delete("k")).isFalse();
    assertThat(jcache.containsKey("k")).isFalse();
  }

  @Test
  void aValuePutByOtherCodeWithoutTheHeaderReadsAsAbsent() {
    jcache.put("foreign", bytes("raw"));

    assertThat(backend.get("foreign")).isNull();
    assertThat(backend.setIfAbsent("foreign", bytes("ours"), null)).isTrue();
  }

  @Test
  void aTypedCacheRunsOnTheJCacheWithItsSerializer() {
    try (Cache<Integer> numbers = Cache.builder(Integer.class).backend(backend)
        .serializer("json://").namespace("numbers").build()) {
      numbers.set("answer", 42);

      assertThat(numbers.get("answer")).contains(42);
      assertThat(jcache.containsKey("numbers:answer")).isTrue();
      numbers.clear();
      assertThat(jcache.iterator().hasNext()).isFalse();
    }
  }

  @Test
  void closingTheBackendLeavesTheJCacheOpen() {
    backend.close();

    assertThat(jcache.isClosed()).isFalse();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
