package io.cachette.client;

import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;

/** {@link MemoizeContract} in memory, values kept as they are. */
class MemoryMemoizeTest extends MemoizeContract {
  @Override
  Backend openBackend() {
    return MemoryBackend.builder().maxSize(128).build();
  }
}
