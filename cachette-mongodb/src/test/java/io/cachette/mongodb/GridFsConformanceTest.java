package io.cachette.mongodb;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;

/** The backend contract on {@code gridfs://} opened by URL, in real time. */
class GridFsConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend newBackend(MutableClock clock) {
    // A fresh client connects on its first operation; on a busy machine that can outlast the
    // suite's shortest TTL, so the connection is made before the test starts.
    String url = TestMongo.baseUrl().replaceFirst("^mongodb", "gridfs") + "/"
        + TestMongo.DATABASE + "?bucket=conformance&timeout=5s";
    Backend backend = Backends.fromUrl(url);
    backend.exists("warm-up");
    return backend;
  }
}
