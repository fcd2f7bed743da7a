package io.cachette;

import io.cachette.backend.Backend;
import io.cachette.backend.LoadLock;
import io.cachette.serial.Serializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link Cache}: namespacing, encoding, the failure policy, statistics
 * and the per-key loader guard. Its {@link DefaultAsyncCache} shares all of that state.
 */
final class DefaultCache<V> implements Cache<V> {
  private static final Logger LOG = LoggerFactory.getLogger(Cache.class);
  private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;
  /** The lease of a backend without a {@link LoadLock}: never owned, nothing to release. */
  private static final LoadLock.Lease NO_LEASE = new LoadLock.Lease() {
    @Override
    public boolean owned() {
      return false;
    }

    @Override
    public void release() {}
  };
  private static final CompletableFuture<LoadLock.Lease> NO_LEASE_NOW =
      CompletableFuture.completedFuture(NO_LEASE);

  final Backend backend;
  private final boolean ownsBackend;
  private final Serializer<V> serializer;
  private final Envelope envelope;
  private final boolean storeObjects;
  private final String namespace;
  private final String prefix;
  final @Nullable Duration defaultTtl;
  final boolean strict;
  final Duration operationTimeout;
  private final long maxValueBytes;
  private final String maxValueOwner;

  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder loadSuccesses = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder errors = new LongAdder();
  private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

  /** Loads under way, by stored key: the guard that makes concurrent misses share one loader. */
  final ConcurrentHashMap<String, CompletableFuture<@Nullable V>> loading = new ConcurrentHashMap<>();

  private final DefaultAsyncCache<V> async;
  /** How {@code get(key, loader)} stores what it loaded; one instance, not one per call. */
  private final BiConsumer<String, V> storeWithDefaultTtl;
  private final Consumer<String> syncDropper;
  private final @Nullable LoadLock loadLock;

  DefaultCache(Backend backend, boolean ownsBackend, Serializer<V> serializer, String namespace,
      @Nullable Duration defaultTtl, boolean strict, Duration operationTimeout, long maxValueBytes) {
    this.backend = backend;
    this.ownsBackend = ownsBackend;
    this.serializer = serializer;
    this.storeObjects = serializer.isPassThrough() && backend.storesObjects();
    this.envelope = new Envelope(serializer.id());
    this.namespace = namespace;
    this.prefix = namespace + ":";
    this.defaultTtl = defaultTtl;
    this.strict = strict;
    this.operationTimeout = operationTimeout;
    boolean backendLimits = backend.maxValueBytes() < maxValueBytes;
    this.maxValueBytes = Math.min(maxValueBytes, backend.maxValueBytes());
    this.maxValueOwner = backendLimits ? backend.describe() : "CacheBuilder.maxValueBytes";
    this.syncDropper = backend::delete;
    this.storeWithDefaultTtl = (k, v) -> set(k, v, defaultTtl);
    this.loadLock = backend.loadLock();
    this.async = new DefaultAsyncCache<>(this, backend.async());
  }

  // ---- keys, values and TTLs, shared with the async face ----

