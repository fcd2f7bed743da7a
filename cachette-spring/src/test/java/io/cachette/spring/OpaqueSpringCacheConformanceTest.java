package io.cachette.spring;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.springframework.cache.Cache;
import org.springframework.cache.concurrent.ConcurrentMapCache;

/**
 * The contract on a Spring cache that does not expose a map of its keys (as Spring's RedisCache
 * does not): the adapter then lists and clears the keys written through it. Asynchronous
 * operations run on an executor, as they should for a cache that blocks.
 */
class OpaqueSpringCacheConformanceTest extends BackendConformanceTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    return SpringBackends.of(new Opaque(new ConcurrentMapCache("opaque")), clock, POOL);
  }

  @Override
  protected boolean followsClock() {
    return true;
  }

  /** A Spring cache whose native cache is no map. */
  private record Opaque(ConcurrentMapCache inner) implements Cache {
    @Override
    public String getName() {
      return inner.getName();
    }

    @Override
    public Object getNativeCache() {
      return this;
    }

    @Override
    public @Nullable ValueWrapper get(Object key) {
      return inner.get(key);
    }

    @Override
    public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
      return inner.get(key, type);
    }

    @Override
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
      return inner.get(key, valueLoader);
    }

    @Override
    public void put(Object key, @Nullable Object value) {
      inner.put(key, value);
    }

    @Override
    public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
      return inner.putIfAbsent(key, value);
    }

    @Override
    public void evict(Object key) {
      inner.evict(key);
    }

    @Override
    public void clear() {
      inner.clear();
    }
  }
}
