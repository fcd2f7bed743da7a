package io.cachette.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachette.spring.CacheSpec;
import io.cachette.spring.CachetteCacheManager;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.aop.support.AopUtils;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@code @Cacheable} hit through a Spring proxy, the same service in two application contexts:
 * one whose {@code CacheManager} is a {@link CachetteCacheManager} on {@code memory://} (values kept
 * as they are, {@code noop://}), one with Spring's own {@link CaffeineCacheManager}, bounded as a
 * user configures it ({@code maximumSize(10000)}; Cachette's store gets {@code max-size=10000}).
 * Everything else is Spring's defaults: dynamic caches, the default key generator (the {@code int}
 * argument), nulls allowed, a CGLIB proxy. Both caches hold the 1024 keys before measuring, and the
 * service counts its calls, so that only hits are measured: the trial fails if the method ran once
 * more. The {@code Sync} pair is {@code @Cacheable(sync = true)} on the same entries. Each thread
 * walks the keys on its own. Run with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SpringCacheBenchmark {
  static final int KEYS = 1024;

  /** The cached service, as an application writes it. */
  public static class Items {
    private final AtomicInteger calls = new AtomicInteger();

    /** The item's name, computed on a miss only. */
    @Cacheable("items")
    public String item(int id) {
      calls.incrementAndGet();
      return "item-" + id;
    }

    /** The same, with one call per key however many threads miss it. */
    @Cacheable(cacheNames = "items", sync = true)
    public String itemSync(int id) {
      calls.incrementAndGet();
      return "item-" + id;
    }

    /** How many times either method ran (through the proxy: each miss). */
    public int calls() {
      return calls.get();
    }
  }

  /** The application on Cachette. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  public static class OnCachette {
    /** Cachette's memory store, bounded, values by reference. */
    @Bean
    public CachetteCacheManager cacheManager() {
      return CachetteCacheManager.builder()
          .defaultSpec(CacheSpec.builder()
              .backend("memory://?max-size=" + MemoryCacheBenchmark.MAX_SIZE)
              .serializer("noop://")
              .build())
          .build();
    }

    /** The service. */
    @Bean
    public Items items() {
      return new Items();
    }
  }

  /** The same application on Spring's Caffeine cache manager. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  public static class OnCaffeine {
    /** Spring's Caffeine caches, bounded. */
    @Bean
    public CaffeineCacheManager cacheManager() {
      CaffeineCacheManager manager = new CaffeineCacheManager();
      manager.setCaffeine(Caffeine.newBuilder().maximumSize(MemoryCacheBenchmark.MAX_SIZE));
      return manager;
    }

    /** The service. */
    @Bean
    public Items items() {
      return new Items();
    }
  }

  AnnotationConfigApplicationContext cachetteContext;
  AnnotationConfigApplicationContext caffeineContext;
  Items cachette;
  Items caffeine;

  /** Each thread's position in the keys. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int nextId() {
      int i = next;
      next = (i + 1) & (KEYS - 1);
      return i;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    cachetteContext = new AnnotationConfigApplicationContext(OnCachette.class);
    caffeineContext = new AnnotationConfigApplicationContext(OnCaffeine.class);
    cachette = warmed(cachetteContext, CachetteCacheManager.class);
    caffeine = warmed(caffeineContext, CaffeineCacheManager.class);
  }

  /** The context's service, each key cached and checked, after checking the context's wiring. */
  private static Items warmed(AnnotationConfigApplicationContext context,
      Class<? extends CacheManager> managerType) {
    if (!managerType.isInstance(context.getBean(CacheManager.class))) {
      throw new IllegalStateException("expected a " + managerType.getSimpleName() + ", got "
          + context.getBean(CacheManager.class));
    }
    Items items = context.getBean(Items.class);
    if (!AopUtils.isAopProxy(items)) {
      throw new IllegalStateException("the service is not proxied: no caching to measure");
    }
    for (int id = 0; id < KEYS; id++) {
      items.item(id);
    }
    for (int id = 0; id < KEYS; id++) {
      String expected = "item-" + id;
      if (!expected.equals(items.item(id)) || !expected.equals(items.itemSync(id))) {
        throw new IllegalStateException(managerType.getSimpleName() + ": wrong value for " + id);
      }
    }
    checkOnlyHits(items, managerType);
    return items;
  }

  private static void checkOnlyHits(Items items, Class<? extends CacheManager> managerType) {
    if (items.calls() != KEYS) {
      throw new IllegalStateException(managerType.getSimpleName() + ": the method ran "
          + items.calls() + " times for " + KEYS + " keys, so not every call was a hit");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      checkOnlyHits(cachette, CachetteCacheManager.class);
      checkOnlyHits(caffeine, CaffeineCacheManager.class);
    } finally {
      cachetteContext.close();
      caffeineContext.close();
    }
  }

  @Benchmark
  public String cachetteCacheableHit(Cursor c) {
    return cachette.item(c.nextId());
  }

  @Benchmark
  public String caffeineCacheableHit(Cursor c) {
    return caffeine.item(c.nextId());
  }

  @Benchmark
  public String cachetteCacheableSyncHit(Cursor c) {
    return cachette.itemSync(c.nextId());
  }

  @Benchmark
  public String caffeineCacheableSyncHit(Cursor c) {
    return caffeine.itemSync(c.nextId());
  }
}
