package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.memory.MemoryBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** get(key, loader, store): the loading caller decides how the loaded value is stored. */
class LoaderStoreStepTest {

  private final TestClock clock = new TestClock();
  private final Cache<String> cache =
      Cache.builder(String.class).backend(MemoryBackend.builder().clock(clock).build()).build();

  @Test
  void theStoreStepChoosesTheTtl() {
    List<String> stored = new ArrayList<>();
    String value = cache.get("k", key -> "v", (key, v) -> {
      stored.add(key + "=" + v);
      cache.set(key, v, Duration.ofSeconds(10));
    });

    assertThat(value).isEqualTo("v");
    assertThat(stored).containsExactly("k=v");
    clock.advance(Duration.ofSeconds(11));
    assertThat(cache.get("k")).isEmpty();
  }

  @Test
  void aStoreStepThatSkipsTheWriteStillReturnsTheValueAndNullsNeverReachIt() {
    assertThat(cache.get("k", key -> "v", (key, v) -> { })).isEqualTo("v");
    assertThat(cache.get("k")).isEmpty();
    assertThat(cache.get("n", key -> null, (key, v) -> {
      throw new AssertionError("store called for a null load");
    })).isNull();
  }

  @Test
  void aFailingStoreStepReachesTheLoaderAndItsWaitersInsteadOfLeavingThemHanging()
      throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> loader = CompletableFuture.supplyAsync(() -> cache.get("k", key -> {
      loading.countDown();
      await(release);
      return "v";
    }, (key, v) -> {
      throw new CacheException("store is read-only");
    }));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> waiter = new CompletableFuture<>();
    Thread waiterThread = new Thread(() -> {
      try {
        waiter.complete(cache.get("k", key -> "other"));
      } catch (Throwable t) {
        waiter.completeExceptionally(t);
      }
    });
    waiterThread.start();
    awaitWaiting(waiterThread);
    release.countDown();

    assertThatThrownBy(() -> loader.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasRootCauseMessage("store is read-only");
    assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasRootCauseMessage("store is read-only");
    assertThat(cache.get("k")).isEmpty();
  }

  @Test
  void asyncStoreStepChoosesTheWriteAndItsFailureReachesTheCaller() {
    AsyncCache<String> async = cache.async();
    String value = async.get("k", key -> CompletableFuture.completedFuture("v"),
        (key, v) -> async.setIfAbsent(key, v, Duration.ofSeconds(10))).join();
    assertThat(value).isEqualTo("v");
    clock.advance(Duration.ofSeconds(11));
    assertThat(cache.get("k")).isEmpty();

    assertThat(async.get("skip", key -> CompletableFuture.completedFuture("v"),
        (key, v) -> CompletableFuture.completedFuture(null)).join()).isEqualTo("v");
    assertThat(cache.exists("skip")).isFalse();

    assertThatThrownBy(() -> async.get("bad", key -> CompletableFuture.completedFuture("v"),
        (key, v) -> CompletableFuture.failedFuture(new CacheException("read-only"))).join())
        .isInstanceOf(CompletionException.class).hasRootCauseMessage("read-only");
    assertThatThrownBy(() -> async.get("worse", key -> CompletableFuture.completedFuture("v"),
        (key, v) -> {
          throw new IllegalStateException("store threw");
        }).join())
        .isInstanceOf(CompletionException.class).hasRootCauseMessage("store threw");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (thread.getState() != Thread.State.WAITING
        && thread.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the waiter never waited");
      }
      Thread.sleep(5);
    }
  }
}
