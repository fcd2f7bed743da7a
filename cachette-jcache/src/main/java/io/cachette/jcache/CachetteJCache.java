package io.cachette.jcache;

import io.cachette.KeyInfo;
import io.cachette.backend.PrefixedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * A JSR-107 cache whose entries live in a Cachette {@link io.cachette.Cache} (one namespace of any
 * backend). JCache semantics (expiry policies, read-through and write-through, entry listeners,
 * statistics, entry processors) are kept here, on top of the Cachette cache.
 *
 * <p><b>Atomicity.</b> Every operation on a key runs under a lock of that key held by this cache
 * object, so {@code putIfAbsent}, {@code replace}, {@code getAndPut} and entry processors are atomic
 * against each other within this JVM. On a backend shared between processes (Redis, SQL, files),
 * another process's operations are not ordered with these: a compare-and-set there is only as
 * atomic as a read followed by a write. Events are delivered in each key's order.
 *
 * <p>Thread-safe.
 */
final class CachetteJCache<K, V> implements Cache<K, V> {
  private static final int LOCK_STRIPES = 256;
  /**
   * Runs {@code loadAll} for every JCache cache (a loader may block, so not the common pool):
   * daemon threads of Cachette's own, created as loads need them and ended after a minute idle.
   */
  private static final Executor LOAD_ALL = loadAllExecutor();

  private final CachetteCacheManager manager;
  private final String name;
  private final CachetteConfiguration<K, V> configuration;
  private final io.cachette.Cache<StoredEntry> store;
  private final KeyCodec keys;
  private final Copier copier;
  private final ExpiryPolicy expiry;
  /** Whether the expiry policy is a JSR-107 one whose access rule always answers null. */
  private final boolean accessNeutral;
  /**
   * {@link #directEntries} when keys are declared {@code String} (a plain one is stored as it is:
   * see {@link KeyCodec}) and the access rule leaves expiry alone: what {@link #get} reads its
   * commonest hits from. Null otherwise.
   */
  private final @Nullable ConcurrentMap<Object, Object> plainEntries;
  /**
   * {@link #directEntries} when the store keeps {@code Integer}, {@code Long} and {@code UUID}
   * keys as the objects themselves ({@link KeyCodec#OBJECTS}) and the access rule leaves expiry
   * alone: what {@link #get} reads hits on such keys from. Null otherwise.
   */
  private final @Nullable ConcurrentMap<Object, Object> objectEntries;
  private final @Nullable CacheLoader<K, V> loader;
  private final @Nullable CacheWriter<K, V> writer;
  private final Listeners<K, V> listeners = new Listeners<>();
  private final JCacheStatistics statistics = new JCacheStatistics();
  /**
   * The view of this cache's namespace in its own memory store, when entries are kept there as
   * objects: hits are read through it, past the Cachette cache. Null otherwise.
   */
  private final PrefixedStore.@Nullable View direct;
  /** The map of {@link #direct} ({@link PrefixedStore.View#entries()}), read here on a hit, or null. */
  private final @Nullable ConcurrentMap<Object, Object> directEntries;
  /** The memory store this cache opened itself (closed with it), or null. */
  private final io.cachette.backend.@Nullable Backend ownedStore;
  private final JCacheConfigurationBean configurationBean = new JCacheConfigurationBean(this);
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
  private volatile boolean closed;

  CachetteJCache(CachetteCacheManager manager, String name, CachetteConfiguration<K, V> configuration,
      io.cachette.Cache<StoredEntry> store, Copier copier, PrefixedStore.@Nullable View direct,
      boolean keyObjects, io.cachette.backend.@Nullable Backend ownedStore) {
    this.direct = direct;
    this.directEntries = direct != null ? direct.entries() : null;
    this.ownedStore = ownedStore;
    this.manager = manager;
    this.copier = copier;
    this.name = name;
    this.configuration = configuration;
    this.store = store;
    this.keys = new KeyCodec(configuration.getKeyType());
    Factory<ExpiryPolicy> expiryFactory = configuration.getExpiryPolicyFactory();
    this.expiry = Objects.requireNonNull(expiryFactory.create(), "the expiry policy factory created null");
    Class<?> policy = expiry.getClass();
    this.accessNeutral = policy == EternalExpiryPolicy.class || policy == CreatedExpiryPolicy.class
        || policy == ModifiedExpiryPolicy.class;
    this.plainEntries = configuration.getKeyType() == String.class && accessNeutral
        ? directEntries : null;
    this.objectEntries = keyObjects && accessNeutral ? directEntries : null;
    Factory<CacheLoader<K, V>> loaderFactory = configuration.getCacheLoaderFactory();
    this.loader = loaderFactory == null ? null : loaderFactory.create();
    Factory<CacheWriter<? super K, ? super V>> writerFactory = configuration.getCacheWriterFactory();
    this.writer = writerFactory == null ? null : narrow(writerFactory.create());
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
    for (CacheEntryListenerConfiguration<K, V> listener
        : configuration.getCacheEntryListenerConfigurations()) {
      listeners.register(listener);
    }
    statistics.setEnabled(configuration.isStatisticsEnabled());
  }