  String storedKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    String stored = prefix.concat(key);
    if (stored.length() * 3 > MAX_KEY_BYTES
        && stored.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key is longer than " + MAX_KEY_BYTES
          + " UTF-8 bytes with its namespace: hash long keys, e.g. with a SHA-256 hex digest");
    }
    return stored;
  }

  /** The stored keys of several keys, in order; validates each as {@link #storedKey} does. */
  List<String> storedKeys(Collection<String> keys) {
    List<String> stored = new ArrayList<>(keys.size());
    for (String key : keys) {
      stored.add(storedKey(key));
    }
    return stored;
  }

  String userKey(String storedKey) {
    return storedKey.substring(prefix.length());
  }

  static Duration checkTtl(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("TTL must be positive, was " + ttl
          + "; use null for entries that never expire, or delete(key) to remove one");
    }
    return ttl;
  }

  /** A TTL given explicitly: null means never expire; otherwise it must be positive. */
  static @Nullable Duration checkedTtl(@Nullable Duration ttl) {
    return ttl == null ? null : checkTtl(ttl);
  }

  Object encode(String storedKey, V value) {
    Objects.requireNonNull(value, "value");
    if (storeObjects) {
      return value;
    }
    byte[] bytes = envelope.wrap(serializer.serialize(value));
    if (bytes.length > maxValueBytes) {
      throw new ValueTooLargeException(userKey(storedKey), bytes.length, maxValueBytes,
          maxValueOwner);
    }
    return bytes;
  }

  /**
   * Encodes a value to write, applying the failure policy to a value the serializer cannot write
   * (a {@link SerializationException}): strict throws, fail-open logs, counts and returns null (not
   * stored). A value over the size limit, a null value or a bad key still throw.
   */
  @Nullable Object encodeToWrite(String operation, String storedKey, V value) {
    try {
      return encode(storedKey, value);
    } catch (SerializationException e) {
      failed(operation, storedKey, e);
      return null;
    }
  }

  /** {@link #encodeAll}, with the policy of {@link #encodeToWrite}: null when not stored. */
  @Nullable Map<String, Object> encodeAllToWrite(String operation, Map<String, ? extends V> entries) {
    try {
      return encodeAll(entries);
    } catch (SerializationException e) {
      failed(operation, null, e);
      return null;
    }
  }

  Map<String, Object> encodeAll(Map<String, ? extends V> entries) {
    Map<String, Object> out = new LinkedHashMap<>(entries.size() * 2);
    entries.forEach((k, v) -> {
      String stored = storedKey(k);
      out.put(stored, encode(stored, v));
    });
    return out;
  }

  /**
   * Decodes a stored value, or returns null (a miss) when it cannot be read; the unreadable entry
   * is then deleted so that it is not read again.
   */
  @SuppressWarnings("unchecked")
  @Nullable V decode(String storedKey, @Nullable Object stored, Consumer<String> dropper) {
    if (stored == null) {
      return null;
    }
    if (storeObjects) {
      return (V) stored;
    }
    try {
      if (!(stored instanceof byte[] bytes)) {
        throw new SerializationException("backend returned a " + stored.getClass().getName()
            + " where bytes were expected");
      }
      return serializer.deserialize(envelope.unwrap(bytes));
    } catch (RuntimeException e) {
      errors.increment();
      LOG.warn("Dropping unreadable entry '{}' from {}: {}", storedKey, backend.describe(),
          e.toString());
      try {
        dropper.accept(storedKey);
      } catch (RuntimeException ignored) {
        // Best effort: the entry is a miss either way.
      }
      return null;
    }
  }

  void countRead(boolean hit) {
    (hit ? hits : misses).increment();
  }

  /**
   * Applies the failure policy to a backend failure: strict rethrows it as a CacheException;
   * fail-open logs (at most one warning per interval, the rest at debug) and returns.
   */
  void failed(String operation, @Nullable String storedKey, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof ValueTooLargeException
        || cause instanceof IllegalArgumentException
        || cause instanceof NullPointerException) {
      throw (RuntimeException) cause;
    }
    errors.increment();
    String what = operation + (storedKey == null ? "" : " of '" + storedKey + "'") + " on "
        + backend.describe() + " failed";
    if (strict) {
      if (cause instanceof CacheException ce && !(cause instanceof SerializationException)) {
        throw new CacheException(what + ": " + ce.getMessage(), ce);
      }
      throw new CacheException(what + ": " + cause, cause);
    }
    long now = System.nanoTime();
    long last = lastWarnNanos.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
      LOG.warn("{} (fail-open: treated as a miss / not stored): {}", what, cause.toString());
    } else {
      LOG.debug("{} (fail-open): {}", what, cause.toString());
    }
  }

  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  // ---- the synchronous operations ----

  @Override
  public Optional<V> get(String key) {
    return Optional.ofNullable(getOrNull(key));
  }

  private @Nullable V getOrNull(String key) {
    String stored = storedKey(key);
    V value;
    try {
      value = decode(stored, backend.get(stored), syncDropper);
    } catch (RuntimeException e) {
      failed("get", stored, e);
      value = null;
    }
    countRead(value != null);
    return value;
  }

  @Override
  public @Nullable V getOrDefault(String key, @Nullable V fallback) {
    V value = getOrNull(key);
    return value != null ? value : fallback;
  }

  @Override
  public V getRequired(String key) {
    V value = getOrNull(key);
    if (value == null) {
      throw new KeyNotFoundException(namespace, key);
    }
    return value;
  }

  @Override
  public @Nullable V get(String key, Function<? super String, ? extends @Nullable V> loader) {
    return get(key, loader, storeWithDefaultTtl);
  }

  @Override
  public @Nullable V get(String key, Function<? super String, ? extends @Nullable V> loader,
      BiConsumer<? super String, ? super V> store) {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(store, "store");
    V value = getOrNull(key);
    // The miss path is a method of its own so that this hit path stays small enough to inline.
    return value != null ? value : load(key, loader, store);
  }

  private @Nullable V load(String key, Function<? super String, ? extends @Nullable V> loader,
      BiConsumer<? super String, ? super V> store) {
    String stored = storedKey(key);
    CompletableFuture<@Nullable V> mine = new CompletableFuture<>();
    CompletableFuture<@Nullable V> running = loading.putIfAbsent(stored, mine);
    if (running != null) {
      return awaitLoad(running);
    }
    LoadLock.Lease lease = NO_LEASE;
    try {
      lease = lease(stored).join();
      // Another thread or process may have stored the value between our miss and now.
      V raced = peek(stored);
      if (raced != null) {
        mine.complete(raced);
        return raced;
      }
      V loaded;
      try {
        loaded = loader.apply(key);
        loadSuccesses.increment();
      } catch (RuntimeException | Error e) {
        loadFailures.increment();
        throw e;
      }
      if (loaded != null) {
        store.accept(key, loaded);
      }
      mine.complete(loaded);
      return loaded;
    } catch (RuntimeException | Error e) {
      // Waiters must never be left hanging: they get what the loading caller gets.
      mine.completeExceptionally(e);
      throw e;
    } finally {
      lease.release();
      loading.remove(stored, mine);
    }
  }

  /**
   * Takes the backend's cross-process lease for loading a key (see {@link LoadLock}); completes with
   * an unowned lease, without failing, when the backend has none or cannot give one.
   */
  CompletableFuture<LoadLock.Lease> lease(String storedKey) {
    if (loadLock == null) {
      return NO_LEASE_NOW;
    }
    try {
      return loadLock.acquire(storedKey).exceptionally(error -> NO_LEASE);
    } catch (RuntimeException e) {
      return NO_LEASE_NOW;
    }
  }

  /** Reads without counting a hit or miss, failing open whatever the policy (a second look). */
  private @Nullable V peek(String stored) {
    try {
      return decode(stored, backend.get(stored), syncDropper);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private @Nullable V awaitLoad(CompletableFuture<@Nullable V> running) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return running.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new CacheException("loader failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Map<String, V> getMany(Collection<String> keys) {
    List<String> stored = storedKeys(keys);
    Map<String, Object> found;
    try {
      found = stored.isEmpty() ? Map.of() : backend.getMany(stored);
    } catch (RuntimeException e) {
      failed("getMany", null, e);
      found = Map.of();
    }
    return decodeMany(stored, found, syncDropper);
  }

  Map<String, V> decodeMany(List<String> storedKeys, Map<String, Object> found,
      Consumer<String> dropper) {
    Map<String, V> result = new LinkedHashMap<>(storedKeys.size() * 2);
    for (String stored : storedKeys) {
      V value = decode(stored, found.get(stored), dropper);
      countRead(value != null);
      if (value != null) {
        result.put(userKey(stored), value);
      }
    }
    return result;
  }

  @Override
  public boolean set(String key, V value) {
    return set(key, value, defaultTtl);
  }

  @Override
  public boolean set(String key, V value, @Nullable Duration ttl) {
    String stored = storedKey(key);
    Duration effective = checkedTtl(ttl);
    Object encoded = encodeToWrite("set", stored, value);
    if (encoded == null) {
      return false;
    }
    try {
      backend.set(stored, encoded, effective);
      return true;
    } catch (RuntimeException e) {
      failed("set", stored, e);
      return false;
    }
  }

  @Override
  public boolean setIfAbsent(String key, V value) {
    return setIfAbsent(key, value, defaultTtl);
  }

  @Override
  public boolean setIfAbsent(String key, V value, @Nullable Duration ttl) {
    String stored = storedKey(key);
    Duration effective = checkedTtl(ttl);
    Object encoded = encodeToWrite("setIfAbsent", stored, value);
    if (encoded == null) {
      return false;
    }
    try {
      return backend.setIfAbsent(stored, encoded, effective);
    } catch (RuntimeException e) {
      failed("setIfAbsent", stored, e);
      return false;
    }
  }

  @Override
  public boolean setMany(Map<String, ? extends V> entries) {
    return setMany(entries, defaultTtl);
  }

  @Override
  public boolean setMany(Map<String, ? extends V> entries, @Nullable Duration ttl) {
    Duration effective = checkedTtl(ttl);
    Map<String, Object> encoded = encodeAllToWrite("setMany", entries);
    if (encoded == null) {
      return false;
    }
    if (encoded.isEmpty()) {
      return true;
    }
    try {
      backend.setMany(encoded, effective);
      return true;
    } catch (RuntimeException e) {
      failed("setMany", null, e);
      return false;
    }
  }

  @Override
  public boolean expireIn(String key, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    return changeTtl(key, checkTtl(ttl));
  }

  @Override
  public boolean persist(String key) {
    return changeTtl(key, null);
  }

  private boolean changeTtl(String key, @Nullable Duration ttl) {
    String stored = storedKey(key);
    try {
      return backend.expireIn(stored, ttl);
    } catch (RuntimeException e) {
      failed("expireIn", stored, e);
      return false;
    }
  }

  @Override
  public boolean delete(String key) {
    String stored = storedKey(key);
    try {
      return backend.delete(stored);
    } catch (RuntimeException e) {
      failed("delete", stored, e);
      return false;
    }
  }

  @Override
  public long deleteMany(Collection<String> keys) {
    List<String> stored = storedKeys(keys);
    try {
      return stored.isEmpty() ? 0 : backend.deleteMany(stored);
    } catch (RuntimeException e) {
      failed("deleteMany", null, e);
      return 0;
    }
  }

  @Override
  public boolean exists(String key) {
    String stored = storedKey(key);
    try {
      return backend.exists(stored);
    } catch (RuntimeException e) {
      failed("exists", stored, e);
      return false;
    }
  }

  @Override
  public void clear() {
    try {
      backend.clear(prefix);
    } catch (RuntimeException e) {
      failed("clear", prefix + "*", e);
    }
  }

  String prefix() {
    return prefix;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), loadSuccesses.sum(), loadFailures.sum(),
        errors.sum(), backend.evictionCount());
  }

  @Override
  public AsyncCache<V> async() {
    return async;
  }

  @Override
  public void close() {
    if (ownsBackend) {
      backend.close();
    }
  }

  @Override
  public String toString() {
    return "Cache[namespace=" + namespace + ", backend=" + backend.describe() + ", serializer="
        + serializer.id() + "]";
  }
}
