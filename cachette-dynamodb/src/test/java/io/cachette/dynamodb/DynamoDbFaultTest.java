package io.cachette.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.CacheException;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * dynalite is killed in the middle of the run and started again on the same port (its tables kept
 * on disk): fail-open caches miss and report writes as not stored, strict caches throw
 * {@link CacheException}, nothing hangs, and the same backend serves hits again once the server is
 * back. A backend opened while the server is down builds, misses, and creates its table once the
 * server is up.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DynamoDbFaultTest {
  @RegisterExtension
  static final DynaliteServer DYNALITE = DynaliteServer.persistent();

  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(30);

  private Backend backend;
  private Cache<String> failOpen;
  private Cache<String> strict;

  @BeforeEach
  void open() {
    DynaliteServer.requireDynalite();
    backend = Backends.fromUrl(DYNALITE.url("cachette-fault", "timeout=1s"));
    failOpen = Cache.builder(String.class).backend(backend).namespace("open")
        .serializer("string://").operationTimeout(Duration.ofSeconds(3)).build();
    strict = Cache.builder(String.class).backend(backend).namespace("strict")
        .serializer("string://").operationTimeout(Duration.ofSeconds(3)).strict().build();
  }

  @AfterEach
  void close() throws Exception {
    if (backend != null) {
      backend.close();
    }
    if (!DynaliteServer.real()) {
      DYNALITE.kill(); // and up again for the next test
      DYNALITE.start();
    }
  }

  @Test
  void failOpenMissesWhileDownAndHitsAgainAfterRestart() throws Exception {
    assertThat(failOpen.set("a", "alpha")).isTrue();
    assertThat(failOpen.get("a")).contains("alpha");

    DYNALITE.kill();

    assertThat(failOpen.get("a")).isEmpty();
    assertThat(failOpen.getMany(List.of("a", "b"))).isEmpty();
    assertThat(failOpen.set("b", "beta")).isFalse();
    assertThat(failOpen.exists("a")).isFalse();
    assertThat(failOpen.get("a", key -> "loaded")).isEqualTo("loaded");
    assertThat(failOpen.async().get("a").get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(failOpen.async().set("c", "gamma").get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(failOpen.stats().errorCount()).isPositive();

    DYNALITE.start();

    eventually(() -> failOpen.get("a").isPresent());
    assertThat(failOpen.get("a")).as("kept by the server across its restart").contains("alpha");
    assertThat(failOpen.set("a", "again")).isTrue();
    assertThat(failOpen.async().get("a").get(10, TimeUnit.SECONDS)).contains("again");
  }

  @Test
  void strictThrowsCacheExceptionNamingTheBackendWhileDown() throws Exception {
    assertThat(strict.set("a", "alpha")).isTrue();

    DYNALITE.kill();

    assertThatThrownBy(() -> strict.get("a"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("dynamodb://cachette-fault")
        .hasCauseInstanceOf(CacheException.class);
    assertThatThrownBy(() -> strict.set("a", "x")).isInstanceOf(CacheException.class);
    assertThatThrownBy(() -> strict.setMany(Map.of("a", "x", "b", "y"), Duration.ofMinutes(1)))
        .isInstanceOf(CacheException.class);
    assertThatThrownBy(() -> strict.async().get("a").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CacheException.class);
    assertThatThrownBy(() -> backend.clear("strict:")).isInstanceOf(CacheException.class)
        .hasMessageContaining("unreachable");
    assertThatThrownBy(() -> backend.scan("strict:").count()).isInstanceOf(CacheException.class);

    DYNALITE.start();

    eventually(() -> {
      try {
        strict.set("a", "back");
        return true;
      } catch (CacheException e) {
        return false;
      }
    });
    assertThat(strict.get("a")).contains("back");
  }

  @Test
  void aBackendOpenedWhileTheServerIsDownWorksOnceItIsUp() throws Exception {
    DYNALITE.kill();
    String table = "cachette-late-" + UUID.randomUUID().toString().substring(0, 8);
    try (Backend late = Backends.fromUrl(DYNALITE.url(table, "timeout=1s"));
        Cache<String> cache = Cache.builder(String.class).backend(late).namespace("n")
            .serializer("string://").build()) {
      assertThat(cache.get("a")).isEmpty();
      assertThat(cache.set("a", "alpha")).isFalse();
      assertThatThrownBy(() -> late.get("n:a")).isInstanceOf(CacheException.class);

      DYNALITE.start();

      eventually(() -> cache.set("a", "alpha"));
      assertThat(cache.get("a")).contains("alpha");
    }
  }

  /** Polls a condition until it holds, failing after {@link #RECOVERY_DEADLINE}. */
  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("no recovery within " + RECOVERY_DEADLINE)
          .isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
