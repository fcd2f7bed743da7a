package io.cachette.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JCache caches on the shared Redis server (127.0.0.1:6379, database 9, a key prefix and a
 * namespace of their own): two cache managers stand for two application instances.
 */
class RedisJCacheTest {
  private static final String REDIS = "redis://127.0.0.1:6379/9?prefix=cachette-jcache-test:";

  private final CachingProvider provider =
      Caching.getCachingProvider(CachetteCachingProvider.class.getName());
  private final String namespace = "jcache-" + UUID.randomUUID();
  private final List<CacheManager> managers = new ArrayList<>();

  private Cache<String, Integer> cache(String instance) {
    CacheManager manager = provider.getCacheManager(URI.create("redis-test://" + instance),
        getClass().getClassLoader());
    managers.add(manager);
    CachetteConfiguration<String, Integer> config = new CachetteConfiguration<String, Integer>()
        .backend(REDIS).namespace(namespace);
    config.setTypes(String.class, Integer.class);
    return manager.createCache("counters", config);
  }

  @AfterEach
  void close() {
    if (!managers.isEmpty()) {
      managers.get(0).destroyCache("counters");
    }
    managers.forEach(CacheManager::close);
  }

  @Test
  void anotherInstanceReadsWhatOneWrote() {
    Cache<String, Integer> first = cache("a");
    Cache<String, Integer> second = cache("b");

    first.put("visits", 7);

    assertThat(second.get("visits")).isEqualTo(7);
    assertThat(second.getAndRemove("visits")).isEqualTo(7);
    assertThat(first.containsKey("visits")).isFalse();
  }

  @Test
  void entryProcessorsOfOneInstanceAreAtomicPerKey() throws Exception {
    Cache<String, Integer> counters = cache("a");
    int threads = 4;
    int increments = 50;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < increments; i++) {
            counters.invoke("hits", (entry, arguments) -> {
              entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
              return null;
            });
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(counters.get("hits")).isEqualTo(threads * increments);
  }

  @Test
  void destroyingACacheClearsOnlyItsNamespace() {
    Cache<String, Integer> counters = cache("a");
    counters.put("kept-elsewhere", 1);
    CacheManager other = provider.getCacheManager(URI.create("redis-test://other"),
        getClass().getClassLoader());
    managers.add(other);
    CachetteConfiguration<String, Integer> config = new CachetteConfiguration<String, Integer>()
        .backend(REDIS).namespace(namespace + "-other");
    config.setTypes(String.class, Integer.class);
    Cache<String, Integer> neighbour = other.createCache("neighbour", config);
    neighbour.put("k", 2);

    other.destroyCache("neighbour");

    assertThat(counters.get("kept-elsewhere")).isEqualTo(1);
  }
}
