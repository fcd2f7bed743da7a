package io.cachette.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.CacheException;
import io.cachette.backend.Backends;
import io.cachette.url.CacheUrl;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and checking of Redis URLs; none of these tests needs a server except the last two. */
class RedisUrlTest {

  private static RedisEndpoint parse(String url) {
    return RedisEndpoint.parse(CacheUrl.parse(url));
  }

  private static RedisCredentials credentials(RedisURI uri) {
    return uri.getCredentialsProvider().resolveCredentials().block();
  }

  @Test
  void everySchemeIsRegisteredWithTheServiceLoader() {
    assertThat(Backends.providers()).containsKeys("redis", "rediss", "redis+unix",
        "redis-sentinel", "redis-cluster");
    assertThat(Backends.providers().get("redis")).isInstanceOf(RedisBackendProvider.class);
  }

  @Test
  void redisUrlWithUserPasswordDatabaseAndParameters() {
    RedisEndpoint endpoint = parse(
        "redis://app:s3cret@cache.example:6380/3?timeout=750ms&client-name=web&prefix=app:"
            + "&load-lease=30s");
    assertThat(endpoint.topology).isEqualTo(RedisEndpoint.Topology.STANDALONE);
    RedisURI uri = endpoint.uris.get(0);
    assertThat(uri.getHost()).isEqualTo("cache.example");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(3);
    assertThat(credentials(uri).getUsername()).isEqualTo("app");
    assertThat(new String(credentials(uri).getPassword())).isEqualTo("s3cret");
    assertThat(uri.getClientName()).isEqualTo("web");
    assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(uri.isSsl()).isFalse();
    assertThat(endpoint.timeout).isEqualTo(Duration.ofMillis(750));
    assertThat(endpoint.keyPrefix).isEqualTo("app:");
    assertThat(endpoint.loadLease).isEqualTo(Duration.ofSeconds(30));
    assertThat(endpoint.description).isEqualTo("redis://app@cache.example:6380/3")
        .doesNotContain("s3cret");
  }

  @Test
  void defaultsAreLocalhost6379Database0TwoSecondsNoPrefixNoLease() {
    RedisEndpoint endpoint = parse("redis://");
    RedisURI uri = endpoint.uris.get(0);
    assertThat(uri.getHost()).isEqualTo("localhost");
    assertThat(uri.getPort()).isEqualTo(6379);
    assertThat(uri.getDatabase()).isZero();
    assertThat(endpoint.timeout).isEqualTo(Duration.ofSeconds(2));
    assertThat(endpoint.keyPrefix).isEmpty();
    assertThat(endpoint.loadLease).isNull();
  }

  @Test
  void passwordWithoutUserIsSentAsPlainAuth() {
    RedisURI uri = parse("redis://:p%40ss@localhost").uris.get(0);
    assertThat(credentials(uri).hasUsername()).isFalse();
    assertThat(new String(credentials(uri).getPassword())).isEqualTo("p@ss");
  }

