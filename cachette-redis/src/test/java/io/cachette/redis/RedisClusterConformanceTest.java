package io.cachette.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract against a real three-master Redis Cluster that this class starts on
 * loopback ports, plus checks that multi-key operations and clear reach every master.
 */
class RedisClusterConformanceTest extends BackendConformanceTest {
  @TempDir static Path dir;
  private static List<RedisServers.Server> nodes;
  private static String url;

  @BeforeAll
  static void startCluster() {
    nodes = RedisServers.cluster(dir, 3);
    url = "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port)
        .collect(Collectors.joining(",")) + "?timeout=5s";
  }

  @AfterAll
  static void stopCluster() {
    if (nodes != null) {
      nodes.forEach(RedisServers.Server::kill);
    }
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    return Backends.fromUrl(url);
  }

  /** How many keys matching a pattern each master holds. */
  private static List<Integer> keysPerMaster(String pattern) {
    List<Integer> counts = new ArrayList<>();
    for (RedisServers.Server node : nodes) {
      String out = node.cli("--scan", "--pattern", pattern).strip();
      counts.add(out.isEmpty() ? 0 : out.split("\n").length);
    }
    return counts;
  }

  @Test
  void setManyWithTtlAcrossSlotsReachesEveryMasterWithItsTtl() {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (int i = 0; i < 90; i++) {
      entries.put(key("spread:" + i), ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    backend.setMany(entries, Duration.ofMinutes(10));

    assertThat(keysPerMaster(prefix() + "spread:*")).allSatisfy(n -> assertThat(n).isPositive())
        .satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum())
            .isEqualTo(90));
    for (RedisServers.Server node : nodes) {
      String sample = node.cli("--scan", "--pattern", prefix() + "spread:*").strip().split("\n")[0];
      long ttl = Long.parseLong(node.cli("PTTL", sample).strip());
      assertThat(ttl).as("PTTL of " + sample).isPositive().isLessThanOrEqualTo(600_000);
    }
    Map<String, Object> found = backend.getMany(new ArrayList<>(entries.keySet()));
    assertThat(found).hasSize(90);
    assertThat(new String((byte[]) found.get(key("spread:7")), StandardCharsets.UTF_8))
        .isEqualTo("v7");
  }

  @Test
  void clearScansAndUnlinksOnEveryMaster() {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      entries.put(key("ns:" + i), new byte[] {1});
    }
    entries.put(key("other:1"), new byte[] {2});
    backend.setMany(entries, null);
    assertThat(keysPerMaster(prefix() + "ns:*")).allSatisfy(n -> assertThat(n).isPositive());

    assertThat(backend.clear(key("ns:"))).isEqualTo(300);

    assertThat(keysPerMaster(prefix() + "ns:*")).containsOnly(0);
    assertThat(backend.exists(key("other:1"))).isTrue();
  }

  @Test
  void backendOnAUserClusterClientLeavesTheClientOpen() {
    RedisClusterClient mine = RedisClusterClient.create(nodes.stream()
        .map(n -> RedisURI.create("redis://127.0.0.1:" + n.port)).toList());
    try {
      try (Backend onClient = RedisBackend.builder(mine).prefix(prefix()).build()) {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
          entries.put("u:" + i, new byte[] {(byte) i});
        }
        onClient.setMany(entries, Duration.ofMinutes(1));
        assertThat(onClient.getMany(new ArrayList<>(entries.keySet()))).hasSize(30);
        assertThat(backend.exists(key("u:3"))).isTrue();
        assertThat(onClient.clear("u:")).isEqualTo(30);
      }
      try (StatefulRedisClusterConnection<String, String> still = mine.connect()) {
        assertThat(still.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      mine.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
