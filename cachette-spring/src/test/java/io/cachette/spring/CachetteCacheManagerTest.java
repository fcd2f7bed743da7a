package io.cachette.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.concurrent.ConcurrentMapCache;

class CachetteCacheManagerTest {

  @Test
  void configuredCachesAreMadeAtBuildAndOthersOnFirstUse() {
    List<String> made = new ArrayList<>();
    try (CachetteCacheManager manager = CachetteCacheManager.builder()
        .cache("users", CacheSpec.builder().ttl(Duration.ofMinutes(5)).build())
        .onCacheCreated(c -> made.add(c.getName()))
        .build()) {
      assertThat(made).containsExactly("users");
      assertThat(manager.getCacheNames()).containsExactly("users");
      CachetteCache orders = manager.getCache("orders");
      assertThat(orders).isNotNull();
      assertThat(manager.getCache("orders")).isSameAs(orders);
      assertThat(made).containsExactly("users", "orders");
      assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("users", "orders");
    }
  }

  @Test
  void withoutDynamicCachesAnUnknownNameIsNull() {
    try (CachetteCacheManager manager = CachetteCacheManager.builder()
        .caches("users").dynamic(false).build()) {
      assertThat(manager.getCache("users")).isNotNull();
      assertThat(manager.getCache("orders")).isNull();
    }
  }

  @Test
  void aCacheSpecTakesWhatItLeavesUnsetFromTheDefaultSpec() {
    try (CachetteCacheManager manager = CachetteCacheManager.builder()
        .defaultSpec(CacheSpec.builder().backend("memory://?max-size=100")
            .ttl(Duration.ofMinutes(10)).failurePolicy(FailurePolicy.STRICT).build())
        .cache("users", CacheSpec.builder().ttl(Duration.ofMinutes(5)).build())
        .build()) {
      CacheSpec users = manager.getCache("users").spec();
      assertThat(users.backendUrl()).isEqualTo("memory://?max-size=100");
      assertThat(users.ttl()).isEqualTo(Duration.ofMinutes(5));
      assertThat(users.failurePolicy()).isEqualTo(FailurePolicy.STRICT);
      assertThat(manager.getCache("other").spec().ttl()).isEqualTo(Duration.ofMinutes(10));
      assertThat(manager.getCache("users").backendName()).isEqualTo("memory");
    }
  }

  @Test
  void cachesNamingOneUrlShareOneBackendInTheirOwnNamespaces() {
    try (CachetteCacheManager manager = CachetteCacheManager.builder()
        .defaultSpec(CacheSpec.builder().backend("memory://").build()).build()) {
      Cache a = manager.getCache("a");
      Cache b = manager.getCache("b");
      a.put("k", "from a");
      b.put("k", "from b");
      assertThat(a.get("k").get()).isEqualTo("from a");
      assertThat(b.get("k").get()).isEqualTo("from b");
      a.clear();
      assertThat(a.get("k")).isNull();
      assertThat(b.get("k").get()).isEqualTo("from b");
    }
  }

  @Test
  void theTtlOfTheSpecExpiresEntries() {
    MutableClock clock = new MutableClock();
    try (MemoryBackend memory = MemoryBackend.builder().clock(clock).build();
        CachetteCacheManager manager = CachetteCacheManager.builder()
            .defaultSpec(CacheSpec.builder().backend(memory).ttl(Duration.ofMinutes(5)).build())
            .build()) {
      Cache cache = manager.getCache("users");
      cache.put(1, "ann");
      clock.advance(Duration.ofMinutes(4));
      assertThat(cache.get(1).get()).isEqualTo("ann");
      clock.advance(Duration.ofMinutes(2));
      assertThat(cache.get(1)).isNull();
    }
  }

  @Test
  void closeClosesTheBackendsItOpenedButNotTheOnesItWasGiven() {
    Backend given = MemoryBackend.builder().build();
    CachetteCacheManager manager = CachetteCacheManager.builder()
        .cache("given", CacheSpec.builder().backend(given).build())
        .cache("opened", CacheSpec.builder().backend("memory://").build())
        .build();
    io.cachette.Cache<Object> opened = manager.getCache("opened").getNativeCache();
    manager.close();
    manager.close();
    assertThat(given.exists("x")).isFalse();   // still open
    assertThat(opened.get("x")).isEmpty();       // fail-open on the closed backend: a miss...
    assertThat(opened.stats().errorCount()).isEqualTo(1);   // ...and an error
    assertThatThrownBy(() -> manager.getCache("new")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    given.close();
  }

  @Test
  void aSpecThatCannotBeBuiltFailsNamingTheCache() {
    assertThatThrownBy(() -> CachetteCacheManager.builder()
        .cache("users", CacheSpec.builder().backend("nosuch://x").build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cache 'users': ")
        .hasMessageContaining("nosuch");
    assertThatThrownBy(() -> CachetteCacheManager.builder()
        .cache("a:b", CacheSpec.defaults()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cachette.caches.a:b.namespace=a.b");
    assertThatThrownBy(() -> CachetteCacheManager.builder()
        .cache("users", CacheSpec.builder().backend(SpringBackends.of(new ConcurrentMapCache("x")))
            .serializer("noop://").build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("json://");
  }

  @Test
  void builderSettingsAreGivenOnce() {
    CacheSpec.Builder spec = CacheSpec.builder().backend("redis://u:secret@h:6379");
    assertThatThrownBy(() -> spec.backend("memory://")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis://u:***@h:6379").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> CacheSpec.builder().ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CacheSpec.builder().ttl(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("Cache.NEVER");
    assertThatThrownBy(() -> CachetteCacheManager.builder().caches("a").caches("a"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(spec.build().toString()).doesNotContain("secret");
  }

  @Test
  void keysOfAClassWithoutItsOwnToStringAreRefusedWithAHint() {
    try (CachetteCacheManager manager = CachetteCacheManager.builder().build()) {
      Cache cache = manager.getCache("c");
      assertThatThrownBy(() -> cache.put(new Object(), "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("key expression");
      cache.put(42, "int");
      assertThat(cache.get("42").get()).isEqualTo("int");
      cache.put(new org.springframework.cache.interceptor.SimpleKey("a", 1), "composite");
      assertThat(cache.get(new org.springframework.cache.interceptor.SimpleKey("a", 1)).get())
          .isEqualTo("composite");
    }
  }

  @Test
  void theAdapterCarriesACachetteCacheOverASpringCache() {
    ConcurrentMapCache spring = new ConcurrentMapCache("legacy");
    try (io.cachette.Cache<String> cache = io.cachette.Cache.builder(String.class)
        .backend(SpringBackends.of(spring)).namespace("users").build()) {
      cache.set("1", "ann");
      assertThat(cache.get("1")).contains("ann");
      assertThat(spring.getNativeCache()).containsKey("users:1");
      assertThat(cache.get("2", key -> "loaded")).isEqualTo("loaded");
      assertThat(cache.keys().map(k -> k.key()).toList()).containsExactlyInAnyOrder("1", "2");
    }
  }
}
