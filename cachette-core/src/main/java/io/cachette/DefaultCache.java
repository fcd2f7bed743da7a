package io.cachette;

import io.cachette.backend.Backend;
import io.cachette.backend.PrefixedStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The synchronous face of a {@link CacheEngine}: each operation validates through the engine, makes
 * one blocking backend call, and hands failures to the engine's policy.
 */
final class DefaultCache<V> implements Cache<V> {
  private final CacheEngine<V> engine;
  private final Backend backend;
  private final StoredKeys keys;
  private final DefaultAsyncCache<V> async;
  /** The engine's in-process route and counters, held here too: a hit follows fewer references. */
  private final PrefixedStore.@Nullable View direct;
  /**
   * The in-process route's map ({@link PrefixedStore.View#entries()}), or null: a hit reads it
   * from here, one reference nearer than through the view.
   */
  private final @Nullable ConcurrentMap<Object, Object> entries;
  private final CacheCounters counters;
  /** The counters' hit counter, or null when counting is off: what a hit counts in. */
  private final @Nullable ThreadCounter hits;
  /** What {@link #readDirect} returns for a read that failed. */
  private static final Object FAILED = new Object();

  DefaultCache(CacheEngine<V> engine) {
    this.engine = engine;
    this.backend = engine.backend;
    this.keys = engine.keys;
    this.direct = engine.direct;
    this.entries = direct != null ? direct.entries() : null;
    this.counters = engine.counters;
    this.hits = counters.hitCounter();
    this.async = new DefaultAsyncCache<>(engine, this);
  }

  @Override
  public Optional<V> get(String key) {
    return Optional.ofNullable(getOrNull(key));
  }

  // A hit runs only the map lookup, one type test and the count; everything else (a value that
  // needs resolving, a miss, a failure, a cache without a map) is in other methods, so that the
  // compiled hit stays small. The key stays typed String down to the lookup: compiled on its own
  // with an Object key, the lookup calls hashCode and equals virtually whenever the JVM's
  // profile of ConcurrentHashMap.get has seen more than two key types (as in any application),
  // which made a get(key, loader) hit twice as slow in JMH forks where it happened.

  @SuppressWarnings("unchecked")
  private @Nullable V getOrNull(String key) {
    ConcurrentMap<Object, Object> entries = this.entries;
    PrefixedStore.View direct = this.direct;
    if (entries != null && direct != null && key != null) {
      Object entry = entries.get(key);
      if (PrefixedStore.View.isValue(entry)) {
        countHit();
        return (V) entry;
      }
      Object found = resolveDirect(direct, key, entry);
      return found != FAILED ? (V) found : null;
    }
    return getOrNullSlow(key);
  }

  /** Counts a hit of the in-process route, when counting is on. */
  private void countHit() {
    ThreadCounter hits = this.hits;
    if (hits != null) {
      hits.increment();
    }
  }

  /** {@link #getOrNull} through the backend, a view without a map, or for a null key. */
  @SuppressWarnings("unchecked")
  private @Nullable V getOrNullSlow(String key) {
    PrefixedStore.View direct = this.direct;
    if (direct == null) {
      return getThroughBackend(key);
    }
    Object found = readDirect(direct, key);
    return found != FAILED ? (V) found : null;
  }

  /**
   * A read through the in-process route, counted: the value, null for a miss (the key checked)
   * or {@link #FAILED} (reported to the policy).
   */
  private @Nullable Object readDirect(PrefixedStore.View direct, String key) {
    Object found;
    try {
      found = PrefixedStore.View.read(direct, entries, key);
    } catch (RuntimeException e) {
      engine.directFailed(key, e);
      counters.miss();
      return FAILED;
    }
    return counted(key, found);
  }

  /**
   * {@link #readDirect} after the hit path looked {@code key} up in the view's map and found
   * {@code entry} (null, or an entry the view must resolve).
   */
  private @Nullable Object resolveDirect(PrefixedStore.View direct, String key,
      @Nullable Object entry) {
    Object found;
    try {
      found = direct.resolve(key, entry);
    } catch (RuntimeException e) {
      engine.directFailed(key, e);
      counters.miss();
      return FAILED;
    }
    return counted(key, found);
  }

