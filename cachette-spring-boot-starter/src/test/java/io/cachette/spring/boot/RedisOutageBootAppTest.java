package io.cachette.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Redis outage: the backend URL names a port where nothing listens. The application starts, and
 * every annotated method runs and returns its result as if nothing were cached (fail-open, the
 * default); the failures are counted in cachette.errors.
 */
@SpringBootTest(classes = LibraryApp.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisOutageBootAppTest {
  @Autowired Library library;
  @Autowired MeterRegistry registry;

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry properties) {
    int closedPort = closedPort();
    properties.add("cachette.default.backend",
        () -> "redis://127.0.0.1:" + closedPort + "?timeout=500ms");
  }

  /** A port that was just free: bound, then released, so that nothing listens there. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theAnnotatedMethodsRunAndReturnTheirResults() throws Exception {
    int before = library.calls();
    assertThat(library.title(1)).isEqualTo("title-1");
    assertThat(library.title(1)).isEqualTo("title-1");
    assertThat(library.rename(1, "renamed")).isEqualTo("renamed");
    library.drop(1);
    library.dropAll();
    assertThat(library.slowTitle("isbn")).isEqualTo("slow-isbn");
    assertThat(library.calls() - before).isEqualTo(6);

    Tags books = Tags.of("cache", "books", "backend", "redis");
    assertThat(registry.get("cachette.errors").tags(books).functionCounter().count())
        .isGreaterThanOrEqualTo(6);
    assertThat(registry.get("cache.gets").tags(books.and("result", "hit")).functionCounter()
        .count()).isZero();
  }
}
