package io.cachette.memo;

import io.cachette.TestClock;
import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;

/** The memoization contract on {@code memory://} with the default {@code noop} serializer. */
class MemoryMemoizationTest extends MemoizationContract {

  @Override
  protected Backend newBackend(TestClock clock) {
    return MemoryBackend.builder().clock(clock).build();
  }

  @Override
  protected @Nullable String serializer() {
    return null;
  }
}
