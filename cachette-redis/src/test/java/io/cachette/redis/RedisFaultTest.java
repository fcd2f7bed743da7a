package io.cachette.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server of the test's own is killed in the middle of the run and started again on the same
 * port: fail-open caches miss and report writes as not stored, strict caches throw, nothing hangs,
 * and the same backend serves hits again once the server is back (Lettuce reconnects).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisFaultTest {
  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private RedisServers.Server server;
  private Backend backend;
  private Cache<String> failOpen;
  private Cache<String> strict;

  @BeforeEach
  void start() {
    server = RedisServers.plain(dir);
    backend = Backends.fromUrl("redis://127.0.0.1:" + server.port + "?timeout=500ms");
    failOpen = Cache.builder(String.class).backend(backend).namespace("open")
        .serializer(new Utf8Serializer()).operationTimeout(Duration.ofSeconds(2)).build();
    strict = Cache.builder(String.class).backend(backend).namespace("strict")
        .serializer(new Utf8Serializer()).operationTimeout(Duration.ofSeconds(2)).strict().build();
  }

  @AfterEach
  void stop() {
    backend.close();
    server.kill();
  }

  /**
   * A server that keeps the connection open and answers nothing: every async call still ends,
   * bounded by Lettuce's command timeout (the cache schedules no timer of its own for single-key
   * calls of a backend that bounds them), and the cache serves hits again once the server wakes.
   */
  @Test
  void asyncCallsEndWhileTheServerHangsAndHitAgainAfter() throws Exception {
    assertThat(backend.async().singleKeyTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(failOpen.set("a", "alpha")).isTrue();
    server.signal("STOP");
    try {
      // join() returns only because something bounded the call: the test's @Timeout is the limit.
      assertThat(failOpen.async().get("a").join()).isEmpty();
      assertThat(failOpen.async().set("b", "beta").join()).isFalse();
      assertThat(failOpen.async().exists("a").join()).isFalse();
      assertThatThrownBy(() -> strict.async().get("a").join())
          .hasCauseInstanceOf(CacheException.class)
          .hasMessageContaining("did not answer within");
    } finally {
      server.signal("CONT");
    }
    long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
    while (!failOpen.async().get("a").join().isPresent()) {
      assertThat(System.nanoTime()).as("the cache did not recover within " + RECOVERY_DEADLINE)
          .isLessThan(deadline);
      RedisServers.pause(50);
    }
  }

  @Test
  void aBackendOnAClientOfYoursPromisesNoBoundOfItsOwn() {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
        "redis://127.0.0.1:" + server.port);
    try (RedisBackend mine = RedisBackend.builder(client).build()) {
      assertThat(mine.async().singleKeyTimeout()).isNull();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void failOpenMissesWhileDownAndHitsAgainAfterRestart() throws Exception {
    assertThat(failOpen.set("a", "alpha")).isTrue();
    assertThat(failOpen.get("a")).contains("alpha");

    server.kill();

    assertThat(failOpen.get("a")).isEmpty();
    assertThat(failOpen.getMany(List.of("a", "b"))).isEmpty();
    assertThat(failOpen.set("b", "beta")).isFalse();
    assertThat(failOpen.exists("a")).isFalse();
    assertThat(failOpen.get("a", key -> "loaded")).isEqualTo("loaded");
    assertThat(failOpen.async().get("a").get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(failOpen.async().set("c", "gamma").get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(failOpen.stats().errorCount()).isPositive();

    server.start();

    long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
    while (!failOpen.set("a", "again")) {
      assertThat(System.nanoTime()).as("the cache did not recover within " + RECOVERY_DEADLINE)
          .isLessThan(deadline);
      RedisServers.pause(50);
    }
    assertThat(failOpen.get("a")).contains("again");
    assertThat(failOpen.async().get("a").get(10, TimeUnit.SECONDS)).contains("again");
  }

  @Test
  void aScanFailsWithCacheExceptionWhenTheServerGoesDownBetweenPages() {
    Map<String, Object> entries = new HashMap<>();
    for (int i = 0; i < 1200; i++) {
      entries.put("s:" + i, new byte[] {1});
    }
    backend.setMany(entries, null);
    try (Stream<KeyInfo> keys = backend.scan("s:")) {
      Iterator<KeyInfo> scan = keys.iterator();
      assertThat(scan.next().key()).startsWith("s:"); // the first SCAN step returns ~500 keys
      server.kill();
      assertThatThrownBy(() -> scan.forEachRemaining(key -> { }))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("redis://127.0.0.1:" + server.port);
    }
  }

  @Test
  void strictThrowsCacheExceptionWithTheCauseWhileDown() {
    assertThat(strict.set("a", "alpha")).isTrue();

    server.kill();

    assertThatThrownBy(() -> strict.get("a"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("redis://127.0.0.1:" + server.port)
        .hasCauseInstanceOf(CacheException.class);
    assertThatThrownBy(() -> strict.set("a", "x")).isInstanceOf(CacheException.class);
    assertThatThrownBy(() -> strict.setMany(java.util.Map.of("a", "x", "b", "y"), Duration.ofMinutes(1)))
        .isInstanceOf(CacheException.class);
    assertThatThrownBy(() -> strict.async().get("a").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CacheException.class);
    assertThatThrownBy(() -> backend.clear("strict:")).isInstanceOf(CacheException.class);
    assertThatThrownBy(() -> backend.scan("strict:").count()).isInstanceOf(CacheException.class);

    server.start();

    long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
    while (true) {
      try {
        strict.set("a", "back");
        break;
      } catch (CacheException e) {
        assertThat(System.nanoTime()).as("no recovery within " + RECOVERY_DEADLINE + ": " + e)
            .isLessThan(deadline);
        RedisServers.pause(50);
      }
    }
    assertThat(strict.get("a")).contains("back");
  }
}
