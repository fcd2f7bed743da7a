package io.cachette.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.spring.CachetteCache;
import io.cachette.spring.CachetteCacheManager;
import io.cachette.testkit.ParkedThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;

/**
 * What a Boot application gets from the starter and two properties, on one backend: each subclass
 * is the {@link LibraryApp} on another store (memory://, sqlite://, redis://).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class BootAppContract {
  @Autowired Library library;
  @Autowired CacheManager cacheManager;
  @Autowired MeterRegistry registry;

  /** The backend scheme the properties chose. */
  abstract String scheme();

  /** The TTL the properties give the cache "short". */
  abstract Duration shortTtl();

  /**
   * Lets time pass beyond {@link #shortTtl()}: moves the test clock, or (on a store that follows
   * real time) nothing, the caller then polling.
   */
  abstract void passTheShortTtl();

  @AfterEach
  void clearCaches() {
    for (String name : cacheManager.getCacheNames()) {
      cacheManager.getCache(name).clear();
    }
  }

  @Test
  void theCacheManagerIsCachetteOnTheConfiguredBackend() {
    assertThat(cacheManager).isInstanceOf(CachetteCacheManager.class);
    CachetteCache books = (CachetteCache) cacheManager.getCache("books");
    assertThat(books.backendName()).isEqualTo(scheme());
    assertThat(((CachetteCache) cacheManager.getCache("short")).spec().ttl()).isEqualTo(shortTtl());
  }

  @Test
  void cacheablePutAndEvictWork() {
    int before = library.calls();
    assertThat(library.title(1)).isEqualTo("title-1");
    assertThat(library.title(1)).isEqualTo("title-1");
    assertThat(library.calls() - before).isEqualTo(1);

    library.rename(1, "renamed");
    assertThat(library.title(1)).isEqualTo("renamed");
    assertThat(library.calls() - before).isEqualTo(2);

    library.drop(1);
    assertThat(library.title(1)).isEqualTo("title-1");
    assertThat(library.calls() - before).isEqualTo(4);

    library.title(2);
    library.dropAll();
    library.title(1);
    library.title(2);
    assertThat(library.calls() - before).isEqualTo(8);
  }

  @Test
  void syncWithFiftyThreadsInvokesTheMethodOnce() throws Exception {
    int before = library.calls();
    CountDownLatch entered = library.holdLoads();
    CountDownLatch go = new CountDownLatch(1);
    ConcurrentLinkedQueue<String> results = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
          results.add(library.slowTitle("isbn-1"));
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "caller-" + i);
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    assertThat(entered.await(30, TimeUnit.SECONDS)).as("a load started").isTrue();
    ParkedThreads.awaitAll(threads);   // 49 callers wait for the one load, which waits for us
    library.release();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(failures).isEmpty();
    assertThat(results).hasSize(50).containsOnly("slow-isbn-1");
    assertThat(library.calls() - before).isEqualTo(1);
  }

  @Test
  void theTtlFromThePropertiesExpiresEntries() {
    int before = library.calls();
    library.shortLived(1);
    assertThat(library.calls() - before).isEqualTo(1);
    passTheShortTtl();
    long deadline = System.nanoTime() + shortTtl().plusSeconds(15).toNanos();
    while (library.calls() - before == 1) {
      library.shortLived(1);
      assertThat(System.nanoTime()).as("entry still cached 15 s after its TTL").isLessThan(deadline);
      if (library.calls() - before == 1) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    assertThat(library.calls() - before).isEqualTo(2);
  }

  @Test
  void everyCacheHasItsMetersTaggedWithItsNameAndBackend() {
    library.title(5);
    library.title(5);
    Tags tags = Tags.of("cache", "books", "backend", scheme());
    double hits = registry.get("cache.gets").tags(tags.and("result", "hit")).functionCounter().count();
    double puts = registry.get("cache.puts").tags(tags).functionCounter().count();
    library.title(5);
    library.rename(6, "x");
    assertThat(registry.get("cache.gets").tags(tags.and("result", "hit")).functionCounter().count())
        .isEqualTo(hits + 1);
    assertThat(registry.get("cache.puts").tags(tags).functionCounter().count()).isEqualTo(puts + 1);
    assertThat(registry.find("cachette.errors").tags(tags).functionCounter()).isNotNull();
    assertThat(registry.find("cache.load.duration").tags(tags).timeGauge()).isNotNull();
    assertThat(registry.find("cache.gets").tags("cache", "short").meters()).hasSize(2);
  }
}