  /** Counts what a direct read found, checking the key of a miss. */
  private @Nullable Object counted(String key, @Nullable Object found) {
    if (found == null) {
      engine.directMiss(key);
      counters.miss();
      return null;
    }
    countHit();
    return found;
  }

  // Apart from getOrNull, so that its compiled in-process hit stays small.
  private @Nullable V getThroughBackend(String key) {
    String stored = keys.of(key);
    Object raw;
    try {
      raw = backend.get(stored);
    } catch (RuntimeException e) {
      engine.policy.failed("get", stored, e);
      raw = null;
    }
    return engine.read(stored, raw, false);
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
      throw new KeyNotFoundException(keys.namespace(), key);
    }
    return value;
  }

  @Override
  public @Nullable V get(String key, Function<? super String, ? extends @Nullable V> loader) {
    return getOrLoad(key, loader, null);
  }

  @Override
  public @Nullable V get(String key, Function<? super String, ? extends @Nullable V> loader,
      BiConsumer<? super String, ? super V> store) {
    return getOrLoad(key, loader, Objects.requireNonNull(store, "store"));
  }

  /**
   * {@code get(key, loader)} with the in-process route taken here, as {@link #getOrNull} takes it:
   * a hit touches nothing the miss path needs.
   */
  @SuppressWarnings("unchecked")
  private @Nullable V getOrLoad(String key, Function<? super String, ? extends @Nullable V> loader,
      @Nullable BiConsumer<? super String, ? super V> store) {
    ConcurrentMap<Object, Object> entries = this.entries;
    PrefixedStore.View direct = this.direct;
    if (entries != null && direct != null && key != null && loader != null) {
      long seen = engine.loadsSeen(); // before the lookup: a load that ends after it is seen
      Object entry = entries.get(key);
      if (PrefixedStore.View.isValue(entry)) {
        countHit();
        return (V) entry;
      }
      return loadAfter(key, seen, resolveDirect(direct, key, entry), loader, store);
    }
    return getOrLoadSlow(key, loader, store);
  }

  /** {@link #getOrLoad} through the backend, a view without a map, or for a null argument. */
  private @Nullable V getOrLoadSlow(String key,
      Function<? super String, ? extends @Nullable V> loader,
      @Nullable BiConsumer<? super String, ? super V> store) {
    PrefixedStore.View direct = this.direct;
    if (direct == null) {
      return engine.getOrLoad(key, loader, store);
    }
    Objects.requireNonNull(loader, "loader");
    long seen = engine.loadsSeen();
    return loadAfter(key, seen, readDirect(direct, key), loader, store);
  }

  /** The value of a direct read that hit, else the load after its miss or failure. */
  @SuppressWarnings("unchecked")
  private @Nullable V loadAfter(String key, long seen, @Nullable Object found,
      Function<? super String, ? extends @Nullable V> loader,
      @Nullable BiConsumer<? super String, ? super V> store) {
    if (found != null && found != FAILED) {
      return (V) found;
    }
    return engine.loadAfterDirectMiss(key, seen, found != FAILED, loader, store);
  }

  @Override
  public Map<String, V> getMany(Collection<String> keys) {
    List<String> stored = this.keys.of(keys);
    Map<String, Object> found;
    try {
      found = stored.isEmpty() ? Map.of() : backend.getMany(stored);
    } catch (RuntimeException e) {
      engine.policy.failed("getMany", null, e);
      found = Map.of();
    }
    return engine.readMany(stored, found, false);
  }

  @Override
  public boolean set(String key, V value) {
    return write(key, value, engine.defaultTtl(), false);
  }

  @Override
  public boolean set(String key, V value, Duration ttl) {
    return write(key, value, CacheEngine.ttl(ttl), false);
  }

  @Override
  public boolean setIfAbsent(String key, V value) {
    return write(key, value, engine.defaultTtl(), true);
  }

  @Override
  public boolean setIfAbsent(String key, V value, Duration ttl) {
    return write(key, value, CacheEngine.ttl(ttl), true);
  }

  private boolean write(String key, V value, @Nullable Duration ttl, boolean ifAbsent) {
    PrefixedStore.View direct = this.direct;
    if (direct != null && !ifAbsent) {
      keys.check(key);
      Objects.requireNonNull(value, "value");
      try {
        direct.set(key, value, ttl);
        engine.counters.puts(1);
        return true;
      } catch (RuntimeException e) {
        engine.policy.failed("set", keys.prefix().concat(key), e);
        return false;
      }
    }
    String stored = keys.of(key);
    Object encoded = engine.encodeToWrite(ifAbsent ? "setIfAbsent" : "set", stored, value);
    if (encoded == null) {
      return false;
    }
    try {
      if (ifAbsent) {
        if (!backend.setIfAbsent(stored, encoded, ttl)) {
          return false;
        }
      } else {
        backend.set(stored, encoded, ttl);
      }
      engine.counters.puts(1);
      return true;
    } catch (RuntimeException e) {
      engine.policy.failed(ifAbsent ? "setIfAbsent" : "set", stored, e);
      return false;
    }
  }

  @Override
  public boolean setMany(Map<String, ? extends V> entries) {
    return writeMany(entries, engine.defaultTtl());
  }

  @Override
  public boolean setMany(Map<String, ? extends V> entries, Duration ttl) {
    return writeMany(entries, CacheEngine.ttl(ttl));
  }

  private boolean writeMany(Map<String, ? extends V> entries, @Nullable Duration ttl) {
    Map<String, Object> encoded = engine.encodeAllToWrite("setMany", entries);
    if (encoded == null) {
      return false;
    }
    if (encoded.isEmpty()) {
      return true;
    }
    try {
      backend.setMany(encoded, ttl);
      engine.counters.puts(encoded.size());
      return true;
    } catch (RuntimeException e) {
      engine.policy.failed("setMany", null, e);
      return false;
    }
  }

  /** An operation on one key of the backend; static instances, so that a call allocates none. */
  private interface KeyOperation {
    boolean apply(Backend backend, String storedKey, @Nullable Duration ttl);
  }

  private static final KeyOperation EXPIRE = Backend::expireIn;
  private static final KeyOperation DELETE = (backend, key, ttl) -> backend.delete(key);
  private static final KeyOperation EXISTS = (backend, key, ttl) -> backend.exists(key);

  @Override
  public boolean expireIn(String key, Duration ttl) {
    return onKey("expireIn", key, CacheEngine.ttl(ttl), EXPIRE);
  }

  @Override
  public boolean persist(String key) {
    return onKey("persist", key, null, EXPIRE);
  }

  @Override
  public boolean delete(String key) {
    return onKey("delete", key, null, DELETE);
  }

  @Override
  public boolean exists(String key) {
    return onKey("exists", key, null, EXISTS);
  }

  private boolean onKey(String operation, String key, @Nullable Duration ttl, KeyOperation call) {
    String stored = keys.of(key);
    try {
      return call.apply(backend, stored, ttl);
    } catch (RuntimeException e) {
      engine.policy.failed(operation, stored, e);
      return false;
    }
  }

  @Override
  public long deleteMany(Collection<String> keys) {
    List<String> stored = this.keys.of(keys);
    try {
      return stored.isEmpty() ? 0 : backend.deleteMany(stored);
    } catch (RuntimeException e) {
      engine.policy.failed("deleteMany", null, e);
      return 0;
    }
  }

  @Override
  public void clear() {
    try {
      backend.clear(keys.prefix());
    } catch (RuntimeException e) {
      engine.policy.failed("clear of '" + keys.prefix() + "*'", null, e);
    }
  }

  @Override
  public Stream<KeyInfo> keys() {
    int cut = keys.prefix().length();
    return backend.scan(keys.prefix()).map(found -> found.withoutPrefix(cut));
  }

  @Override
  public String namespace() {
    return keys.namespace();
  }

  @Override
  public CacheStats stats() {
    return engine.stats();
  }

  @Override
  public AsyncCache<V> async() {
    return async;
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return engine.toString();
  }
}
