package io.cachette.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;

/**
 * The shared server on 127.0.0.1:6379, database 9, seen through a plain Lettuce connection: for
 * tests that look at what the backend stored. Each test works under a key prefix of its own and
 * deletes it afterwards.
 */
final class SharedRedis implements AutoCloseable {
  static final String URL = "redis://127.0.0.1:6379/9";

  final RedisClient client = RedisClient.create(RedisURI.create(URL));
  final StatefulRedisConnection<String, byte[]> connection =
      client.connect(RedisAsyncBackend.CODEC);
  final RedisCommands<String, byte[]> raw = connection.sync();

  /** A key prefix no other test or run uses. */
  static String uniquePrefix() {
    return "cachette-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** Deletes every key under a prefix. */
  void deleteAll(String prefix) {
    for (String key : raw.keys(RedisAsyncBackend.globPattern(prefix))) {
      raw.del(key);
    }
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
