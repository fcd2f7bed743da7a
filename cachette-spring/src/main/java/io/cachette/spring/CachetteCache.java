package io.cachette.spring;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link org.springframework.cache.Cache} over a Cachette {@link io.cachette.Cache}: what
 * {@link CachetteCacheManager} hands to Spring's caching annotations. Every operation goes through
 * the Cachette cache (its namespace, serializer, TTL, stampede guard and failure policy).
 *
 * <ul>
 *   <li><b>Keys</b>: a {@link String} key as it is; other keys by their {@code toString()} when
 *       their class has its own (Spring's {@code SimpleKey}, numbers, enums, records, ...); a key
 *       whose class has none is refused with {@link IllegalArgumentException}. {@code 1},
 *       {@code 1L} and {@code "1"} are one entry, as in Spring's Redis cache.</li>
 *   <li><b>{@link #get(Object, Callable)}</b> ({@code @Cacheable(sync = true)}) uses Cachette's
 *       per-key load guard: however many threads of this JVM miss the same key at once, the method
 *       runs once and they all get its result (and with a backend lease, such as Redis's, once
 *       across processes). A loader that throws reaches every waiter as Spring's
 *       {@link ValueRetrievalException} and nothing is stored.</li>
 *   <li><b>{@link #retrieve(Object)} and {@link #retrieve(Object, Supplier)}</b> (Spring 6.1+, for
 *       methods returning {@link CompletableFuture}, {@code Mono} or {@code Flux}) run on the
 *       Cachette cache's asynchronous face; the second shares one load per key the same way.</li>
 *   <li><b>Nulls</b>: cached when the spec's {@code cacheNulls} is true (the default), as Spring's
 *       {@code NullValue}; otherwise a null result is returned and not stored, and
 *       {@code put(key, null)} removes the key's entry.</li>
 *   <li><b>Failures</b> follow the spec's {@link FailurePolicy}: failing open, a store failure is a
 *       miss (or a write not done) and Spring's {@code CacheErrorHandler} never sees it; strict, it
 *       is thrown as {@link io.cachette.CacheException} (or fails the returned future), which
 *       Spring hands to its {@code CacheErrorHandler}. Argument errors (a key that cannot be a
 *       key, a value over the size limit) are always thrown.</li>
 *   <li>{@link #putIfAbsent} is the Cachette cache's atomic {@code setIfAbsent}; when it finds the
 *       key present it then reads the value to return, so an entry removed in between reads as
 *       stored (null).</li>
 *   <li>{@link #invalidate()} clears the namespace and returns false: whether entries existed
 *       before is not known.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class CachetteCache extends AbstractValueAdaptingCache {
  private final String name;
  private final io.cachette.Cache<Object> cache;
  private final String backendName;
  private final CacheSpec spec;

  CachetteCache(String name, io.cachette.Cache<Object> cache, String backendName, CacheSpec spec,
      boolean cacheNulls) {
    super(cacheNulls);
    this.name = name;
    this.cache = cache;
    this.backendName = backendName;
    this.spec = spec;
  }

  @Override
  public String getName() {
    return name;
  }

  /** The Cachette cache underneath. */
  @Override
  public io.cachette.Cache<Object> getNativeCache() {
    return cache;
  }

  /**
   * A short name of the store, without host or password: the backend URL's scheme (such as
   * {@code redis}), or {@code instance} for a backend given as an instance. For tags and logs.
   */
  public String backendName() {
    return backendName;
  }

  /** The spec the cache was made from, the manager's defaults filled in. */
  public CacheSpec spec() {
    return spec;
  }

  @Override
  protected @Nullable Object lookup(Object key) {
    return cache.getOrDefault(CacheKeys.of(key), null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    Objects.requireNonNull(valueLoader, "valueLoader");
    Object stored = cache.get(CacheKeys.of(key), new Loader(this, key, valueLoader));
    return (T) fromStoreValue(stored);
  }

  /**
   * The loader of one {@code get(key, valueLoader)} call. A class rather than a capturing lambda:
   * the JIT allocates a lambda through a method handle, which some compilations route through the
   * JDK's slow allocation path; a plain {@code new} always takes the fast one (as in Cachette's
   * memoizer).
   */
  private static final class Loader implements Function<String, @Nullable Object> {
    private final CachetteCache cache;
    private final Object key;
    private final Callable<?> valueLoader;

    Loader(CachetteCache cache, Object key, Callable<?> valueLoader) {
      this.cache = cache;
      this.key = key;
      this.valueLoader = valueLoader;
    }

    @Override
    public @Nullable Object apply(String ignored) {
      Object value;
      try {
        value = valueLoader.call();
      } catch (Exception e) {
        throw new ValueRetrievalException(key, valueLoader, e);
      }
      return cache.storable(value);
    }
  }

  /** What a loaded value is stored as: itself, {@link NullValue} for a cached null, or nothing. */
  private @Nullable Object storable(@Nullable Object value) {
    if (value == null) {
      return isAllowNullValues() ? NullValue.INSTANCE : null;
    }
    return value;
  }

  @Override
  public @Nullable CompletableFuture<?> retrieve(Object key) {
    return unwrapped(cache.async().get(CacheKeys.of(key))
        .thenApply(found -> found.map(this::toValueWrapperOrValue).orElse(null)));
  }

  /** A cached value as {@link #retrieve(Object)} hands it over: wrapped when nulls are cached. */
  private @Nullable Object toValueWrapperOrValue(Object stored) {
    return isAllowNullValues() ? toValueWrapper(stored) : fromStoreValue(stored);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    Objects.requireNonNull(valueLoader, "valueLoader");
    String k = CacheKeys.of(key);
    return unwrapped(cache.async().get(k, ignored -> {
      CompletableFuture<T> loaded = Objects.requireNonNull(valueLoader.get(),
          "the value loader returned a null future");
      return loaded.thenApply(this::storable);
    }).thenApply(stored -> (T) fromStoreValue(stored)));
  }

  /**
   * The same outcome, failed with the exception itself rather than a {@link CompletionException}
   * around it, as Spring's {@code CacheErrorHandler} and the caller expect it.
   */
  private static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> future) {
    CompletableFuture<T> out = new CompletableFuture<>();
    future.whenComplete((value, error) -> {
      if (error == null) {
        out.complete(value);
        return;
      }
      Throwable cause = error;
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      out.completeExceptionally(cause);
    });
    return out;
  }

  /**
   * Stores a value. A null value is stored as Spring's {@code NullValue} when nulls are cached;
   * when they are not, the key's entry is removed instead (a {@code @CachePut} of a null result
   * leaves no stale value behind; Spring's own caches throw here).
   */
  @Override
  public void put(Object key, @Nullable Object value) {
    String k = CacheKeys.of(key);
    if (value == null && !isAllowNullValues()) {
      cache.delete(k);
      return;
    }
    cache.set(k, Objects.requireNonNull(toStoreValue(value)));
  }

  /**
   * Stores a value if the key has none; returns null when it stored it, else the present value. A
   * null value when nulls are not cached stores nothing and returns the present value, if any.
   */
  @Override
  public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
    String k = CacheKeys.of(key);
    if (value == null && !isAllowNullValues()) {
      return cache.get(k).map(this::toValueWrapper).orElse(null);
    }
    Object stored = Objects.requireNonNull(toStoreValue(value));
    if (cache.setIfAbsent(k, stored)) {
      return null;
    }
    Optional<Object> existing = cache.get(k);
    return existing.map(this::toValueWrapper).orElse(null);
  }

  @Override
  public void evict(Object key) {
    cache.delete(CacheKeys.of(key));
  }

  @Override
  public boolean evictIfPresent(Object key) {
    return cache.delete(CacheKeys.of(key));
  }

  @Override
  public void clear() {
    cache.clear();
  }

  @Override
  public boolean invalidate() {
    cache.clear();
    return false;
  }

  @Override
  public String toString() {
    return "CachetteCache[name=" + name + ", " + cache + "]";
  }
}
