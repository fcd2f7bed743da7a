package io.cachette.redis;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The backend contract over a unix socket, to a server this class starts listening only there. */
class RedisUnixSocketConformanceTest extends BackendConformanceTest {
  @TempDir static Path dir;
  private static RedisServers.Server server;

  @BeforeAll
  static void startServer() {
    server = RedisServers.unixSocket(dir);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.kill();
    }
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    return Backends.fromUrl("redis+unix://" + dir.resolve("redis.sock") + "?db=1");
  }
}
