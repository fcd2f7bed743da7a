package io.cachette.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.CacheException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spring's caching annotations on a {@link CachetteCacheManager} in a plain Spring context:
 * plain, CompletableFuture and reactive return types, nulls, and the CacheErrorHandler contract.
 */
class CachetteCacheAnnotationsTest {
  private AnnotationConfigApplicationContext context;

  @AfterEach
  void close() {
    if (context != null) {
      context.close();
    }
  }

  private Books start(Class<?> config) {
    context = new AnnotationConfigApplicationContext(config, Books.class);
    return context.getBean(Books.class);
  }

  /** The annotated service. Counts every real call. */
  static class Books {
    private final AtomicInteger calls = new AtomicInteger();

    /** Real calls so far (a method, since the test holds the caching proxy). */
    public int calls() {
      return calls.get();
    }

    @Cacheable("books")
    public String title(int id) {
      calls.incrementAndGet();
      return "title-" + id;
    }

    @Cacheable("books")
    public @Nullable String missing(String isbn) {
      calls.incrementAndGet();
      return null;
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

    @Cacheable("futures")
    public CompletableFuture<String> titleLater(int id) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> "later-" + id);
    }

    @Cacheable(cacheNames = "futures", sync = true)
    public CompletableFuture<String> titleLaterOnce(int id) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> "once-" + id);
    }

    @Cacheable("monos")
    public Mono<String> titleMono(int id) {
      calls.incrementAndGet();
      return Mono.just("mono-" + id);
    }

    @Cacheable("fluxes")
    public Flux<String> titleFlux(int id) {
      calls.incrementAndGet();
      return Flux.just("a-" + id, "b-" + id);
    }

    @Cacheable(cacheNames = "books", sync = true)
    public String failing(int id) {
      calls.incrementAndGet();
      throw new IllegalStateException("no book " + id);
    }
  }

  @Configuration
  @EnableCaching
  static class MemoryConfig {
    @Bean
    CachetteCacheManager cacheManager() {
      return CachetteCacheManager.builder().build();
    }
  }

  @Test
  void cacheableCachesPutReplacesAndEvictRemoves() {
    Books books = start(MemoryConfig.class);
    assertThat(books.title(1)).isEqualTo("title-1");
    assertThat(books.title(1)).isEqualTo("title-1");
    assertThat(books.calls()).isEqualTo(1);

    books.rename(1, "renamed");
    assertThat(books.title(1)).isEqualTo("renamed");
    assertThat(books.calls()).isEqualTo(2);

    books.drop(1);
    assertThat(books.title(1)).isEqualTo("title-1");
    assertThat(books.calls()).isEqualTo(4);

    books.title(2);
    books.dropAll();
    books.title(1);
    books.title(2);
    assertThat(books.calls()).isEqualTo(8);
  }

  @Test
  void theCachesAreCachetteCachesInTheirOwnNamespaces() {
    Books books = start(MemoryConfig.class);
    books.title(7);
    CacheManager manager = context.getBean(CacheManager.class);
    Cache cache = manager.getCache("books");
    assertThat(cache).isInstanceOf(CachetteCache.class);
    io.cachette.Cache<Object> cachette = ((CachetteCache) cache).getNativeCache();
    assertThat(cachette.namespace()).isEqualTo("books");
    assertThat(cachette.get("7")).contains("title-7");
    assertThat(manager.getCacheNames()).contains("books");
  }

  @Test
  void aNullResultIsCachedByDefault() {
    Books books = start(MemoryConfig.class);
    assertThat(books.missing("x")).isNull();
    assertThat(books.missing("x")).isNull();
    assertThat(books.calls()).isEqualTo(1);
  }

  @Configuration
  @EnableCaching
  static class NoNullsConfig {
    @Bean
    CachetteCacheManager cacheManager() {
      return CachetteCacheManager.builder()
          .defaultSpec(CacheSpec.builder().cacheNulls(false).build())
          .build();
    }
  }

  @Test
  void withoutNullCachingANullResultIsNotCached() {
    Books books = start(NoNullsConfig.class);
    books.missing("x");
    books.missing("x");
    assertThat(books.calls()).isEqualTo(2);
    Cache cache = context.getBean(CacheManager.class).getCache("books");
    cache.put("k", "v");
    cache.put("k", null);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void completableFutureResultsAreCachedThroughRetrieve() throws Exception {
    Books books = start(MemoryConfig.class);
    assertThat(books.titleLater(1).get(10, TimeUnit.SECONDS)).isEqualTo("later-1");
    assertThat(books.titleLater(1).get(10, TimeUnit.SECONDS)).isEqualTo("later-1");
    assertThat(books.calls()).isEqualTo(1);
    assertThat(books.titleLaterOnce(2).get(10, TimeUnit.SECONDS)).isEqualTo("once-2");
    assertThat(books.titleLaterOnce(2).get(10, TimeUnit.SECONDS)).isEqualTo("once-2");
    assertThat(books.calls()).isEqualTo(2);
  }

  @Test
  void monoAndFluxResultsAreCachedThroughRetrieve() {
    Books books = start(MemoryConfig.class);
    assertThat(books.titleMono(1).block(Duration.ofSeconds(10))).isEqualTo("mono-1");
    assertThat(books.titleMono(1).block(Duration.ofSeconds(10))).isEqualTo("mono-1");
    assertThat(books.titleFlux(1).collectList().block(Duration.ofSeconds(10)))
        .containsExactly("a-1", "b-1");
    assertThat(books.titleFlux(1).collectList().block(Duration.ofSeconds(10)))
        .containsExactly("a-1", "b-1");
    assertThat(books.calls()).isEqualTo(2);
  }

  @Test
  void aSyncLoaderExceptionReachesTheCallerAsItselfAndNothingIsCached() {
    Books books = start(MemoryConfig.class);
    assertThatThrownBy(() -> books.failing(3)).isInstanceOf(IllegalStateException.class)
        .hasMessage("no book 3");
    assertThatThrownBy(() -> books.failing(3)).isInstanceOf(IllegalStateException.class);
    assertThat(books.calls()).isEqualTo(2);
  }

  // ---- store failures: fail-open never reaches the CacheErrorHandler; strict does ----

  /** A CacheErrorHandler that records what it is given and carries on (like Spring's logging one). */
  static final class RecordingErrorHandler implements CacheErrorHandler {
    final List<String> errors = new ArrayList<>();

    @Override
    public synchronized void handleCacheGetError(RuntimeException e, Cache cache, Object key) {
      errors.add("get " + cache.getName() + " " + key + " " + e.getClass().getSimpleName());
    }

    @Override
    public synchronized void handleCachePutError(RuntimeException e, Cache cache, Object key,
        @Nullable Object value) {
      errors.add("put " + cache.getName() + " " + key + " " + e.getClass().getSimpleName());
    }

    @Override
    public synchronized void handleCacheEvictError(RuntimeException e, Cache cache, Object key) {
      errors.add("evict " + cache.getName() + " " + key + " " + e.getClass().getSimpleName());
    }

    @Override
    public synchronized void handleCacheClearError(RuntimeException e, Cache cache) {
      errors.add("clear " + cache.getName() + " " + e.getClass().getSimpleName());
    }
  }

  /** A store that is down: a memory backend closed before use (every operation fails). */
  abstract static class BrokenStoreConfig implements CachingConfigurer {
    final RecordingErrorHandler handler = new RecordingErrorHandler();

    abstract FailurePolicy policy();

    @Bean
    @Override
    public CacheManager cacheManager() {
      io.cachette.backend.Backend down = io.cachette.backend.memory.MemoryBackend.builder().build();
      down.close();
      return CachetteCacheManager.builder()
          .defaultSpec(CacheSpec.builder().backend(down).failurePolicy(policy()).build())
          .build();
    }

    @Bean
    RecordingErrorHandler recordingErrorHandler() {
      return handler;
    }

    @Override
    public CacheErrorHandler errorHandler() {
      return handler;
    }
  }

  @Configuration
  @EnableCaching
  static class FailOpenConfig extends BrokenStoreConfig {
    @Override
    FailurePolicy policy() {
      return FailurePolicy.FAIL_OPEN;
    }
  }

  @Configuration
  @EnableCaching
  static class StrictConfig extends BrokenStoreConfig {
    @Override
    FailurePolicy policy() {
      return FailurePolicy.STRICT;
    }
  }

  @Test
  void failingOpenAStoreThatIsDownRunsTheMethodAndNeverCallsTheErrorHandler() throws Exception {
    Books books = start(FailOpenConfig.class);
    assertThat(books.title(1)).isEqualTo("title-1");
    assertThat(books.title(1)).isEqualTo("title-1");
    books.rename(1, "x");
    books.drop(1);
    books.dropAll();
    assertThat(books.titleLater(1).get(10, TimeUnit.SECONDS)).isEqualTo("later-1");
    assertThat(books.titleMono(1).block(Duration.ofSeconds(10))).isEqualTo("mono-1");
    assertThat(books.calls()).isEqualTo(7);
    assertThat(context.getBean(RecordingErrorHandler.class).errors).isEmpty();
    io.cachette.Cache<Object> cachette = ((CachetteCache) context.getBean(CacheManager.class)
        .getCache("books")).getNativeCache();
    assertThat(cachette.stats().errorCount()).isPositive();
  }

  @Test
  void strictStoreFailuresGoToSpringsCacheErrorHandler() throws Exception {
    Books books = start(StrictConfig.class);
    assertThat(books.title(1)).isEqualTo("title-1");
    books.rename(1, "x");
    books.drop(1);
    books.dropAll();
    assertThat(books.titleLater(2).get(10, TimeUnit.SECONDS)).isEqualTo("later-2");
    assertThat(context.getBean(RecordingErrorHandler.class).errors).containsExactly(
        "get books 1 CacheException",
        "put books 1 CacheException",
        "put books 1 CacheException",
        "evict books 1 CacheException",
        "clear books CacheException",
        "get futures 2 CacheException",
        "put futures 2 CacheException");
  }

  @Configuration
  @EnableCaching
  static class StrictDefaultHandlerConfig {
    @Bean
    CachetteCacheManager cacheManager() {
      io.cachette.backend.Backend down = io.cachette.backend.memory.MemoryBackend.builder().build();
      down.close();
      return CachetteCacheManager.builder()
          .defaultSpec(CacheSpec.builder().backend(down).failurePolicy(FailurePolicy.STRICT).build())
          .build();
    }
  }

  @Test
  void strictWithSpringsDefaultErrorHandlerTheMethodFails() {
    Books books = start(StrictDefaultHandlerConfig.class);
    assertThatThrownBy(() -> books.title(1)).isInstanceOf(CacheException.class)
        .hasMessageContaining("closed");
    assertThat(books.calls()).isEqualTo(0);
  }
}
