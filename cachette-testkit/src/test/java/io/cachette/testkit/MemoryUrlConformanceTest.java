package io.cachette.testkit;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;

/** memory:// opened by URL, on real time: the TTL tests wait for the system clock. */
class MemoryUrlConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend newBackend(MutableClock clock) {
    return Backends.fromUrl("memory://");
  }
}
