package io.cachette.redis;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;

/**
 * The backend contract against the shared server on 127.0.0.1:6379 (database 9, under a key
 * prefix of its own, so that other tests and runs using that server are not disturbed).
 */
class RedisConformanceTest extends BackendConformanceTest {
  static final String URL = "redis://127.0.0.1:6379/9?prefix=cachette-test:&timeout=5s";

  @Override
  protected Backend newBackend(MutableClock clock) {
    return Backends.fromUrl(URL);
  }
}
