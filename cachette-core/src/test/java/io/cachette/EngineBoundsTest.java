package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.LoadLock;
import io.cachette.backend.memory.MemoryBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The engine's bounds: which keys reach a backend, how many store round trips a miss costs, and how
 * long a caller of {@code get(key, loader)} can be held by a store that stops answering or by a
 * loader that never returns.
 */
class EngineBoundsTest {

  /**
   * A memory store that counts every call by operation; when {@link #hung} is set, sync calls fail
   * as a client's command timeout would, and async calls never complete (a server that stopped).
   */
  static final class CountingBackend implements Backend {
    final Backend memory = MemoryBackend.builder().build();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicBoolean hung = new AtomicBoolean();
    @Nullable LoadLock lock;

    int calls(String operation) {
      AtomicInteger n = calls.get(operation);
      return n == null ? 0 : n.get();
    }

    private Backend live(String operation) {
      calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      if (hung.get()) {
        throw new CacheException("command timed out after 1 second(s)");
      }
      return memory;
    }

    @Override
    public @Nullable Object get(String key) {
      return live("get").get(key);
    }

    @Override
    public Map<String, Object> getMany(List<String> keys) {
      return live("getMany").getMany(keys);
    }

    @Override
    public void set(String key, Object value, @Nullable Duration ttl) {
      live("set").set(key, value, ttl);
    }

    @Override
    public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
      return live("setIfAbsent").setIfAbsent(key, value, ttl);
    }

