package io.cachette.testkit;

import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;

/**
 * memory:// with the test's prefix declared as its preferred prefix (as a cache that opened it
 * from a URL declares its namespace): keys under it are kept in the cheaper form, and every
 * operation must see the same entries as without it.
 */
class MemoryPreferredPrefixConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend newBackend(MutableClock clock) {
    MemoryBackend backend = MemoryBackend.builder().clock(clock).build();
    backend.preferPrefix(prefix());
    return backend;
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
