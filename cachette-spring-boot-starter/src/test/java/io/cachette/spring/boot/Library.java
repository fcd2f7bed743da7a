package io.cachette.spring.boot;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/** An annotated service that counts its real calls; the tests hold its caching proxy. */
public class Library {
  private final AtomicInteger calls = new AtomicInteger();
  private volatile CountDownLatch entered = new CountDownLatch(1);
  private volatile CountDownLatch release = new CountDownLatch(0);

  /** Real calls so far. */
  public int calls() {
    return calls.get();
  }

  /** Makes the next sync loads signal {@code entered} and wait for {@link #release()}. */
  public CountDownLatch holdLoads() {
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
    return entered;
  }

  /** Lets held loads finish. */
  public void release() {
    release.countDown();
  }

  @Cacheable("books")
  public String title(int id) {
    calls.incrementAndGet();
    return "title-" + id;
  }

  @CachePut(cacheNames = "books", key = "#id")
  public String rename(int id, String title) {
    calls.incrementAndGet();
    return title;
  }

  @CacheEvict("books")
  public void drop(int id) {
    calls.incrementAndGet();
  }

  @CacheEvict(cacheNames = "books", allEntries = true)
  public void dropAll() {
    calls.incrementAndGet();
  }

  /** A sync load that, while held, waits for the test to release it. */
  @Cacheable(cacheNames = "books", sync = true)
  public String slowTitle(String isbn) throws InterruptedException {
    calls.incrementAndGet();
    entered.countDown();
    if (!release.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("never released");
    }
    return "slow-" + isbn;
  }

  /** In the cache "short", whose TTL the tests set by properties. */
  @Cacheable("short")
  public String shortLived(int id) {
    calls.incrementAndGet();
    return "short-" + id;
  }
}
