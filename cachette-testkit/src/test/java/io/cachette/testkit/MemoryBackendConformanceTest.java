package io.cachette.testkit;

import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;

/** memory:// with byte values, on the test's clock. */
class MemoryBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend newBackend(MutableClock clock) {
    return MemoryBackend.builder().clock(clock).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
