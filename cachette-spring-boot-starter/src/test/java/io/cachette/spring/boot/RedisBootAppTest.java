package io.cachette.spring.boot;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Boot app on the Redis at 127.0.0.1:6379 (cachette-redis), under a key prefix of its own so
 * that runs sharing the server do not meet; "short" has a 1 s TTL.
 */
@SpringBootTest(classes = LibraryApp.class, properties = "cachette.caches.short.ttl=1s")
class RedisBootAppTest extends BootAppContract {
  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry properties) {
    String prefix = "ct-spring-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    properties.add("cachette.default.backend", () -> "redis://127.0.0.1:6379/0?prefix=" + prefix);
  }

  @Override
  String scheme() {
    return "redis";
  }

  @Override
  Duration shortTtl() {
    return Duration.ofSeconds(1);
  }

  @Override
  void passTheShortTtl() {
    // real time: the contract polls
  }
}
