package io.cachette.spring;

import io.cachette.backend.Backend;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;

/**
 * Cachette backends over a Spring {@link Cache} an application already has (a
 * {@code ConcurrentMapCache}, a {@code CaffeineCache}, a {@code RedisCache}...), so that a
 * Cachette {@link io.cachette.Cache}, memoizer or HTTP cache can run on it:
 *
 * <pre>{@code
 * Backend store = SpringBackends.of(cacheManager.getCache("shared"));
 * Cache<User> users = Cache.builder(User.class).backend(store).namespace("users").build();
 * }</pre>
 *
 * <p>Each Cachette key is one key of the Spring cache (a {@link String}), holding the value's bytes
 * and its expiry time. The backend stores bytes (a cache over it uses {@code json://} by default).
 * It keeps the shared backend contract (the conformance suite of {@code cachette-testkit} runs on
 * it over {@code ConcurrentMapCache}), with these limits, which come from what a Spring cache can
 * do:
 *
 * <ul>
 *   <li><b>TTL per entry</b> is kept by the adapter, not the store: an expired entry reads as absent
 *       everywhere, but it stays in the Spring cache (using its space) until it is overwritten,
 *       deleted, cleared, or the Spring cache evicts it by its own policy. A Spring cache with a
 *       TTL of its own may drop entries sooner than their Cachette TTL.</li>
 *   <li><b>{@code setIfAbsent}</b> is atomic when the key is absent (Spring's
 *       {@code putIfAbsent}). Replacing an entry that has expired is a second step: exact and
 *       atomic when the Spring cache exposes its map ({@code ConcurrentMapCache} storing by
 *       reference, {@code CaffeineCache}); otherwise an evict then a {@code putIfAbsent}, so two
 *       callers racing on the same expired key may both be told they stored it.</li>
 *   <li><b>{@code expireIn}</b> rewrites the entry: a write racing with it may be lost.</li>
 *   <li><b>Listing keys and {@code clear(prefix)}</b> use the Spring cache's map when it exposes one
 *       ({@code ConcurrentMapCache}, {@code CaffeineCache}); for any other Spring cache they see
 *       only the keys written through this adapter instance (not those written by other processes
 *       or adapters). {@code getMany} and {@code setMany} are one call per key, not atomic.</li>
 *   <li><b>Asynchronous operations</b> run on the caller's thread unless an executor is given
 *       ({@link #of(Cache, Executor)}): give one when the Spring cache blocks on I/O.</li>
 *   <li>{@code close()} stops the adapter; the Spring cache is left as it is.</li>
 * </ul>
 */
public final class SpringBackends {
  private SpringBackends() {}

  /** A backend over a Spring cache, on the system clock, with asynchronous operations inline. */
  public static Backend of(Cache cache) {
    return of(cache, Clock.systemUTC(), null);
  }

  /**
   * A backend over a Spring cache whose asynchronous operations run on {@code executor}.
   *
   * @throws NullPointerException when an argument is null
   */
  public static Backend of(Cache cache, Executor executor) {
    return of(cache, Clock.systemUTC(), Objects.requireNonNull(executor, "executor"));
  }

  /**
   * A backend over a Spring cache that reads time from {@code clock} (for tests that move time).
   *
   * @param executor where asynchronous operations run; null: on the caller's thread
   * @throws NullPointerException when {@code cache} or {@code clock} is null
   */
  public static Backend of(Cache cache, Clock clock, @Nullable Executor executor) {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(clock, "clock");
    return new SpringCacheBackend(cache, clock, executor);
  }
}
