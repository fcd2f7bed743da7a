package io.cachette.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.CacheException;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server of the test's own (always in-process, whatever {@value TestMongo#ENV} says) is stopped
 * in the middle of the run and started again on the same port: fail-open caches miss and report
 * writes as not stored, strict caches and the backend throw {@link CacheException}, nothing hangs,
 * and the same backend serves hits again once the server is back (the driver reconnects).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MongoFaultTest {
  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(30);

  private final TestMongo.InProcess server = new TestMongo.InProcess();
  private Backend backend;

  @AfterEach
  void stop() {
    if (backend != null) {
      backend.close();
    }
    server.stop();
  }

  private Backend open(String scheme) {
    server.start();
    String url = server.url().replaceFirst("^mongodb", scheme) + "/faults?timeout=500ms";
    backend = Backends.fromUrl(url);
    return backend;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mongodb", "gridfs"})
  void failOpenMissesWhileDownAndHitsAgainAfterRestart(String scheme) throws Exception {
    Backend store = open(scheme);
    try (Cache<String> cache = Cache.builder(String.class).backend(store).namespace("open")
        .operationTimeout(Duration.ofSeconds(5)).build()) {
      assertThat(cache.set("a", "alpha")).isTrue();
      assertThat(cache.get("a")).contains("alpha");

      server.stop();

      assertThat(cache.get("a")).isEmpty();
      assertThat(cache.getMany(List.of("a", "b"))).isEmpty();
      assertThat(cache.set("b", "beta")).isFalse();
      assertThat(cache.exists("a")).isFalse();
      assertThat(cache.get("a", key -> "loaded")).isEqualTo("loaded");
      assertThat(cache.async().get("a").get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(cache.async().set("c", "gamma").get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(cache.stats().errorCount()).isPositive();

      server.start();

      long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
      while (!cache.set("a", "again")) {
        assertThat(System.nanoTime()).as("no recovery within " + RECOVERY_DEADLINE)
            .isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
      assertThat(cache.get("a")).contains("again");
      assertThat(cache.async().get("a").get(10, TimeUnit.SECONDS)).contains("again");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mongodb", "gridfs"})
  void strictAndTheBackendThrowCacheExceptionNamingTheServerWhileDown(String scheme) {
    Backend store = open(scheme);
    try (Cache<String> strict = Cache.builder(String.class).backend(store).namespace("strict")
        .operationTimeout(Duration.ofSeconds(5)).strict().build()) {
      assertThat(strict.set("a", "alpha")).isTrue();

      server.stop();

      String where = "127.0.0.1:" + server.port;
      assertThatThrownBy(() -> strict.get("a")).isInstanceOf(CacheException.class)
          .hasMessageContaining(where);
      assertThatThrownBy(() -> strict.set("a", "x")).isInstanceOf(CacheException.class);
      assertThatThrownBy(() -> strict.setMany(Map.of("a", "x", "b", "y"), Duration.ofMinutes(1)))
          .isInstanceOf(CacheException.class);
      assertThatThrownBy(() -> strict.async().get("a").get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CacheException.class);
      assertThatThrownBy(() -> store.clear("strict:")).isInstanceOf(CacheException.class)
          .hasMessageContaining("unreachable").hasMessageContaining(where);
      assertThatThrownBy(() -> {
        try (Stream<?> keys = store.scan("strict:")) {
          keys.count();
        }
      }).isInstanceOf(CacheException.class);

      server.start();

      long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
      while (true) {
        try {
          strict.set("a", "back");
          break;
        } catch (CacheException e) {
          assertThat(System.nanoTime()).as("no recovery within " + RECOVERY_DEADLINE + ": " + e)
              .isLessThan(deadline);
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
      }
      assertThat(strict.get("a")).contains("back");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mongodb", "gridfs"})
  void aBackendOpenedWhileTheServerIsDownWorksOnceItIsUp(String scheme) {
    server.start();
    server.stop();
    backend = Backends.fromUrl(server.url().replaceFirst("^mongodb", scheme)
        + "/faults?timeout=500ms");
    assertThatThrownBy(() -> backend.get("k")).isInstanceOf(CacheException.class);
    server.start();
    long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
    while (true) {
      try {
        backend.set("k", new byte[] {1}, null);
        break;
      } catch (CacheException e) {
        assertThat(System.nanoTime()).as("no recovery: " + e).isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    assertThat((byte[]) backend.get("k")).containsExactly(1);
  }
}