  @Test
  void redissTurnsOnTlsAndVerifiesFullyByDefault() {
    RedisURI uri = parse("rediss://cache.example").uris.get(0);
    assertThat(uri.isSsl()).isTrue();
    assertThat(uri.getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
    assertThat(parse("rediss://h?verify-peer=ca").uris.get(0).getVerifyMode())
        .isEqualTo(SslVerifyMode.CA);
    assertThat(parse("rediss://h?verify-peer=NONE").uris.get(0).getVerifyMode())
        .isEqualTo(SslVerifyMode.NONE);
  }

  @Test
  void redissCaCertMustBeAReadableFile(@TempDir Path dir) throws Exception {
    Path pem = Files.writeString(dir.resolve("ca.pem"), "not checked until connecting");
    assertThat(parse("rediss://h?ca-cert=" + pem).caCertificates).isEqualTo(pem.toFile());
    assertThatThrownBy(() -> parse("rediss://h?ca-cert=" + dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ca-cert").hasMessageContaining("not a readable file");
  }

  @Test
  void tlsParametersAreRefusedOnPlainRedis() {
    assertThatThrownBy(() -> parse("redis://h?verify-peer=none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown parameter").hasMessageContaining("verify-peer")
        .hasMessageContaining("supported");
  }

  @Test
  void unixSocketUrlTakesAPathAndADatabaseParameter() {
    RedisEndpoint endpoint = parse("redis+unix:///var/run/redis/redis.sock?db=2");
    RedisURI uri = endpoint.uris.get(0);
    assertThat(uri.getSocket()).isEqualTo("/var/run/redis/redis.sock");
    assertThat(uri.getDatabase()).isEqualTo(2);
    assertThat(endpoint.description).isEqualTo("redis+unix:///var/run/redis/redis.sock?db=2");
  }

  @Test
  void unixSocketUrlRefusesAHostOrAMissingPath() {
    assertThatThrownBy(() -> parse("redis+unix://localhost/tmp/redis.sock"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("three slashes");
    assertThatThrownBy(() -> parse("redis+unix://"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socket path");
    assertThatThrownBy(() -> parse("redis+unix:///tmp/r.sock?db=-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'db'");
  }

  @Test
  void sentinelUrlListsSentinelsAndNamesTheMaster() {
    RedisEndpoint endpoint = parse("redis-sentinel://:pw@s1:26380,s2/4?master=main");
    assertThat(endpoint.topology).isEqualTo(RedisEndpoint.Topology.SENTINEL);
    RedisURI uri = endpoint.uris.get(0);
    assertThat(uri.getSentinelMasterId()).isEqualTo("main");
    assertThat(uri.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1", "s2");
    assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26380, 26379);
    assertThat(uri.getDatabase()).isEqualTo(4);
    assertThat(new String(credentials(uri).getPassword())).isEqualTo("pw");
    assertThat(endpoint.description).isEqualTo("redis-sentinel://s1:26380,s2:26379/4?master=main");
  }

  @Test
  void sentinelUrlWithoutMasterSaysHowToNameIt() {
    assertThatThrownBy(() -> parse("redis-sentinel://s1:26379/0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("?master=");
    assertThatThrownBy(() -> parse("redis-sentinel:///0?master=m"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("list the sentinels");
  }

  @Test
  void clusterUrlListsSeedNodes() {
    RedisEndpoint endpoint = parse("redis-cluster://n1:7000,n2:7001,[::1]:7002?timeout=1s");
    assertThat(endpoint.topology).isEqualTo(RedisEndpoint.Topology.CLUSTER);
    assertThat(endpoint.uris).extracting(RedisURI::getHost).containsExactly("n1", "n2", "::1");
    assertThat(endpoint.uris).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7002);
    assertThat(endpoint.description).isEqualTo("redis-cluster://n1:7000,n2:7001,[::1]:7002");
  }

  @Test
  void clusterUrlRefusesADatabaseOtherThanZero() {
    assertThatThrownBy(() -> parse("redis-cluster://n1:7000/2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only database 0");
    assertThat(parse("redis-cluster://n1:7000/0").uris).hasSize(1);
  }

  @Test
  void severalHostsOnPlainRedisPointToClusterOrSentinel() {
    assertThatThrownBy(() -> parse("redis://h1,h2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis-cluster://").hasMessageContaining("redis-sentinel://");
  }

  @Test
  void databaseMustBeANumber() {
    assertThatThrownBy(() -> parse("redis://h/cache"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database number").hasMessageContaining("/cache");
  }

  @Test
  void badParameterValuesNameTheParameter() {
    assertThatThrownBy(() -> parse("redis://h?timeout=soon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timeout'");
    assertThatThrownBy(() -> parse("redis://h?load-lease=0s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'load-lease'");
    assertThatThrownBy(() -> parse("rediss://h?verify-peer=maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[ca, full, none]");
    assertThatThrownBy(() -> parse("redis://:7000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name is missing");
  }

  @Test
  void unknownParametersAreRefusedWithTheSupportedOnesAndThePasswordMasked() {
    assertThatThrownBy(() -> Backends.fromUrl("redis://u:topsecret@h:6379/0?colour=blue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("colour")
        .hasMessageContaining("timeout").hasMessageContaining("prefix")
        .hasMessageContaining("***")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void malformedUrlMasksThePassword() {
    assertThatThrownBy(() -> Backends.fromUrl("redis://u:topsecret@h:99999/0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range")
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void unreachableServerOpensAndFailsEachOperationWithoutThePassword() {
    int port = RedisServers.freePort(false);
    try (var backend = Backends.fromUrl("redis://u:topsecret@127.0.0.1:" + port
        + "?timeout=1s")) {
      assertThatThrownBy(() -> backend.get("k"))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("redis://u@127.0.0.1:" + port + "/0 is not reachable yet")
          .hasMessageNotContaining("topsecret");
    }
  }

  @Test
  void wrongPasswordFailsWithCacheException() {
    assertThatThrownBy(() -> Backends.fromUrl("redis://nobody:wrong@127.0.0.1:6379/9?timeout=2s"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("Cannot connect to redis://nobody@127.0.0.1:6379/9")
        .hasMessageNotContaining("wrong@");
  }
}