  // ---- reads ----

  @Override
  public @Nullable V get(K key) {
    requireOpen();
    // The commonest hit in as little code as possible (C2 inlines a method into its callers only
    // while its own compiled form stays under 2,500 bytes): a string key looked up as it is in
    // the map of this cache's own memory store (only this cache writes it), statistics off, an
    // entry that never expires and whose expiry the access rule leaves alone. No key's encoded
    // form is another key as it is (KeyCodec.reserved), so an entry found under a key that is
    // not reserved is that key's own. A key stored under an encoded form is not found as it is,
    // and goes on to getRead with everything else. Likewise an Integer, Long or UUID key of a
    // cache whose store keeps such keys as objects: the entry under the object is that key's (no
    // other key has its form). Each lookup has its key's exact type, so that the map's hashCode
    // and equals are direct calls; a branch a program never takes is not compiled.
    if (!statistics.isEnabled()) {
      Object found = null;
      if (key instanceof String text) {
        ConcurrentMap<Object, Object> entries = plainEntries;
        if (entries != null && !KeyCodec.reserved(text)) {
          found = entries.get(text);
        }
      } else if (key instanceof Integer number) {
        ConcurrentMap<Object, Object> entries = objectEntries;
        found = entries != null ? entries.get(number) : null;
      } else if (key instanceof Long number) {
        ConcurrentMap<Object, Object> entries = objectEntries;
        found = entries != null ? entries.get(number) : null;
      } else if (key instanceof UUID id) {
        ConcurrentMap<Object, Object> entries = objectEntries;
        found = entries != null ? entries.get(id) : null;
      }
      if (found instanceof StoredEntry entry && entry.expiresAtMillis() == StoredEntry.NEVER) {
        return value(entry);
      }
    }
    return getRead(key);
  }

  /** {@link #get} in full: statistics, encoded keys, expiry on access, read-through. */
  private @Nullable V getRead(K key) {
    Objects.requireNonNull(key, "key");
    long start = statistics.startNanos();
    String storeKey = keys.encodeForLookup(key);
    // A hit whose expiry the access rule leaves alone needs no lock: one read of the store; the
    // rest is in getSlow.
    StoredEntry found;
    try {
      found = readStored(storeKey);
    } catch (IllegalArgumentException e) {
      if (keys.encode(key).equals(storeKey)) {
        throw e;
      }
      found = null; // refused by the store: a string with unpaired surrogates, looked up below
    }
    StoredEntry hit = plainHit(found, key);
    if (hit != null) {
      statistics.hits(1);
      statistics.getTime(start);
      return value(hit);
    }
    return getSlow(key, storeKey, found, start);
  }

  /**
   * The entry read for {@code key} when it is a hit that needs no lock (it is the key's, never
   * expires, and the access rule leaves its expiry alone), else null.
   */
  private @Nullable StoredEntry plainHit(@Nullable StoredEntry found, K key) {
    return found != null && accessNeutral && found.expiresAtMillis() == StoredEntry.NEVER
        && found.key().equals(key) ? found : null;
  }

