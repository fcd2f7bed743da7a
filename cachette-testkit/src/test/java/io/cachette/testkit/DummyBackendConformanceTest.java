package io.cachette.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * dummy:// runs the suite's tests that do not need a stored value, and these tests of its
 * documented differences: it stores nothing, so reads miss, writes report success, and delete,
 * expireIn and exists report false.
 */
class DummyBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend newBackend(MutableClock clock) {
    return Backends.fromUrl("dummy://");
  }

  @Override
  protected boolean retainsValues() {
    return false;
  }

  @Test
  void writesAreForgotten() {
    backend.set(key("a"), value("v"), null);
    backend.setMany(Map.of(key("b"), value("v")), Duration.ofSeconds(5));
    assertThat(backend.get(key("a"))).isNull();
    assertThat(backend.getMany(List.of(key("a"), key("b")))).isEmpty();
    assertThat(backend.exists(key("a"))).isFalse();
  }

  @Test
  void setIfAbsentAlwaysReportsStored() {
    assertThat(backend.setIfAbsent(key("a"), value("v"), null)).isTrue();
    assertThat(backend.setIfAbsent(key("a"), value("v"), null)).isTrue();
  }

  @Test
  void deleteAndExpireInReportNothingExisted() {
    backend.set(key("a"), value("v"), null);
    assertThat(backend.delete(key("a"))).isFalse();
    assertThat(backend.expireIn(key("a"), Duration.ofSeconds(1))).isFalse();
    assertThat(backend.clear(prefix())).isZero();
  }
}
