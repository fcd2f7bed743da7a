package io.cachette.micrometer;

import io.cachette.Cache;
import io.cachette.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Binds the counters of one Cachette {@link Cache} to a {@link MeterRegistry}, under the names
 * Micrometer's own cache binders use (so dashboards made for Caffeine or JCache caches show Cachette
 * caches too):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>type</th><th>reads</th></tr>
 *   <tr><td>{@code cache.gets{result=hit}}</td><td>function counter</td>
 *       <td>{@link CacheStats#hitCount()}</td></tr>
 *   <tr><td>{@code cache.gets{result=miss}}</td><td>function counter</td>
 *       <td>{@link CacheStats#missCount()}</td></tr>
 *   <tr><td>{@code cache.puts}</td><td>function counter</td>
 *       <td>{@link CacheStats#putCount()}</td></tr>
 *   <tr><td>{@code cache.evictions}</td><td>function counter</td>
 *       <td>{@link CacheStats#evictionCount()}; registered only when the backend counts evictions
 *       (memory://), and then it counts the whole backend, which caches may share</td></tr>
 *   <tr><td>{@code cache.load{result=success}}</td><td>function counter</td>
 *       <td>{@link CacheStats#loadSuccessCount()}</td></tr>
 *   <tr><td>{@code cache.load{result=failure}}</td><td>function counter</td>
 *       <td>{@link CacheStats#loadFailureCount()}</td></tr>
 *   <tr><td>{@code cache.load.duration}</td><td>time gauge</td>
 *       <td>{@link CacheStats#totalLoadTimeNanos()}, as Caffeine's binder reports it</td></tr>
 *   <tr><td>{@code cachette.errors}</td><td>function counter</td>
 *       <td>{@link CacheStats#errorCount()}: backend failures and timeouts (counted whatever the
 *       failure policy) and stored entries that could not be read</td></tr>
 * </table>
 *
 * <p>{@code cache.size} is not registered: a Cachette cache is a namespace in a store that other
 * caches and processes may share, and no store counts one namespace's entries cheaply.
 *
 * <p>Every meter is tagged {@code cache} (the name given here), {@code backend} (a short, low-
 * cardinality name of the store, such as the URL scheme {@code redis}; see {@link #backendName})
 * and the extra tags given. The meters read {@link Cache#stats()} when the registry is scraped and
 * add nothing to a cache operation: a hit costs what it cost before. Like Micrometer's binders, this
 * one holds the cache weakly: the meters do not keep a closed, dropped cache alive.
 *
 * <pre>{@code
 * CachetteCacheMetrics.monitor(registry, users, "users", "redis");
 * }</pre>
 *
 * <p>Thread-safe; bind it to any number of registries.
 */
public final class CachetteCacheMetrics extends CacheMeterBinder<Cache<?>> {
  private final String backend;

  /**
   * A binder for one cache.
   *
   * @param cache the cache to watch
   * @param cacheName the value of the {@code cache} tag
   * @param backend the value of the {@code backend} tag: a short name of the store such as
   *     {@code memory} or {@code redis}, never a URL (it may carry a password)
   * @param tags further tags for every meter
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code backend} is empty or looks like a URL
   */
  public CachetteCacheMetrics(Cache<?> cache, String cacheName, String backend,
      Iterable<Tag> tags) {
    super(Objects.requireNonNull(cache, "cache"), Objects.requireNonNull(cacheName, "cacheName"),
        Tags.of(Objects.requireNonNull(tags, "tags")).and("backend", checkBackend(backend)));
    this.backend = backend;
  }

  /**
   * Binds the meters of a cache to a registry and returns the cache.
   *
   * @param tags further tags as key/value pairs
   * @throws IllegalArgumentException as {@link #CachetteCacheMetrics} does, or when the tags are
   *     not pairs
   */
  public static <C extends Cache<?>> C monitor(MeterRegistry registry, C cache, String cacheName,
      String backend, String... tags) {
    return monitor(registry, cache, cacheName, backend, Tags.of(tags));
  }

  /**
   * Binds the meters of a cache to a registry and returns the cache.
   *
   * @throws IllegalArgumentException as {@link #CachetteCacheMetrics} does
   */
  public static <C extends Cache<?>> C monitor(MeterRegistry registry, C cache, String cacheName,
      String backend, Iterable<Tag> tags) {
    Objects.requireNonNull(registry, "registry");
    new CachetteCacheMetrics(cache, cacheName, backend, tags).bindTo(registry);
    return cache;
  }

  /**
   * The {@code backend} tag for a backend URL: its scheme, lower case ({@code redis} for
   * {@code redis://user:secret@host:6379/0}), so that neither a password nor a host name becomes a
   * tag.
   *
   * @throws IllegalArgumentException when the text has no scheme
   */
  public static String backendName(String backendUrl) {
    Objects.requireNonNull(backendUrl, "backendUrl");
    int colon = backendUrl.indexOf(':');
    String scheme = colon > 0 ? backendUrl.substring(0, colon) : "";
    if (scheme.isEmpty() || !isScheme(scheme)) {
      throw new IllegalArgumentException("the backend URL has no scheme; give one such as"
          + " redis://host:6379 or memory://");
    }
    return scheme.toLowerCase(Locale.ROOT);
  }

  private static boolean isScheme(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
      if (!ok || c > 127) {
        return false;
      }
    }
    return Character.isLetter(text.charAt(0));
  }

  private static String checkBackend(String backend) {
    Objects.requireNonNull(backend, "backend");
    if (backend.isEmpty() || backend.contains("://") || backend.indexOf('@') >= 0) {
      throw new IllegalArgumentException("backend tag '" + (backend.indexOf('@') >= 0 ? "***"
          : backend) + "' must be a short store name such as 'redis', not a URL: use"
          + " CachetteCacheMetrics.backendName(url)");
    }
    return backend;
  }

  private @Nullable CacheStats stats() {
    Cache<?> cache = getCache();
    return cache == null ? null : cache.stats();
  }

  private long read(ToLongStats counter) {
    CacheStats stats = stats();
    return stats == null ? 0 : counter.read(stats);
  }

  /** Reads one counter of a snapshot. */
  @FunctionalInterface
  private interface ToLongStats {
    long read(CacheStats stats);
  }

  @Override
  protected @Nullable Long size() {
    return null;
  }

  @Override
  protected long hitCount() {
    return read(CacheStats::hitCount);
  }

  @Override
  protected Long missCount() {
    return read(CacheStats::missCount);
  }

  @Override
  protected @Nullable Long evictionCount() {
    CacheStats stats = stats();
    return stats == null || stats.evictionCount() < 0 ? null : stats.evictionCount();
  }

  @Override
  protected long putCount() {
    return read(CacheStats::putCount);
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    Cache<?> cache = getCache();
    if (cache == null) {
      return;
    }
    counter(registry, "cache.load", cache, s -> s.loadSuccessCount(), "success",
        "The number of times cache lookup methods have successfully loaded a new value or failed"
            + " to load a new value, either because no value was found or an exception was thrown"
            + " while loading");
    counter(registry, "cache.load", cache, s -> s.loadFailureCount(), "failure",
        "The number of times cache lookup methods have successfully loaded a new value or failed"
            + " to load a new value, either because no value was found or an exception was thrown"
            + " while loading");
    TimeGauge.builder("cache.load.duration", cache, TimeUnit.NANOSECONDS,
            c -> c.stats().totalLoadTimeNanos())
        .tags(getTagsWithCacheName())
        .description("The time the cache has spent loading new values")
        .register(registry);
    counter(registry, "cachette.errors", cache, s -> s.errorCount(), null,
        "Backend operations that failed or timed out (whatever the failure policy), and stored"
            + " entries that could not be read");
  }

  private void counter(MeterRegistry registry, String name, Cache<?> cache, ToLongStats counter,
      @Nullable String result, String description) {
    ToDoubleFunction<Cache<?>> read = c -> counter.read(c.stats());
    FunctionCounter.Builder<Cache<?>> builder = FunctionCounter.builder(name, cache, read)
        .tags(getTagsWithCacheName())
        .description(description);
    if (result != null) {
      builder.tag("result", result);
    }
    builder.register(registry);
  }

  @Override
  public String toString() {
    return "CachetteCacheMetrics[backend=" + backend + "]";
  }
}
