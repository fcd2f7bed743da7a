package io.cachette;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A typed cache over one backend, with a namespace, a serializer, a default TTL, stampede
 * protection and a failure policy. Built with {@link #builder(Class)}:
 *
 * <pre>{@code
 * Cache<User> users = Cache.builder(User.class)
 *     .backend("redis://localhost:6379/0")
 *     .serializer("json+zstd://")
 *     .namespace("users")
 *     .defaultTtl(Duration.ofMinutes(5))
 *     .build();
 * users.set("42", user);
 * Optional<User> u = users.get("42");
 * }</pre>
 *
 * <p><b>Keys</b> are non-empty, well-formed Unicode strings (a key with an unpaired UTF-16 surrogate,
 * such as {@code "user-\uD800"}, has no UTF-8 form and is refused, so that no store can confuse it
 * with another key); the stored key is {@code <namespace>:<key>}, at most {@value #MAX_KEY_BYTES}
 * UTF-8 bytes. Every key is checked before any backend is called: a null key throws
 * {@link NullPointerException}, any other invalid key {@link IllegalArgumentException}, in both modes.
 *
 * <p><b>Values</b> are non-null ({@link NullPointerException} otherwise); a value whose stored form is
 * larger than the cache's or the backend's limit throws {@link ValueTooLargeException}.
 *
 * <p><b>TTLs</b>, where given, are positive ({@link IllegalArgumentException} otherwise), or
 * {@link #NEVER} for entries that never expire; a null TTL throws {@link NullPointerException}. The
 * cache's default TTL applies where none is given, and without a default entries never expire.
 *
 * <p><b>Failures.</b> By default the cache fails open: a backend error on a read is a miss, on a
 * write it is logged and counted in {@link #stats()} and the write returns false. Built with
 * {@link CacheBuilder#strict()}, both throw {@link CacheException}. A value the serializer cannot
 * write ({@link SerializationException}) is a failed write too: not stored, logged and counted, or
 * thrown in strict mode; a value over the size limit always throws {@link ValueTooLargeException}.
 * Stored bytes that cannot be read back (corrupt, or written by another serializer or format
 * version) are a miss in both modes, and the entry is deleted.
 *
 * <p>Thread-safe.
 *
 * @param <V> the type of values
 */
public interface Cache<V> extends AutoCloseable {

  /** The largest stored key (namespace, colon and key) in UTF-8 bytes. */
  int MAX_KEY_BYTES = 1024;

  /**
   * The TTL of entries that never expire: {@code set(key, value, Cache.NEVER)}. It is the longest
   * {@link Duration} ({@code ChronoUnit.FOREVER.getDuration()}); any TTL equal to it means never.
   */
  Duration NEVER = java.time.temporal.ChronoUnit.FOREVER.getDuration();

  /** Starts building a cache of values of a plain class. */
  static <V> CacheBuilder<V> builder(Class<V> valueType) {
    return new CacheBuilder<>(TypeRef.of(valueType));
  }

  /** Starts building a cache of values of a generic type, such as {@code List<User>}. */
  static <V> CacheBuilder<V> builder(TypeRef<V> valueType) {
    return new CacheBuilder<>(valueType);
  }

  /** The live value for a key, or empty when absent, expired or unreadable. */
  Optional<V> get(String key);

  /** The live value for a key, or {@code fallback}. */
  @Nullable V getOrDefault(String key, @Nullable V fallback);

  /**
   * The live value for a key.
   *
   * @throws KeyNotFoundException when there is none
   */
  V getRequired(String key);

  /**
   * The live value for a key, loading and storing it on a miss. However many threads of this JVM
   * ask for the same missing key at once, the loader runs once and they all get its result. If the
   * loader throws, every waiter gets that exception and nothing is stored. A loader that returns
   * null stores nothing and null is returned.
   *
   * <p>Waiting is bounded: a caller waits for another caller's load at most the load timeout
   * ({@link CacheBuilder#loadTimeout}), then runs the loader itself. A miss reads the store once;
   * it reads it a second time only under the backend's cross-process lease, or when a load of this
   * cache finished in between. The store steps after the first read share one operation timeout,
   * and once one fails the rest are skipped: the loaded value is returned whether or not it could
   * be stored (fail-open), so a store that stops answering costs one timeout, not one per step.
   */
  @Nullable V get(String key, Function<? super String, ? extends @Nullable V> loader);

  /**
   * Like {@link #get(String, Function)}, but the loaded value is stored by {@code store} instead of
   * {@code set(key, value)}: to choose its TTL, to store it only if absent, or to store only some
   * values. {@code store} runs once per load, on the loading thread, and only for a non-null value;
   * every waiter gets the loaded value whether or not it was stored. If {@code store} throws, the
   * loading caller and every waiter get that exception.
   */
  @Nullable V get(String key, Function<? super String, ? extends @Nullable V> loader,
      BiConsumer<? super String, ? super V> store);

  /** The live values of several keys; absent keys are left out. One round trip on network backends. */
  Map<String, V> getMany(Collection<String> keys);

  /** Stores a value with the default TTL. Returns true if stored. */
  boolean set(String key, V value);

  /** Stores a value with a TTL ({@link #NEVER}: never expires). Returns true if stored. */
  boolean set(String key, V value, Duration ttl);

  /** Stores a value with the default TTL only if the key is absent; true if it was absent. */
  boolean setIfAbsent(String key, V value);

  /** Stores a value with a TTL only if the key is absent, atomically; true if it was absent. */
  boolean setIfAbsent(String key, V value, Duration ttl);

  /** Stores several values with the default TTL. Returns true if stored. */
  boolean setMany(Map<String, ? extends V> entries);

  /** Stores several values with one TTL ({@link #NEVER}: never expire). Returns true if stored. */
  boolean setMany(Map<String, ? extends V> entries, Duration ttl);

  /** Makes a live entry expire after {@code ttl} ({@link #NEVER}: as {@link #persist}); true if the key existed. */
  boolean expireIn(String key, Duration ttl);

  /** Makes a live entry never expire; true if the key existed. */
  boolean persist(String key);

  /** Removes an entry; true if a live entry existed. */
  boolean delete(String key);

  /** Removes several entries; returns how many live entries existed. */
  long deleteMany(Collection<String> keys);

  /** Whether a live entry exists. */
  boolean exists(String key);

  /**
   * Removes every entry of this cache's namespace, and nothing else: other namespaces and other
   * applications' keys in the same store are untouched.
   */
  void clear();

  /**
   * Lists the live keys of this cache's namespace (the caller's keys, without the namespace), with
   * the time each has left. Lazy and paged as {@link io.cachette.backend.Backend#scan} describes;
   * close the stream. Inspection is an explicit request, so a store failure is thrown whatever the
   * failure policy.
   *
   * @throws UnsupportedOperationException when the backend cannot list its keys
   * @throws CacheException when the store fails or the cache is closed
   */
  Stream<KeyInfo> keys();

  /** The namespace that prefixes this cache's keys. */
  String namespace();

  /** Counters since the cache was built. */
  CacheStats stats();

  /** The same cache, with {@link java.util.concurrent.CompletableFuture} results. */
  AsyncCache<V> async();

  /** Closes the backend if this cache opened it from a URL; a backend passed in is left open. */
  @Override
  void close();
}
