package io.cachette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.cache.concurrent.ConcurrentMapCache;

/** The shared backend contract on the adapter over Spring's ConcurrentMapCache, on the test clock. */
class ConcurrentMapCacheConformanceTest extends BackendConformanceTest {
  private final ConcurrentMapCache spring = new ConcurrentMapCache("shared");

  @Override
  protected Backend newBackend(MutableClock clock) {
    return SpringBackends.of(spring, clock, null);
  }

  @Override
  protected boolean followsClock() {
    return true;
  }

  @Test
  void entriesLiveInTheSpringCacheUnderTheirOwnKeys() {
    backend.set(key("a"), value("v"), null);
    assertThat(spring.getNativeCache()).containsKey(key("a"));
  }

  @Test
  void anExpiredEntryStaysInTheSpringCacheUntilItIsReplacedDocumentedLimit() {
    backend.set(key("a"), value("v"), Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(backend.get(key("a"))).isNull();
    assertThat(spring.getNativeCache()).containsKey(key("a"));
    assertThat(backend.setIfAbsent(key("a"), value("w"), null)).isTrue();
    assertThat(text(backend.get(key("a")))).isEqualTo("w");
  }
}