    @Override
    public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
      live("setMany").setMany(entries, ttl);
    }

    @Override
    public boolean expireIn(String key, @Nullable Duration ttl) {
      return live("expireIn").expireIn(key, ttl);
    }

    @Override
    public boolean delete(String key) {
      return live("delete").delete(key);
    }

    @Override
    public boolean exists(String key) {
      return live("exists").exists(key);
    }

    @Override
    public long clear(String prefix) {
      return live("clear").clear(prefix);
    }

    @Override
    public @Nullable LoadLock loadLock() {
      return lock;
    }

    @Override
    public AsyncBackend async() {
      AsyncBackend inline = AsyncBackend.inline(this);
      return (AsyncBackend) java.lang.reflect.Proxy.newProxyInstance(
          AsyncBackend.class.getClassLoader(), new Class<?>[] {AsyncBackend.class},
          (proxy, method, args) -> {
            if (hung.get()) {
              calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
              return new CompletableFuture<>();
            }
            return method.invoke(inline, args);
          });
    }

    @Override
    public String describe() {
      return "counting://test";
    }

    @Override
    public void close() {}
  }

  private final CountingBackend backend = new CountingBackend();

  private Cache<String> cache() {
    return Cache.builder(String.class).backend(backend).serializer("string://")
        .operationTimeout(Duration.ofMillis(200)).loadTimeout(Duration.ofMillis(200)).build();
  }

  // ---- keys that are not text never reach a backend ----

  @Test
  void keysWithUnpairedSurrogatesAreRefusedBeforeAnyBackendCall() {
    Cache<String> cache = cache();
    for (String bad : List.of("user-\uD800", "user-\uDC00", "\uD800x", "x\uDBFF")) {
      assertThatThrownBy(() -> cache.set(bad, "v")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unpaired surrogate");
      assertThatThrownBy(() -> cache.get(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> cache.get(bad, k -> "v")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> cache.getMany(List.of("ok", bad)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> cache.delete(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThat(cache.async().get(bad)).failsWithin(1, TimeUnit.SECONDS)
          .withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class);
      assertThat(cache.async().set(bad, "v")).failsWithin(1, TimeUnit.SECONDS)
          .withThrowableThat().havingCause().isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(backend.calls).isEmpty();
  }

  @Test
  void aKeyWithAnUnpairedSurrogateCannotReadAnotherKeysEntry() {
    Cache<String> cache = cache();
    cache.set("user-?", "someone else's");
    assertThatThrownBy(() -> cache.get("user-\uD800")).isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.get("user-\uD83D\uDE00")).isEmpty(); // a real pair is a valid, distinct key
  }

  @Test
  void theKeyLengthLimitCountsUtf8Bytes() {
    Cache<String> cache = cache();
    String emoji = "\uD83D\uDE00"; // 4 UTF-8 bytes
    String fits = emoji.repeat((Cache.MAX_KEY_BYTES - "default:".length()) / 4);
    assertThat(cache.set(fits, "v")).isTrue();
    assertThatThrownBy(() -> cache.set(fits + "x", "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8 bytes");
  }

  // ---- a miss costs one read ----

  @Test
  void aMissReadsTheStoreOnceWithoutALease() {
    Cache<String> cache = cache();
    assertThat(cache.get("k", key -> "v")).isEqualTo("v");
    assertThat(backend.calls("get")).isEqualTo(1);
    assertThat(backend.calls("set")).isEqualTo(1);
    assertThat(cache.async().get("a", key -> CompletableFuture.completedFuture("v")).join())
        .isEqualTo("v");
    assertThat(backend.calls("get")).isEqualTo(2);
  }

  @Test
  void aMissReadsAgainUnderALease() {
    backend.lock = key -> CompletableFuture.completedFuture(new LoadLock.Lease() {
      @Override
      public boolean owned() {
        return true;
      }

      @Override
      public void release() {}
    });
    Cache<String> cache = cache();
    assertThat(cache.get("k", key -> "v")).isEqualTo("v");
    assertThat(backend.calls("get")).isEqualTo(2);
    assertThat(cache.async().get("a", key -> CompletableFuture.completedFuture("v")).join())
        .isEqualTo("v");
    assertThat(backend.calls("get")).isEqualTo(4);
  }

  // ---- a store that stops answering costs one timeout, not one per step ----

  @Test
  void aSyncLoadOnAHungStoreMakesOneStoreCallAndStillReturnsTheValue() {
    backend.lock = key -> {
      throw new AssertionError("no lease is asked of a store that did not answer");
    };
    Cache<String> cache = cache();
    backend.hung.set(true);
    assertThat(cache.get("k", key -> "loaded")).isEqualTo("loaded");
    assertThat(backend.calls).containsOnlyKeys("get");
    assertThat(backend.calls("get")).isEqualTo(1);
    assertThat(cache.stats().errorCount()).isEqualTo(1);
  }

  @Test
  void anAsyncLoadOnAHungStoreTimesOutOnceAndStillReturnsTheValue() {
    backend.lock = key -> {
      throw new AssertionError("no lease is asked of a store that did not answer");
    };
    Cache<String> cache = cache();
    backend.hung.set(true);
    CompletableFuture<String> result =
        cache.async().get("k", key -> CompletableFuture.completedFuture("loaded"));
    assertThat(result).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo("loaded");
    assertThat(backend.calls).containsOnlyKeys("get");
    assertThat(backend.calls("get")).isEqualTo(1);
  }

  @Test
  void strictModeReportsTheHungStoreInsteadOfLoading() {
    Cache<String> cache = Cache.builder(String.class).backend(backend).serializer("string://")
        .strict().operationTimeout(Duration.ofMillis(200)).build();
    backend.hung.set(true);
    AtomicInteger loads = new AtomicInteger();
    assertThatThrownBy(() -> cache.get("k", key -> "v" + loads.incrementAndGet()))
        .isInstanceOf(CacheException.class).hasMessageContaining("counting://test");
    assertThat(cache.async().get("k", key -> CompletableFuture.completedFuture("v")))
        .failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
        .havingCause().isInstanceOf(CacheException.class)
        .withMessageContaining("operation timeout");
    assertThat(loads).hasValue(0);
  }

  // ---- a loader that never returns holds its waiters for the load timeout only ----

  @Test
  void aSyncWaiterLoadsItselfAfterTheLoadTimeout() throws Exception {
    Cache<String> cache = cache();
    CountDownLatch inLoader = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    Thread stuck = new Thread(() -> cache.get("k", key -> {
      inLoader.countDown();
      awaitQuietly(never);
      return "stuck";
    }));
    stuck.start();
    assertThat(inLoader.await(30, TimeUnit.SECONDS)).isTrue();
    AtomicInteger ownLoads = new AtomicInteger();
    assertThat(cache.get("k", key -> "own-" + ownLoads.incrementAndGet())).isEqualTo("own-1");
    assertThat(cache.get("k")).contains("own-1");
    never.countDown();
    stuck.join(30_000);
    assertThat(cache.stats().loadSuccessCount()).isEqualTo(2);
  }

  @Test
  void anAsyncWaiterLoadsItselfAfterTheLoadTimeout() {
    Cache<String> cache = cache();
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> first = cache.async().get("k", key -> never);
    CompletableFuture<String> waiter =
        cache.async().get("k", key -> CompletableFuture.completedFuture("own"));
    assertThat(waiter).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo("own");
    assertThat(first).isNotDone();
    never.complete("late");
    assertThat(first).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo("late");
  }

  @Test
  void aWaiterWithinTheLoadTimeoutGetsTheOwnersValue() throws Exception {
    Cache<String> cache = Cache.builder(String.class).backend(backend).serializer("string://")
        .loadTimeout(Duration.ofMinutes(5)).build();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inLoader = new CountDownLatch(1);
    CompletableFuture<String> owner = new CompletableFuture<>();
    new Thread(() -> owner.complete(cache.get("k", key -> {
      inLoader.countDown();
      awaitQuietly(release);
      return "owner";
    }))).start();
    assertThat(inLoader.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> waiter = new CompletableFuture<>();
    Thread waiting = new Thread(() -> waiter.complete(cache.get("k", key -> "waiter")));
    waiting.start();
    while (waiting.getState() != Thread.State.TIMED_WAITING) {
      LockSupport.parkNanos(1_000_000);
    }
    release.countDown();
    assertThat(waiter).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo("owner");
    assertThat(owner).succeedsWithin(30, TimeUnit.SECONDS).isEqualTo("owner");
    assertThat(cache.stats().loadSuccessCount()).isEqualTo(1);
  }

  // ---- a loaded value over the size limit ----

  @Test
  void aLoadedValueTooLargeToStoreIsReturnedButNotStoredInBothModes() {
    for (boolean strict : new boolean[] {false, true}) {
      CacheBuilder<String> builder = Cache.builder(String.class).backend(backend)
          .serializer("string://").namespace(strict ? "strict" : "open").maxValueBytes(16);
      if (strict) {
        builder.strict();
      }
      Cache<String> cache = builder.build();
      String big = "x".repeat(100);
      assertThat(cache.get("k", key -> big)).isEqualTo(big);
      assertThat(cache.async().get("a", key -> CompletableFuture.completedFuture(big)))
          .succeedsWithin(30, TimeUnit.SECONDS).isEqualTo(big);
      assertThat(cache.exists("k")).isFalse();
      assertThat(cache.exists("a")).isFalse();
      assertThat(cache.stats().errorCount()).isEqualTo(2);
      assertThatThrownBy(() -> cache.set("k", big)).isInstanceOf(ValueTooLargeException.class);
    }
  }

  // ---- stored values that decode to nothing ----

  @Test
  void aStoredJsonNullIsAMissAndIsDropped() {
    Cache<String> cache = Cache.builder(String.class).backend(backend).serializer("json://").build();
    cache.set("k", "v");
    byte[] stored = (byte[]) backend.memory.get("default:k");
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    byte[] nullJson = (text.substring(0, text.length() - "\"v\"".length()) + "null")
        .getBytes(StandardCharsets.ISO_8859_1);
    backend.memory.set("default:k", nullJson, null);
    assertThat(cache.get("k")).isEmpty();
    assertThat(backend.memory.exists("default:k")).isFalse();
    assertThat(cache.stats().errorCount()).isEqualTo(1);
  }

  // ---- TTLs ----

  @Test
  void neverIsTheTtlOfEntriesThatDoNotExpireAndNullIsRefused() {
    Cache<String> cache = cache();
    assertThat(cache.set("k", "v", Cache.NEVER)).isTrue();
    assertThat(cache.expireIn("k", Cache.NEVER)).isTrue();
    assertThatThrownBy(() -> cache.set("k", "v", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("Cache.NEVER");
    assertThatThrownBy(() -> cache.set("k", "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cache.NEVER");
    assertThatThrownBy(() -> Cache.builder(String.class).defaultTtl(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(backend.calls("set")).isEqualTo(1);
  }

  @Test
  void persistReportsItselfAsPersist() {
    Cache<String> cache = Cache.builder(String.class).backend(backend).serializer("string://")
        .strict().build();
    backend.hung.set(true);
    assertThatThrownBy(() -> cache.persist("k")).isInstanceOf(CacheException.class)
        .hasMessageStartingWith("persist of ");
    assertThatThrownBy(() -> cache.expireIn("k", Duration.ofSeconds(1)))
        .isInstanceOf(CacheException.class).hasMessageStartingWith("expireIn of ");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