  /** {@link #get} past its first read: expiry on access, the locked read, read-through. */
  private @Nullable V getSlow(K key, String firstKey, @Nullable StoredEntry first, long start) {
    String storeKey = firstKey;
    StoredEntry found = first;
    try {
      if (found == null) {
        // A string with unpaired surrogates is stored under its encoded form: a miss looks again.
        String encoded = keys.encode(key);
        if (!encoded.equals(storeKey)) {
          storeKey = encoded;
          found = readStored(storeKey);
        }
      }
      StoredEntry hit = plainHit(found, key);
      if (hit != null) {
        statistics.hits(1);
        return value(hit);
      }
      long now = System.currentTimeMillis();
      long accessExpiresAt = 0;
      if (found != null && found.key().equals(key) && !found.isExpiredAt(now)) {
        accessExpiresAt = expiresAt(() -> expiry.getExpiryForAccess(), now,
            found.expiresAtMillis());
        if (accessExpiresAt == found.expiresAtMillis()) {
          statistics.hits(1);
          return value(found);
        }
      } else {
        found = null;
      }
      ReentrantLock lock = lock(storeKey);
      try {
        StoredEntry entry = readLive(storeKey, key);
        if (entry != null) {
          statistics.hits(1);
          if (found != null) {
            applyAccessExpiry(storeKey, entry, accessExpiresAt, now);
          } else {
            accessed(storeKey, entry);
          }
          return value(entry);
        }
        statistics.misses(1);
        if (configuration.isReadThrough() && loader != null) {
          V loaded = loadOne(key);
          if (loaded != null) {
            storeLoaded(storeKey, key, loaded, null);
          }
          return loaded;
        }
        return null;
      } finally {
        lock.unlock();
      }
    } finally {
      statistics.getTime(start);
    }
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keySet) {
    requireOpen();
    requireNoNulls(keySet, "keys");
    long start = statistics.startNanos();
    Map<K, V> result = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keySet) {
      String storeKey = keys.encode(key);
      ReentrantLock lock = lock(storeKey);
      try {
        StoredEntry entry = readLive(storeKey, key);
        if (entry != null) {
          statistics.hits(1);
          accessed(storeKey, entry);
          result.put(key, value(entry));
        } else {
          statistics.misses(1);
          missing.add(key);
        }
      } finally {
        lock.unlock();
      }
    }
    if (!missing.isEmpty() && configuration.isReadThrough() && loader != null) {
      Map<K, V> loaded = loadMany(missing);
      for (Map.Entry<K, V> entry : loaded.entrySet()) {
        K key = entry.getKey();
        V value = entry.getValue();
        if (key == null || value == null) {
          continue;
        }
        String storeKey = keys.encode(key);
        ReentrantLock lock = lock(storeKey);
        try {
          storeLoaded(storeKey, key, value, null);
        } finally {
          lock.unlock();
        }
        result.put(key, value);
      }
    }
    statistics.getTime(start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      return readLive(storeKey, key) != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void loadAll(Set<? extends K> keySet, boolean replaceExistingValues,
      @Nullable CompletionListener completionListener) {
    requireOpen();
    requireNoNulls(keySet, "keys");
    CompletionListener listener = completionListener != null ? completionListener
        : new CompletionListener() {
          @Override
          public void onCompletion() {}

          @Override
          public void onException(Exception e) {}
        };
    CacheLoader<K, V> cacheLoader = loader;
    if (cacheLoader == null) {
      listener.onCompletion();
      return;
    }
    List<K> requested = new ArrayList<>(keySet);
    CompletableFuture.runAsync(() -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : requested) {
          if (replaceExistingValues || !containsKey(key)) {
            toLoad.add(key);
          }
        }
        if (!toLoad.isEmpty()) {
          Map<K, V> loaded = loadMany(toLoad);
          for (Map.Entry<K, V> entry : loaded.entrySet()) {
            K key = entry.getKey();
            V value = entry.getValue();
            if (key == null || value == null) {
              continue;
            }
            String storeKey = keys.encode(key);
            ReentrantLock lock = lock(storeKey);
            try {
              StoredEntry existing = readLive(storeKey, key);
              if (existing == null || replaceExistingValues) {
                storeLoaded(storeKey, key, value, existing);
              }
            } finally {
              lock.unlock();
            }
          }
        }
        listener.onCompletion();
      } catch (Exception e) {
        listener.onException(e instanceof CacheLoaderException ? e : new CacheLoaderException(e));
      }
    }, LOAD_ALL);
  }

  // ---- writes ----

  @Override
  public void put(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      write(key, value);
      putEntry(storeKey, key, value, existing);
    } finally {
      lock.unlock();
      statistics.putTime(start);
    }
  }

  @Override
  public @Nullable V getAndPut(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      write(key, value);
      putEntry(storeKey, key, value, existing);
      if (existing == null) {
        statistics.misses(1);
        return null;
      }
      statistics.hits(1);
      return value(existing);
    } finally {
      lock.unlock();
      statistics.putTime(start);
      statistics.getTime(start);
    }
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      checkTypes(entry.getKey(), entry.getValue());
    }
    long start = statistics.startNanos();
    Map<K, V> toStore = new LinkedHashMap<>(map);
    @Nullable CacheWriterException failure = null;
    CacheWriter<K, V> cacheWriter = writer;
    if (configuration.isWriteThrough() && cacheWriter != null && !toStore.isEmpty()) {
      List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>();
      for (Map.Entry<K, V> entry : toStore.entrySet()) {
        pending.add(new Entry<>(entry.getKey(), entry.getValue()));
      }
      try {
        cacheWriter.writeAll(pending);
      } catch (Exception e) {
        failure = writerException(e);
        // What is left in the collection was not written: it is not stored either.
        for (Cache.Entry<? extends K, ? extends V> unwritten : pending) {
          toStore.remove(unwritten.getKey());
        }
      }
    }
    for (Map.Entry<K, V> entry : toStore.entrySet()) {
      K key = entry.getKey();
      String storeKey = keys.encode(key);
      ReentrantLock lock = lock(storeKey);
      try {
        putEntry(storeKey, key, entry.getValue(), readLive(storeKey, key));
      } finally {
        lock.unlock();
      }
    }
    statistics.putTime(start);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      if (existing != null) {
        statistics.hits(1);
        return false;
      }
      statistics.misses(1);
      write(key, value);
      putEntry(storeKey, key, value, null);
      return true;
    } finally {
      lock.unlock();
      statistics.putTime(start);
    }
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      delete(key);
      if (existing == null) {
        return false;
      }
      removeEntry(storeKey, key, existing);
      return true;
    } finally {
      lock.unlock();
      statistics.removeTime(start);
    }
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    checkTypes(key, oldValue);
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      if (existing == null) {
        statistics.misses(1);
        return false;
      }
      statistics.hits(1);
      if (!existing.value().equals(oldValue)) {
        accessed(storeKey, existing);
        return false;
      }
      delete(key);
      removeEntry(storeKey, key, existing);
      return true;
    } finally {
      lock.unlock();
      statistics.removeTime(start);
    }
  }

  @Override
  public @Nullable V getAndRemove(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      delete(key);
      if (existing == null) {
        statistics.misses(1);
        return null;
      }
      statistics.hits(1);
      removeEntry(storeKey, key, existing);
      return value(existing);
    } finally {
      lock.unlock();
      statistics.removeTime(start);
      statistics.getTime(start);
    }
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    checkTypes(key, oldValue);
    checkTypes(key, newValue);
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      if (existing == null) {
        statistics.misses(1);
        return false;
      }
      statistics.hits(1);
      if (!existing.value().equals(oldValue)) {
        accessed(storeKey, existing);
        return false;
      }
      write(key, newValue);
      putEntry(storeKey, key, newValue, existing);
      return true;
    } finally {
      lock.unlock();
      statistics.putTime(start);
    }
  }

  @Override
  public boolean replace(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      if (existing == null) {
        statistics.misses(1);
        return false;
      }
      statistics.hits(1);
      write(key, value);
      putEntry(storeKey, key, value, existing);
      return true;
    } finally {
      lock.unlock();
      statistics.putTime(start);
    }
  }

  @Override
  public @Nullable V getAndReplace(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    long start = statistics.startNanos();
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      if (existing == null) {
        statistics.misses(1);
        return null;
      }
      statistics.hits(1);
      write(key, value);
      putEntry(storeKey, key, value, existing);
      return value(existing);
    } finally {
      lock.unlock();
      statistics.putTime(start);
      statistics.getTime(start);
    }
  }

  @Override
  public void removeAll(Set<? extends K> keySet) {
    requireOpen();
    requireNoNulls(keySet, "keys");
    removeKeys(new ArrayList<>(keySet));
  }

  @Override
  public void removeAll() {
    requireOpen();
    List<K> all = new ArrayList<>();
    try (Stream<KeyInfo> listed = listKeys()) {
      listed.forEach(info -> {
        StoredEntry entry = readStored(info.key());
        if (entry != null) {
          all.add(key(entry));
        }
      });
    }
    removeKeys(all);
  }

  private void removeKeys(List<K> toRemove) {
    long start = statistics.startNanos();
    Set<K> removable = new HashSet<>(toRemove);
    @Nullable CacheWriterException failure = null;
    CacheWriter<K, V> cacheWriter = writer;
    if (configuration.isWriteThrough() && cacheWriter != null && !toRemove.isEmpty()) {
      List<Object> pending = new ArrayList<>(toRemove);
      try {
        cacheWriter.deleteAll(pending);
      } catch (Exception e) {
        failure = writerException(e);
        removable.removeAll(pending);
      }
    }
    for (K key : removable) {
      String storeKey = keys.encode(key);
      ReentrantLock lock = lock(storeKey);
      try {
        StoredEntry existing = readLive(storeKey, key);
        if (existing != null) {
          removeEntry(storeKey, key, existing);
        }
      } finally {
        lock.unlock();
      }
    }
    statistics.removeTime(start);
    if (failure != null) {
      throw failure;
    }
  }

  /** A writer of supertypes of K and V writes K and V; JSR-107's wildcards only make that awkward. */
  @SuppressWarnings("unchecked")
  private static <K, V> CacheWriter<K, V> narrow(CacheWriter<? super K, ? super V> writer) {
    return (CacheWriter<K, V>) writer;
  }

  @Override
  public void clear() {
    requireOpen();
    try {
      store.clear();
    } catch (io.cachette.CacheException e) {
      throw storeFailure(e);
    }
  }

  // ---- entry processors ----

  @Override
  public <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(processor, "entryProcessor");
    String storeKey = keys.encode(key);
    ReentrantLock lock = lock(storeKey);
    try {
      StoredEntry existing = readLive(storeKey, key);
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(key,
          existing == null ? null : value(existing),
          configuration.isReadThrough() ? loader : null);
      T result;
      try {
        result = processor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (Exception e) {
        throw new EntryProcessorException(e);
      }
      apply(storeKey, key, existing, entry);
      return result;
    } finally {
      lock.unlock();
    }
  }

  private void apply(String storeKey, K key, @Nullable StoredEntry existing,
      ProcessorEntry<K, V> entry) {
    long start = statistics.startNanos();
    // Looking the key up is what counts, whether or not the processor reads the value.
    if (existing != null) {
      statistics.hits(1);
    } else {
      statistics.misses(1);
    }
    switch (entry.outcome()) {
      case NONE -> {
        if (existing != null && entry.wasRead()) {
          accessed(storeKey, existing);
        }
      }
      case LOADED -> storeLoaded(storeKey, key, entry.currentValue(), null);
      case CREATED, UPDATED -> {
        V value = entry.currentValue();
        checkTypes(key, value);
        write(key, value);
        putEntry(storeKey, key, value, existing);
        statistics.putTime(start);
      }
      case REMOVED -> {
        delete(key);
        if (existing != null) {
          removeEntry(storeKey, key, existing);
          statistics.removeTime(start);
        }
      }
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keySet,
      EntryProcessor<K, V, T> processor, Object... arguments) {
    requireOpen();
    requireNoNulls(keySet, "keys");
    Objects.requireNonNull(processor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keySet) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (Exception e) {
        EntryProcessorException failure = e instanceof EntryProcessorException processorException
            ? processorException : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
        });
      }
    }
    return results;
  }

  // ---- listeners, configuration, lifecycle ----

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listener) {
    requireOpen();
    Objects.requireNonNull(listener, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      for (CacheEntryListenerConfiguration<K, V> registered
          : configuration.getCacheEntryListenerConfigurations()) {
        if (registered.equals(listener)) {
          throw new IllegalArgumentException("this cache entry listener configuration is already"
              + " registered on cache " + name + "; deregister it first");
        }
      }
      listeners.register(listener);
      configuration.addCacheEntryListenerConfiguration(listener);
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listener) {
    requireOpen();
    Objects.requireNonNull(listener, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      if (listeners.deregister(listener)) {
        configuration.removeCacheEntryListenerConfiguration(listener);
      }
    }
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
    Objects.requireNonNull(type, "clazz");
    CachetteConfiguration<K, V> copy;
    synchronized (configuration) {
      copy = new CachetteConfiguration<>(configuration);
    }
    if (type.isInstance(copy)) {
      return type.cast(copy);
    }
    throw new IllegalArgumentException("the configuration of cache " + name + " is a "
        + CachetteConfiguration.class.getName() + ", not a " + type.getName());
  }

  /** The live configuration, for the configuration MXBean. */
  CompleteConfiguration<K, V> configuration() {
    return configuration;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    manager.release(this);
    unregisterMBeans();
    listeners.closeAll();
    Listeners.closeQuietly(loader);
    Listeners.closeQuietly(writer);
    Listeners.closeQuietly(expiry);
    store.close();
    if (ownedStore != null) {
      ownedStore.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** The map of this cache's own memory store, or null (for tests of how entries are kept). */
  @Nullable ConcurrentMap<Object, Object> directEntries() {
    return directEntries;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    Objects.requireNonNull(type, "clazz");
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    if (type.isInstance(store)) {
      return type.cast(store);
    }
    throw new IllegalArgumentException("a Cachette JCache cache unwraps to itself or to the"
        + " io.cachette.Cache beneath it, not to " + type.getName());
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator(listKeys());
  }

  void setStatisticsEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
      statistics.setEnabled(enabled);
      ObjectName beanName = MBeans.name(MBeans.STATISTICS, manager.getURI().toString(), name);
      if (enabled) {
        MBeans.register(statistics, beanName);
      } else {
        MBeans.unregister(beanName);
      }
    }
  }

  void setManagementEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
      ObjectName beanName = MBeans.name(MBeans.CONFIGURATION, manager.getURI().toString(), name);
      if (enabled) {
        MBeans.register(configurationBean, beanName);
      } else {
        MBeans.unregister(beanName);
      }
    }
  }

  CacheStatisticsMXBean statistics() {
    return statistics;
  }

  private void unregisterMBeans() {
    MBeans.unregister(MBeans.name(MBeans.STATISTICS, manager.getURI().toString(), name));
    MBeans.unregister(MBeans.name(MBeans.CONFIGURATION, manager.getURI().toString(), name));
  }

  // ---- the store beneath, expiry, loader and writer ----

  private static Executor loadAllExecutor() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), task -> {
          Thread thread = new Thread(task, "cachette-jcache-load-all-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private ReentrantLock lock(String storeKey) {
    ReentrantLock lock = locks[(storeKey.hashCode() & 0x7fffffff) % LOCK_STRIPES];
    lock.lock();
    return lock;
  }

  private @Nullable StoredEntry readStored(String storeKey) {
    try {
      PrefixedStore.View view = direct;
      if (view != null) {
        // Only this cache writes to its memory store, and only StoredEntry values.
        return (StoredEntry) PrefixedStore.View.read(view, directEntries, storeKey);
      }
      return store.getOrDefault(storeKey, null);
    } catch (io.cachette.CacheException e) {
      throw storeFailure(e);
    }
  }

  /** The live entry of a key, or null; an entry found expired is removed and reported expired. */
  private @Nullable StoredEntry readLive(String storeKey, K key) {
    StoredEntry entry = readStored(storeKey);
    if (entry == null || !entry.key().equals(key)) {
      return null;
    }
    if (entry.isExpiredAt(System.currentTimeMillis())) {
      storeDelete(storeKey);
      listeners.expired(this, key, value(entry));
      return null;
    }
    return entry;
  }

  /** Applies the access expiry rule to an entry just read. */
  private void accessed(String storeKey, StoredEntry entry) {
    long now = System.currentTimeMillis();
    applyAccessExpiry(storeKey, entry,
        expiresAt(() -> expiry.getExpiryForAccess(), now, entry.expiresAtMillis()), now);
  }

  /** Gives an entry just read the expiry time the access rule chose (at {@code now}). */
  private void applyAccessExpiry(String storeKey, StoredEntry entry, long expiresAt, long now) {
    if (expiresAt == entry.expiresAtMillis()) {
      return;
    }
    if (expiresAt <= now) {
      storeDelete(storeKey);
      listeners.expired(this, key(entry), value(entry));
    } else {
      storeSet(storeKey, entry.withValue(entry.value(), expiresAt));
    }
  }

  /** Stores a value put by the caller, with the creation or update expiry, and reports it. */
  private void putEntry(String storeKey, K key, V value, @Nullable StoredEntry existing) {
    long now = System.currentTimeMillis();
    if (existing == null) {
      long expiresAt = expiresAt(() -> expiry.getExpiryForCreation(), now, StoredEntry.NEVER);
      if (expiresAt <= now) {
        return; // expires at once: never visible, so not stored, counted or reported
      }
      statistics.puts(1);
      storeSet(storeKey, new StoredEntry(copier.copy(key), copier.copy(value), expiresAt));
      listeners.created(this, key, value);
    } else {
      statistics.puts(1);
      long expiresAt = expiresAt(() -> expiry.getExpiryForUpdate(), now, existing.expiresAtMillis());
      if (expiresAt <= now) {
        storeDelete(storeKey);
        listeners.expired(this, key, value(existing));
        return;
      }
      storeSet(storeKey, new StoredEntry(copier.copy(key), copier.copy(value), expiresAt));
      listeners.updated(this, key, value, value(existing));
    }
  }

  /** Stores a value the loader gave: no writer call and no put counted. */
  private void storeLoaded(String storeKey, K key, V value, @Nullable StoredEntry existing) {
    long now = System.currentTimeMillis();
    if (existing == null) {
      long expiresAt = expiresAt(() -> expiry.getExpiryForCreation(), now, StoredEntry.NEVER);
      if (expiresAt <= now) {
        return;
      }
      storeSet(storeKey, new StoredEntry(copier.copy(key), copier.copy(value), expiresAt));
      listeners.created(this, key, value);
    } else {
      long expiresAt = expiresAt(() -> expiry.getExpiryForUpdate(), now, existing.expiresAtMillis());
      if (expiresAt <= now) {
        storeDelete(storeKey);
        listeners.expired(this, key, value(existing));
        return;
      }
      storeSet(storeKey, new StoredEntry(copier.copy(key), copier.copy(value), expiresAt));
      listeners.updated(this, key, value, value(existing));
    }
  }

  private void removeEntry(String storeKey, K key, StoredEntry existing) {
    storeDelete(storeKey);
    statistics.removals(1);
    listeners.removed(this, key, value(existing));
  }

  /**
   * When an entry expires by a rule of the expiry policy: {@code unchanged} when the policy gives
   * null (or fails), {@link StoredEntry#NEVER} for eternal, {@code now} for zero (expired at once).
   */
  private static long expiresAt(Supplier<javax.cache.expiry.@Nullable Duration> rule, long now,
      long unchanged) {
    javax.cache.expiry.Duration duration;
    try {
      duration = rule.get();
    } catch (RuntimeException e) {
      return unchanged;
    }
    if (duration == null) {
      return unchanged;
    }
    if (duration.isEternal()) {
      return StoredEntry.NEVER;
    }
    if (duration.isZero()) {
      return now;
    }
    long at = duration.getAdjustedTime(now);
    return at == Long.MAX_VALUE ? StoredEntry.NEVER - 1 : at;
  }

  private void storeSet(String storeKey, StoredEntry entry) {
    try {
      if (entry.expiresAtMillis() == StoredEntry.NEVER) {
        store.set(storeKey, entry, io.cachette.Cache.NEVER);
      } else {
        long left = entry.expiresAtMillis() - System.currentTimeMillis();
        store.set(storeKey, entry, Duration.ofMillis(Math.max(1, left)));
      }
    } catch (io.cachette.CacheException e) {
      throw storeFailure(e);
    }
  }

  private void storeDelete(String storeKey) {
    try {
      store.delete(storeKey);
    } catch (io.cachette.CacheException e) {
      throw storeFailure(e);
    }
  }

  private Stream<KeyInfo> listKeys() {
    try {
      return store.keys();
    } catch (io.cachette.CacheException e) {
      throw storeFailure(e);
    } catch (UnsupportedOperationException e) {
      throw new CacheException("cache " + name + " cannot be iterated: its backend cannot list"
          + " its keys", e);
    }
  }

  private CacheException storeFailure(io.cachette.CacheException e) {
    return new CacheException("cache " + name + ": " + e.getMessage(), e);
  }

  private @Nullable V loadOne(K key) {
    CacheLoader<K, V> cacheLoader = Objects.requireNonNull(loader);
    try {
      return cacheLoader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("the loader of cache " + name + " failed", e);
    }
  }

  private Map<K, V> loadMany(List<K> toLoad) {
    CacheLoader<K, V> cacheLoader = Objects.requireNonNull(loader);
    Map<K, V> loaded;
    try {
      loaded = cacheLoader.loadAll(toLoad);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("the loader of cache " + name + " failed", e);
    }
    return loaded == null ? Map.of() : loaded;
  }

  private void write(K key, V value) {
    CacheWriter<K, V> cacheWriter = writer;
    if (configuration.isWriteThrough() && cacheWriter != null) {
      try {
        cacheWriter.write(new Entry<>(key, value));
      } catch (Exception e) {
        throw writerException(e);
      }
    }
  }

  private void delete(K key) {
    CacheWriter<K, V> cacheWriter = writer;
    if (configuration.isWriteThrough() && cacheWriter != null) {
      try {
        cacheWriter.delete(key);
      } catch (Exception e) {
        throw writerException(e);
      }
    }
  }

  private static CacheWriterException writerException(Exception e) {
    return e instanceof CacheWriterException writerException ? writerException
        : new CacheWriterException(e);
  }

  // ---- checks ----

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("cache " + name + " is closed");
    }
  }

  private void checkTypes(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Class<K> keyType = configuration.getKeyType();
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("cache " + name + " takes keys of type " + keyType.getName()
          + ", not " + key.getClass().getName());
    }
    Class<V> valueType = configuration.getValueType();
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("cache " + name + " takes values of type " + valueType.getName()
          + ", not " + value.getClass().getName());
    }
  }

  private static void requireNoNulls(Set<?> keySet, String what) {
    Objects.requireNonNull(keySet, what);
    for (Object key : keySet) {
      Objects.requireNonNull(key, "a key in " + what);
    }
  }

  /** The value of an entry, as the caller may have it (a copy where the cache stores by value). */
  @SuppressWarnings("unchecked")
  private V value(StoredEntry entry) {
    return (V) copier.copy(entry.value());
  }

  /** The key of an entry, as the caller may have it (a copy where the cache stores by value). */
  @SuppressWarnings("unchecked")
  private K key(StoredEntry entry) {
    return (K) copier.copy(entry.key());
  }

  @Override
  public String toString() {
    return "CachetteJCache{name=" + name + ", " + configuration + "}";
  }

  /** The entries of the cache, read as the listing of the store's keys goes. */
  private final class EntryIterator implements Iterator<Cache.Entry<K, V>> {
    private final Stream<KeyInfo> listed;
    private final Iterator<KeyInfo> storeKeys;
    private Cache.@Nullable Entry<K, V> next;
    private @Nullable K last;

    EntryIterator(Stream<KeyInfo> listed) {
      this.listed = listed;
      this.storeKeys = listed.iterator();
    }

    @Override
    public boolean hasNext() {
      requireOpen();
      while (next == null && storeKeys.hasNext()) {
        String storeKey = storeKeys.next().key();
        ReentrantLock lock = lock(storeKey);
        try {
          StoredEntry stored = readStored(storeKey);
          if (stored == null) {
            continue;
          }
          StoredEntry entry = readLive(storeKey, key(stored));
          if (entry != null) {
            statistics.hits(1);
            accessed(storeKey, entry);
            next = new Entry<>(key(entry), value(entry));
          }
        } finally {
          lock.unlock();
        }
      }
      if (next == null) {
        listed.close();
        return false;
      }
      return true;
    }

    @Override
    public Cache.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Cache.Entry<K, V> entry = Objects.requireNonNull(next);
      next = null;
      last = entry.getKey();
      return entry;
    }

    @Override
    public void remove() {
      K key = last;
      if (key == null) {
        throw new IllegalStateException("call next() before remove()");
      }
      last = null;
      CachetteJCache.this.remove(key);
    }
  }

  /** A key and its value, as iteration and the cache writer see them. Immutable. */
  static final class Entry<K, V> implements Cache.Entry<K, V> {
    private final K key;
    private final V value;

    Entry(K key, V value) {
      this.key = key;
      this.value = value;
    }

    @Override
    public K getKey() {
      return key;
    }

    @Override
    public V getValue() {
      return value;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      if (type.isInstance(this)) {
        return type.cast(this);
      }
      throw new IllegalArgumentException("a cache entry cannot be unwrapped to " + type.getName());
    }

    @Override
    public String toString() {
      return "Entry{" + key + "=" + value + "}";
    }
  }
}
