package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.LoadLock;
import io.cachette.backend.memory.MemoryBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a cache uses a backend's {@link LoadLock}: two caches that share a store but not a JVM-level
 * guard (as two processes would) run one loader per missing key, and a lock that fails never stops
 * a load. The lease here is an in-process implementation of the protocol, so the cache's side of
 * it is tested without a network store; cachette-redis tests its real lease across clients.
 */
class LoadLockProtocolTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(16);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A lease per key kept in a map: polled acquire with a bounded wait, owner-only release. */
  static final class MapLoadLock implements LoadLock {
    final ConcurrentHashMap<String, String> owners = new ConcurrentHashMap<>();
    final AtomicInteger acquired = new AtomicInteger();
    final AtomicBoolean broken = new AtomicBoolean();

    @Override
    public CompletableFuture<Lease> acquire(String key) {
      if (broken.get()) {
        return CompletableFuture.failedFuture(new IllegalStateException("lock store down"));
      }
      return CompletableFuture.supplyAsync(() -> {
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (owners.putIfAbsent(key, token) != null) {
          if (System.nanoTime() > deadline) {
            return lease(key, token, false);
          }
          Thread.onSpinWait();
        }
        acquired.incrementAndGet();
        return lease(key, token, true);
      });
    }

    private Lease lease(String key, String token, boolean owned) {
      return new Lease() {
        @Override
        public boolean owned() {
          return owned;
        }

        @Override
        public void release() {
          if (owned) {
            owners.remove(key, token);
          }
        }
      };
    }
  }

  /** A memory store with a load lock, shared by several caches. */
  static final class LockingBackend implements Backend {
    final MemoryBackend store = MemoryBackend.builder().build();
    final MapLoadLock lock = new MapLoadLock();

    @Override
    public @Nullable LoadLock loadLock() {
      return lock;
    }

    @Override
    public @Nullable Object get(String key) {
      return store.get(key);
    }

    @Override
    public Map<String, Object> getMany(List<String> keys) {
      return store.getMany(keys);
    }

    @Override
    public void set(String key, Object value, @Nullable Duration ttl) {
      store.set(key, value, ttl);
    }

    @Override
    public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
      return store.setIfAbsent(key, value, ttl);
    }

    @Override
    public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
      store.setMany(entries, ttl);
    }

    @Override
    public boolean expireIn(String key, @Nullable Duration ttl) {
      return store.expireIn(key, ttl);
    }

    @Override
    public boolean delete(String key) {
      return store.delete(key);
    }

    @Override
    public boolean exists(String key) {
      return store.exists(key);
    }

    @Override
    public long clear(String prefix) {
      return store.clear(prefix);
    }

    @Override
    public boolean storesObjects() {
      return true;
    }

    @Override
    public AsyncBackend async() {
      return AsyncBackend.inline(this);
    }

    @Override
    public String describe() {
      return "locking-memory://test";
    }

    @Override
    public void close() {}
  }

  private final LockingBackend backend = new LockingBackend();

  private Cache<String> newCache() {
    return Cache.builder(String.class).backend(backend).namespace("shared").build();
  }

  @Test
  void cachesThatShareOnlyTheStoreRunOneLoaderPerKey() throws Exception {
    List<Cache<String>> processes = List.of(newCache(), newCache());
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(16);
    List<Thread> callers = new CopyOnWriteArrayList<>();
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Cache<String> cache = processes.get(i % 2);
      results.add(pool.submit(() -> {
        callers.add(Thread.currentThread());
        started.countDown();
        return cache.get("k", key -> {
          loads.incrementAndGet();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "loaded";
        });
      }));
    }
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    // Every caller waits: on the latch (the loader), the lease (the other cache's first caller)
    // or its own cache's load.
    Parked.awaitAll(callers);
    release.countDown();
    for (Future<String> f : results) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("loaded");
    }
    assertThat(loads).hasValue(1);
    assertThat(backend.lock.owners).isEmpty();
  }

  @Test
  void asyncCallersOfBothCachesShareOneLoad() throws Exception {
    List<Cache<String>> processes = List.of(newCache(), newCache());
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<String> gate = new CompletableFuture<>();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(processes.get(i % 2).async().get("k", key -> {
        loads.incrementAndGet();
        return gate;
      }));
    }
    gate.complete("loaded");
    for (CompletableFuture<String> f : results) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("loaded");
    }
    assertThat(loads).hasValue(1);
    assertThat(backend.lock.owners).isEmpty();
  }

  @Test
  void aFailedLeaseStillLoadsAndStores() {
    backend.lock.broken.set(true);
    Cache<String> cache = newCache();
    assertThat(cache.get("k", key -> "loaded")).isEqualTo("loaded");
    assertThat(cache.get("k")).contains("loaded");
  }

  @Test
  void theLeaseIsReleasedWhenTheLoaderFails() {
    Cache<String> cache = newCache();
    try {
      cache.get("k", key -> {
        throw new IllegalStateException("boom");
      });
    } catch (IllegalStateException expected) {
      // the loader's own exception reaches the caller
    }
    assertThat(backend.lock.acquired).hasValue(1);
    assertThat(backend.lock.owners).isEmpty();
    assertThat(cache.exists("k")).isFalse();
  }

  @Test
  void aHitTakesNoLease() {
    Cache<String> cache = newCache();
    cache.set("k", "v");
    assertThat(cache.get("k", key -> "loaded")).isEqualTo("v");
    assertThat(backend.lock.acquired).hasValue(0);
  }
}
