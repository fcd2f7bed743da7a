package io.cachette.backend;

import io.cachette.KeyInfo;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A store of keys to values with optional per-entry time to live: the SPI every Cachette backend
 * implements. Application code normally talks to a {@link io.cachette.Cache}, which adds the
 * namespace, serialization, stampede protection and the failure policy on top.
 *
 * <p>Values are {@code byte[]} unless {@link #storesObjects()} is true (only the in-memory backend),
 * in which case any non-null object may be stored and is returned as the same instance. Callers must
 * not modify a byte array after passing it in or after getting it back.
 *
 * <p>Semantics shared by every backend (checked by the conformance suite in
 * {@code cachette-testkit}):
 * <ul>
 *   <li>A {@code null} TTL means the entry never expires; a non-null TTL is positive. TTLs are
 *       rounded up to the store's precision (never down to zero) and saturate instead of
 *       overflowing: a TTL too long to represent (20,000 weeks, {@code ChronoUnit.FOREVER})
 *       stores the value, which then effectively never expires. {@link Ttls} holds that
 *       arithmetic for every backend.</li>
 *   <li>An expired entry is absent for every operation, even if the store has not reaped it yet.</li>
 *   <li>{@link #setIfAbsent} is atomic: of many concurrent callers for one absent key, exactly one
 *       gets {@code true}.</li>
 *   <li>{@link #delete} and {@link #expireIn} return whether a live entry existed.</li>
 *   <li>{@link #clear(String)} removes only keys starting with the given prefix.</li>
 *   <li>A reader sees an old or a new value, never a mix of both.</li>
 * </ul>
 *
 * <p><b>Arguments and failures</b> are reported the same way by every backend (the conformance
 * suite checks it; {@link BackendArguments} and {@link Ttls} hold the checks). A
 * {@link io.cachette.Cache} validates keys, TTLs and value sizes before it calls a backend, so
 * these reach only code that uses a backend directly:
 * <ul>
 *   <li>a null key, key collection, entry map, value or prefix: {@link NullPointerException};</li>
 *   <li>an empty key, or one longer than the backend's documented limit:
 *       {@link IllegalArgumentException};</li>
 *   <li>a zero or negative TTL: {@link IllegalArgumentException};</li>
 *   <li>a value that is not a {@code byte[]} on a backend that stores bytes
 *       ({@link #storesObjects()} false): {@link IllegalArgumentException};</li>
 *   <li>a value longer than {@link #maxValueBytes()}: {@link io.cachette.ValueTooLargeException};</li>
 *   <li>any operation after {@link #close()}: {@link BackendClosedException};</li>
 *   <li>a store that fails, times out or cannot be reached: {@link io.cachette.CacheException}.</li>
 * </ul>
 * Arguments are checked before the store is touched: an operation refused for its arguments
 * changes nothing. The cache above decides whether store failures reach its caller (its failure
 * policy); argument errors always do.
 *
 * <p>Implementations are thread-safe.
 */
public interface Backend extends AutoCloseable {

  /** Returns the live value for a key, or null when it is absent or expired. */
  @Nullable Object get(String key);

  /**
   * Returns the live values of the given keys; absent and expired keys are left out of the map.
   * Network backends answer in one round trip.
   */
  Map<String, Object> getMany(List<String> keys);

  /** Stores a value, replacing any previous one. */
  void set(String key, Object value, @Nullable Duration ttl);

  /**
   * Stores a value only if no live entry exists for the key, atomically.
   *
   * @return true if the value was stored, false if a live entry was already there
   */
  boolean setIfAbsent(String key, Object value, @Nullable Duration ttl);

  /**
   * Stores several values with one TTL; atomic (all or nothing) where the store can do that, and one
   * round trip on network backends.
   */
  void setMany(Map<String, ?> entries, @Nullable Duration ttl);

  /**
   * Changes the TTL of a live entry; {@code null} makes it never expire.
   *
   * @return true if a live entry existed
   */
  boolean expireIn(String key, @Nullable Duration ttl);

  /**
   * Removes an entry.
   *
   * @return true if a live entry existed
   */
  boolean delete(String key);

  /**
   * Removes several entries.
   *
   * @return how many live entries existed
   */
  default long deleteMany(Collection<String> keys) {
    long removed = 0;
    for (String key : keys) {
      if (delete(key)) {
        removed++;
      }
    }
    return removed;
  }

  /** Whether a live entry exists for the key. */
  boolean exists(String key);

  /**
   * Removes every entry whose key starts with {@code prefix}, and nothing else.
   *
   * @param prefix a non-empty prefix, normally {@code "<namespace>:"}
   * @return how many entries were removed, or -1 when the store cannot tell
   */
  long clear(String prefix);

  /**
   * Lists the live keys starting with {@code prefix} (the empty prefix lists every key), with the
   * time each has left. The stream is lazy and reads the store page by page as it is consumed, so a
   * store of millions of keys is listed in bounded memory; close it (try-with-resources) to release
   * what a page holds open. Keys written or removed while the stream runs may or may not be listed;
   * a key that exists for the whole scan is listed, once on every built-in backend except Redis,
   * whose SCAN may repeat a key when the keyspace shrinks or a cluster slot moves during the scan
   * (callers that need each key once de-duplicate). Expired entries are not listed.
   *
   * <p>Every built-in backend implements this (the conformance suite checks it). The default, for
   * backends written before the method existed, throws.
   *
   * @throws NullPointerException when the prefix is null
   * @throws UnsupportedOperationException when this backend cannot list its keys
   * @throws BackendClosedException after {@link #close()}
   * @throws io.cachette.CacheException when the store fails (possibly while the stream is consumed)
   */
  default Stream<KeyInfo> scan(String prefix) {
    throw new UnsupportedOperationException(describe() + " cannot list its keys: it does not"
        + " implement Backend.scan");
  }

  /**
   * Whether values may be arbitrary objects kept as-is ({@code true} only for the in-memory backend)
   * rather than {@code byte[]}.
   */
  default boolean storesObjects() {
    return false;
  }

  /**
   * The largest value in bytes this backend can store, or {@link Long#MAX_VALUE} when it has no
   * practical limit.
   */
  default long maxValueBytes() {
    return Long.MAX_VALUE;
  }

  /** The number of entries the store evicted by its own size policy, or -1 when unknown. */
  default long evictionCount() {
    return -1;
  }

  /**
   * The lease per key that lets processes sharing this store run one loader per missing key, or
   * null (the default) when the backend offers none or it is not enabled. See {@link LoadLock}.
   */
  default @Nullable LoadLock loadLock() {
    return null;
  }

  /**
   * The asynchronous face of this backend, sharing its store. Backends with a native async client
   * return it; others run the blocking operations on an executor ({@link AsyncBackend#onExecutor}).
   */
  AsyncBackend async();

  /** A short description for logs and errors, such as {@code redis://localhost:6379/0}. */
  String describe();

  /**
   * Releases connections, files and threads. Idempotent: a second call does nothing and does not
   * throw. Afterwards every operation, of this face and of {@link #async()}, fails with
   * {@link BackendClosedException}.
   */
  @Override
  void close();
}
