package io.cachette.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.CacheException;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract over TLS ({@code rediss://}), to a server this class starts with a
 * certificate signed by a CA it makes, verifying the server's certificate and host name.
 */
class RedisTlsConformanceTest extends BackendConformanceTest {
  @TempDir static Path dir;
  private static RedisServers.Server server;

  @BeforeAll
  static void startServer() {
    server = RedisServers.tls(dir);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.kill();
    }
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    return Backends.fromUrl("rediss://127.0.0.1:" + server.port + "?ca-cert="
        + dir.resolve("ca.crt") + "&verify-peer=full");
  }

  @Test
  void aServerCertificateFromAnUntrustedCaIsRefused() {
    assertThatThrownBy(() -> Backends.fromUrl("rediss://127.0.0.1:" + server.port))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("Cannot connect to rediss://127.0.0.1:" + server.port);
  }

  @Test
  void verifyPeerNoneConnectsWithoutTheCa() {
    try (Backend backend = Backends.fromUrl("rediss://127.0.0.1:" + server.port
        + "?verify-peer=none")) {
      backend.set(key("x"), new byte[] {7}, null);
      assertThat((byte[]) backend.get(key("x"))).containsExactly(7);
    }
  }

  @Test
  void plainRedisToATlsPortFails() {
    assertThatThrownBy(() -> Backends.fromUrl("redis://127.0.0.1:" + server.port + "?timeout=1s"))
        .isInstanceOf(CacheException.class);
  }
}
