package io.cachette.client;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.util.UUID;

/**
 * {@link MemoizeContract} on the Redis at 127.0.0.1:6379 (started by scripts/services.sh), each
 * store under its own key prefix.
 */
class RedisMemoizeTest extends MemoizeContract {
  @Override
  Backend openBackend() {
    return Backends.fromUrl("redis://127.0.0.1:6379/0?prefix=cachette-client-test-"
        + UUID.randomUUID() + ":");
  }
}
