package io.cachette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

/**
 * The contract on a ConcurrentMapCache that stores by value (Java-serializing every entry), so that
 * what the adapter reads back is a copy, never the instance it stored.
 */
class StoreByValueConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend newBackend(MutableClock clock) {
    ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager();
    manager.setBeanClassLoader(StoreByValueConformanceTest.class.getClassLoader());
    manager.setStoreByValue(true);
    ConcurrentMapCache spring = (ConcurrentMapCache) manager.getCache("by-value");
    assertThat(spring.isStoreByValue()).isTrue();
    return SpringBackends.of(spring, clock, null);
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
