package io.cachette.jcache;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterAll;

/**
 * The backend conformance suite on {@link JCacheBackends#of} over Caffeine's JCache provider, the
 * JCache cache a user would already have. TTLs follow the test's clock (they live in the stored
 * bytes), so the TTL tests move the clock instead of waiting.
 */
class CaffeineJCacheConformanceTest extends BackendConformanceTest {
  private static final String CAFFEINE_PROVIDER =
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  private static final AtomicInteger CACHES = new AtomicInteger();

  /** Destroyed after all tests: the suite clears each test's keys after the test's own hooks. */
  private static final List<String> CREATED = new ArrayList<>();

  private static CacheManager manager() {
    CachingProvider provider = Caching.getCachingProvider(CAFFEINE_PROVIDER);
    return provider.getCacheManager();
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    String name = "conformance-" + CACHES.incrementAndGet();
    CREATED.add(name);
    javax.cache.Cache<String, byte[]> cache = manager().createCache(name,
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    return JCacheBackends.of(cache, clock);
  }

  @Override
  protected boolean followsClock() {
    return true;
  }

  @AfterAll
  static void destroyCaches() {
    for (String name : CREATED) {
      manager().destroyCache(name);
    }
    CREATED.clear();
  }
}
