package io.cachette.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.backend.LoadLock;
import io.cachette.testkit.ParkedThreads;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cross-process load lease: two independent backends (each with its own Lettuce client, as two
 * JVMs would have) racing on one missing key run one loader between them; leases expire, and only
 * their owner releases them. Against 127.0.0.1:6379, database 9, under keys unique to each test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisLoadLockTest {
  private static SharedRedis shared;
  private static RedisCommands<String, byte[]> raw;
  private String prefix;
  private final List<Backend> backends = new ArrayList<>();

  @BeforeAll
  static void connectRaw() {
    shared = new SharedRedis();
    raw = shared.raw;
  }

  @AfterAll
  static void closeRaw() {
    shared.close();
  }

  @BeforeEach
  void newPrefix() {
    prefix = SharedRedis.uniquePrefix();
  }

  @AfterEach
  void close() {
    backends.forEach(Backend::close);
    shared.deleteAll(prefix);
  }

  private Backend open(String lease) {
    Backend backend = Backends.fromUrl(SharedRedis.URL + "?prefix=" + prefix
        + "&load-lease=" + lease);
    backends.add(backend);
    return backend;
  }

  private static Cache<String> cache(Backend backend) {
    return Cache.builder(String.class).backend(backend).namespace("stampede")
        .serializer(new Utf8Serializer()).build();
  }

  @Test
  void twoProcessesRacingOnOneKeyRunOneLoad() throws Exception {
    List<Cache<String>> caches = List.of(cache(open("10s")), cache(open("10s")));
    AtomicInteger loads = new AtomicInteger();
    int threads = 16;
    CountDownLatch started = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> callers = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Cache<String> cache = caches.get(t % 2);
        results.add(pool.submit(() -> {
          callers.add(Thread.currentThread());
          started.countDown();
          return cache.get("hot", key -> {
            loads.incrementAndGet();
            awaitQuietly(release);
            return "loaded-" + key;
          });
        }));
      }
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      // The loader holds the lease; every other caller waits for it or for its cache's load.
      ParkedThreads.awaitAll(callers);
      release.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("loaded-hot");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
    awaitReleased(prefix + RedisLoadLock.LEASE_KEY_PREFIX + "stampede:hot");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a lease key to go: release does not wait for Redis, so it may take a moment. */
  private static void awaitReleased(String leaseKey) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (raw.exists(leaseKey) == 1L) {
      assertThat(System.nanoTime()).as("lease " + leaseKey + " not released").isLessThan(deadline);
      RedisServers.pause(10);
    }
  }

  @Test
  void twoProcessesRacingAsynchronouslyRunOneLoad() throws Exception {
    List<Cache<String>> caches = List.of(cache(open("10s")), cache(open("10s")));
    AtomicInteger loads = new AtomicInteger();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      results.add(caches.get(i % 2).async().get("hot", key -> {
        loads.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> "async-" + key,
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
      }));
    }
    for (CompletableFuture<String> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("async-hot");
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void aWaiterLoadsItselfWhenTheHolderNeverFinishes() {
    Backend holder = open("400ms");
    Backend waiter = open("400ms");
    LoadLock.Lease held = holder.loadLock().acquire("stampede:stuck").join();
    assertThat(held.owned()).isTrue();
    long pttl = raw.pttl(prefix + RedisLoadLock.LEASE_KEY_PREFIX + "stampede:stuck");
    assertThat(pttl).as("a lease always expires").isPositive().isLessThanOrEqualTo(400);

    AtomicInteger loads = new AtomicInteger();
    String value = cache(waiter).get("stuck", key -> {
      loads.incrementAndGet();
      return "fallback";
    });

    assertThat(value).isEqualTo("fallback");
    assertThat(loads).hasValue(1);
  }

  @Test
  void onlyTheOwnerReleasesALease() {
    Backend first = open("300ms");
    Backend second = open("10s");
    LoadLock.Lease old = first.loadLock().acquire("k").join();
    assertThat(old.owned()).isTrue();
    String leaseKey = prefix + RedisLoadLock.LEASE_KEY_PREFIX + "k";

    // The first lease runs out; the second backend takes the key over.
    LoadLock.Lease current = second.loadLock().acquire("k").join();
    assertThat(current.owned()).isTrue();

    old.release();
    // Redis answers one connection's commands in order: once this is answered, the release ran.
    first.exists("sync");
    assertThat(raw.exists(leaseKey)).as("a stale owner must not free someone else's lease")
        .isEqualTo(1L);
    current.release();
    awaitReleased(leaseKey);
  }

  @Test
  void aWaitThatRunsOutGivesAnUnownedLease() {
    Backend first = open("10s");
    Backend second = open("200ms");
    assertThat(first.loadLock().acquire("busy").join().owned()).isTrue();
    LoadLock.Lease lease = second.loadLock().acquire("busy").join();
    assertThat(lease.owned()).isFalse();
    lease.release();
    assertThat(raw.exists(prefix + RedisLoadLock.LEASE_KEY_PREFIX + "busy")).isEqualTo(1L);
  }

  @Test
  void withoutLoadLeaseThereIsNoLock() {
    try (Backend plain = Backends.fromUrl(SharedRedis.URL + "?prefix=" + prefix)) {
      assertThat(plain.loadLock()).isNull();
    }
  }
}
