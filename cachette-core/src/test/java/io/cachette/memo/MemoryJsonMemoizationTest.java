package io.cachette.memo;

import io.cachette.TestClock;
import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;

/**
 * The memoization contract on {@code memory://} with {@code json://}: values are stored as bytes
 * and decoded to each method's generic return type.
 */
class MemoryJsonMemoizationTest extends MemoizationContract {

  @Override
  protected Backend newBackend(TestClock clock) {
    return MemoryBackend.builder().clock(clock).build();
  }

  @Override
  protected @Nullable String serializer() {
    return "json://";
  }
}
