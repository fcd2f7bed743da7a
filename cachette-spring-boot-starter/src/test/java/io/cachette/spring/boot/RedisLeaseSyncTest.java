package io.cachette.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.spring.CacheSpec;
import io.cachette.spring.CachetteCache;
import io.cachette.spring.CachetteCacheManager;
import io.cachette.testkit.ParkedThreads;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code @Cacheable(sync = true)} across processes: two cache managers (as two JVMs would have) on
 * one Redis with the load lease on ({@code load-lease=30s}) run the loader of a missing key once
 * between them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisLeaseSyncTest {

  @Test
  void twoManagersSharingRedisLoadAKeyOnce() throws Exception {
    String url = "redis://127.0.0.1:6379/0?load-lease=30s&prefix=ct-lease-"
        + UUID.randomUUID().toString().substring(0, 8) + ":";
    try (CachetteCacheManager first = manager(url); CachetteCacheManager second = manager(url)) {
      CachetteCache a = first.getCache("books");
      CachetteCache b = second.getCache("books");
      AtomicInteger loads = new AtomicInteger();
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> fromA = new CompletableFuture<>();
      Thread threadA = new Thread(() -> complete(fromA, () -> a.get("isbn", () -> {
        loads.incrementAndGet();
        entered.countDown();
        release.await(30, TimeUnit.SECONDS);
        return "loaded by a";
      })), "process-a");
      threadA.start();
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<String> fromB = new CompletableFuture<>();
      Thread threadB = new Thread(() -> complete(fromB, () -> b.get("isbn", () -> {
        loads.incrementAndGet();
        return "loaded by b";
      })), "process-b");
      threadB.start();
      ParkedThreads.awaitAll(List.of(threadA, threadB));   // b waits for a's lease
      release.countDown();

      assertThat(fromA.get(30, TimeUnit.SECONDS)).isEqualTo("loaded by a");
      assertThat(fromB.get(30, TimeUnit.SECONDS)).isEqualTo("loaded by a");
      assertThat(loads).hasValue(1);
      a.clear();
    }
  }

  private static CachetteCacheManager manager(String url) {
    return CachetteCacheManager.builder()
        .defaultSpec(CacheSpec.builder().backend(url).build())
        .build();
  }

  /** Runs a call, completing the future with its result or its failure. */
  private static void complete(CompletableFuture<String> result, Call call) {
    try {
      result.complete(call.run());
    } catch (Throwable e) {
      result.completeExceptionally(e);
    }
  }

  @FunctionalInterface
  private interface Call {
    String run() throws Exception;
  }
}
