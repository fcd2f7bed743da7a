package io.cachette.jcache;

import io.cachette.backend.Backend;
import java.time.Clock;
import java.util.Objects;

/**
 * Puts Cachette on a JCache cache the application already has: {@code JCacheBackends.of(jcache)}
 * is a {@link Backend}, so a {@link io.cachette.Cache} (with its serializers, memoization and the
 * HTTP cache) can store its entries in, for example, a Caffeine, Ehcache or Hazelcast JCache cache:
 *
 * <pre>{@code
 * javax.cache.Cache<String, byte[]> existing = cacheManager.createCache("shared",
 *     new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
 * Cache<User> users = Cache.builder(User.class)
 *     .backend(JCacheBackends.of(existing))
 *     .namespace("users")
 *     .build();
 * }</pre>
 *
 * <p><b>Limits</b>, since JCache has no per-entry TTL and no atomic operations beyond its own:
 * <ul>
 *   <li>Per-entry TTLs are kept in the stored bytes (a 9-byte header before the value) and checked
 *       on every read: an expired entry reads as absent everywhere, and is removed when next
 *       written, deleted or listed. Until then it occupies the JCache cache, whose own expiry
 *       policy and size bound still apply and may drop any entry earlier. Values put into the
 *       JCache cache by other code, without the header, read as absent.</li>
 *   <li>{@code setIfAbsent}, {@code expireIn} and {@code delete} run as JCache entry processors
 *       ({@code Cache.invoke}), so they are exactly as atomic as the JCache implementation makes
 *       {@code invoke}: atomic per key in every implementation that follows JSR-107. The entry
 *       processors are {@code Serializable}, for distributed implementations.</li>
 *   <li>{@code setMany} is {@code putAll}, which JSR-107 does not make atomic; {@code getMany} is
 *       one {@code getAll}.</li>
 *   <li>{@code clear(prefix)} and {@code scan(prefix)} iterate over the whole JCache cache.</li>
 *   <li>{@link Backend#close()} only closes this backend: the JCache cache stays the
 *       application's, open.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class JCacheBackends {
  private JCacheBackends() {}

  /** A backend storing in {@code cache}, with wall-clock time for TTLs. */
  public static Backend of(javax.cache.Cache<String, byte[]> cache) {
    return of(cache, Clock.systemUTC());
  }

  /**
   * A backend storing in {@code cache}, reading the time for TTLs from {@code clock} (a test's
   * clock, say). The JCache cache's own expiry policy keeps using its own time.
   */
  public static Backend of(javax.cache.Cache<String, byte[]> cache, Clock clock) {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(clock, "clock");
    return new JCacheBackend(cache, clock);
  }
}
