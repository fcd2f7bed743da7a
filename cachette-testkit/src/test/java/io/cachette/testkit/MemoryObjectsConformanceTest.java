package io.cachette.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;

/** memory:// storing objects as they are (the noop serializer's mode), bounded in size. */
class MemoryObjectsConformanceTest extends BackendConformanceTest {
  /** A non-byte value, to show objects are kept as they are. */
  record Box(String text) {}

  @Override
  protected Backend newBackend(MutableClock clock) {
    return MemoryBackend.builder().clock(clock).maxSize(100_000).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }

  @Override
  protected Object value(String text) {
    return new Box(text);
  }

  @Override
  protected String text(Object stored) {
    assertThat(stored).isInstanceOf(Box.class);
    return ((Box) stored).text();
  }
}
