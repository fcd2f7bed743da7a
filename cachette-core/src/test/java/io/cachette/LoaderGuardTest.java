package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** get(key, loader): one loader call per key however many callers wait for it. */
class LoaderGuardTest {
  private static final int CALLERS = 100;
  private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
  private final Cache<String> cache = Cache.builder(String.class).build();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void hundredThreadsMissingOneKeyShareOneLoaderCall() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(CALLERS);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(pool.submit(() -> {
        started.countDown();
        return cache.get("k", key -> {
          calls.incrementAndGet();
          await(release);
          return "value-of-" + key;
        });
      }));
    }
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    // However the callers interleave with the load, exactly one loader call is allowed.
    release.countDown();
    for (Future<String> f : results) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("value-of-k");
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.get("k")).contains("value-of-k");
    assertThat(cache.stats().loadSuccessCount()).isEqualTo(1);
  }

  @Test
  void aLoaderFailureReachesEveryWaiterAndNothingIsStored() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<String>> results = new ArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      CompletableFuture<String> result = new CompletableFuture<>();
      results.add(result);
      Thread caller = new Thread(() -> {
        try {
          result.complete(cache.get("bad", key -> {
            calls.incrementAndGet();
            await(release);
            throw new IllegalStateException("database down");
          }));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
      callers.add(caller);
      caller.start();
    }
    // Every caller is parked: one in the loader, nineteen waiting for its outcome.
    Parked.awaitAll(callers);
    release.countDown();
    for (CompletableFuture<String> f : results) {
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(IllegalStateException.class).hasMessage("database down");
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.exists("bad")).isFalse();
    assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
  }

  @Test
  void aNullLoadIsReturnedButNotStored() {
    assertThat(cache.get("none", k -> null)).isNull();
    assertThat(cache.exists("none")).isFalse();
  }

  @Test
  void asyncCallersShareOneLoaderCall() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> gate = new CompletableFuture<>();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(cache.async().get("k", key -> {
        calls.incrementAndGet();
        return gate.thenApply(v -> v + key);
      }));
    }
    gate.complete("loaded-");
    for (CompletableFuture<String> f : results) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("loaded-k");
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.get("k")).contains("loaded-k");
  }

  @Test
  void asyncLoaderFailureReachesEveryCallerAndNothingIsStored() {
    CompletableFuture<String> gate = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(cache.async().get("bad", key -> {
        calls.incrementAndGet();
        return gate;
      }));
    }
    gate.completeExceptionally(new IllegalStateException("remote failed"));
    for (CompletableFuture<String> f : results) {
      assertThat(f).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
          .havingRootCause().isInstanceOf(IllegalStateException.class).withMessage("remote failed");
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.exists("bad")).isFalse();
    assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
