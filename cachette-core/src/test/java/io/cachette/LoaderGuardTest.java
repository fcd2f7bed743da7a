package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    List<Thread> callers = new CopyOnWriteArrayList<>();
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(pool.submit(() -> {
        callers.add(Thread.currentThread());
        started.countDown();
        return cache.get("k", key -> {
          calls.incrementAndGet();
          await(release);
          return "value-of-" + key;
        });
      }));
    }
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    // Every caller has reached the guard (the loader waits on the latch, the rest on its load).
    Parked.awaitAll(callers);
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
    CountDownLatch started = new CountDownLatch(20);
    List<Thread> callers = new CopyOnWriteArrayList<>();
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      results.add(pool.submit(() -> {
        callers.add(Thread.currentThread());
        started.countDown();
        return cache.get("bad", key -> {
          calls.incrementAndGet();
          await(release);
          throw new IllegalStateException("database down");
        });
      }));
    }
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    // All twenty wait on the one failing load before it fails, so it is the only load.
    Parked.awaitAll(callers);
    release.countDown();
    for (Future<String> f : results) {
      try {
        f.get(30, TimeUnit.SECONDS);
        throw new AssertionError("expected the loader's exception");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
            .hasMessage("database down");
      }
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.exists("bad")).isFalse();
    assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
  }

  @Test
  void differentKeysDoNotWaitOnEachOther() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Future<String> blocked = pool.submit(() -> cache.get("slow", k -> {
      await(never);
      return "slow";
    }));
    assertThat(cache.get("fast", k -> "fast")).isEqualTo("fast");
    never.countDown();
    assertThat(blocked.get(30, TimeUnit.SECONDS)).isEqualTo("slow");
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
