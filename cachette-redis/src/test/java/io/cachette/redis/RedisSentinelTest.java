package io.cachette.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import io.cachette.KeyInfo;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redis-sentinel://}: a master and a sentinel monitoring it, both started by this class;
 * the backend asks the sentinel for the master and works against it.
 */
class RedisSentinelTest {
  private static final String MASTER_NAME = "cachette-test-master";
  @TempDir static Path dir;
  private static RedisServers.Server master;
  private static RedisServers.Server sentinel;

  @BeforeAll
  static void startServers() {
    master = RedisServers.plain(dir);
    sentinel = RedisServers.sentinel(dir, master, MASTER_NAME);
  }

  @AfterAll
  static void stopServers() {
    if (sentinel != null) {
      sentinel.kill();
    }
    if (master != null) {
      master.kill();
    }
  }

  @Test
  void operationsGoToTheMasterTheSentinelNames() {
    String url = "redis-sentinel://127.0.0.1:" + sentinel.port + "/2?master=" + MASTER_NAME;
    try (Backend backend = Backends.fromUrl(url);
        Cache<String> cache = Cache.builder(String.class).backend(backend).namespace("s")
            .serializer(new Utf8Serializer()).build()) {
      assertThat(backend.describe()).isEqualTo("redis-sentinel://127.0.0.1:" + sentinel.port
          + "/2?master=" + MASTER_NAME);
      cache.set("a", "alpha", Duration.ofMinutes(1));
      cache.setMany(java.util.Map.of("b", "beta", "c", "gamma"));
      assertThat(cache.getMany(List.of("a", "b", "c"))).containsOnlyKeys("a", "b", "c");
      assertThat(master.cli("-n", "2", "EXISTS", "s:a").strip()).isEqualTo("1");
      assertThat(cache.delete("b")).isTrue();
      try (Stream<KeyInfo> keys = cache.keys()) {
        assertThat(keys.map(KeyInfo::key)).containsExactlyInAnyOrder("a", "c");
      }
      cache.clear();
      assertThat(master.cli("-n", "2", "DBSIZE").strip()).isEqualTo("0");
    }
  }

  @Test
  void anUnknownMasterNameFailsToConnect() {
    String url = "redis-sentinel://127.0.0.1:" + sentinel.port + "?master=nope&timeout=1s";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backends.fromUrl(url))
        .isInstanceOf(io.cachette.CacheException.class)
        .hasMessageContaining("Cannot connect to redis-sentinel://");
  }
}
