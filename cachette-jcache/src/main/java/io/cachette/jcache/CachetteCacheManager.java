package io.cachette.jcache;

import io.cachette.backend.PrefixedStore;
import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * The cache manager of {@link CachetteCachingProvider}: a set of named JCache caches, each a
 * Cachette cache on the backend its configuration (or the manager's properties) names.
 * Thread-safe.
 */
final class CachetteCacheManager implements CacheManager {
  private final CachetteCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final DeclaredCaches declared;
  private final ConcurrentMap<String, CachetteJCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  CachetteCacheManager(CachetteCachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.declared = DeclaredCaches.of(uri, classLoader, properties);
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("cache " + cacheName + " already exists in " + uri
            + "; use getCache, or destroyCache first");
      }
      CachetteJCache<K, V> cache = open(cacheName, new CachetteConfiguration<>(configuration));
      caches.put(cacheName, cache);
      return cache;
    }
  }

  private <K, V> CachetteJCache<K, V> open(String cacheName, CachetteConfiguration<K, V> config) {
    boolean ownBackend = config.backend() != null || declared.declares(cacheName, "backend");
    boolean ownSerializer = config.serializer() != null
        || declared.declares(cacheName, "serializer");
    declared.fill(cacheName, config);
    if (!config.isStoreByValue()) {
      // Only memory keeps objects as they are: a store-by-reference cache stays there, without a
      // serializer, whatever the manager's defaults say; naming another backend or a serializer
      // for the cache itself is refused below.
      if (!ownBackend) {
        config.backend("memory://");
      }
      if (!ownSerializer) {
        config.serializer(null);
      }
    }
    String backend = config.backend() != null ? config.backend() : "memory://";
    String namespace = config.namespace() != null ? config.namespace()
        : cacheName.isEmpty() ? "jcache" : cacheName.replace(':', '.');
    // JCache keeps its own statistics (CacheStatisticsMXBean, off unless enabled): the Cachette
    // cache under it counts nothing, so a hit pays for no counter it would not report.
    io.cachette.CacheBuilder<StoredEntry> builder = io.cachette.Cache.builder(StoredEntry.class)
        .namespace(namespace).recordStats(false);
    if (!config.isFailOpen()) {
      builder.strict();
    }
    String serializerUrl = config.serializer();
    Copier copier = Copier.NONE;
    boolean objectsInMemory = true; // entries kept as objects (noop) in memory://
    if (config.isStoreByValue()) {
      if (serializerUrl != null && serializerUrl.startsWith("noop")) {
        throw new IllegalArgumentException("cache " + cacheName + " stores by value, which needs a"
            + " serializer, not noop://: remove the serializer, or setStoreByValue(false)");
      }
      if (serializerUrl == null && backend.startsWith("memory:")) {
        // In memory, copies of the objects (immutable ones kept as they are) stand for bytes.
        copier = Copier.serializing(classLoader);
        builder.serializer(Serializers.<StoredEntry>noop());
      } else {
        builder.serializer(new EntrySerializer(serializer(serializerUrl, config.getKeyType()),
            serializer(serializerUrl, config.getValueType())));
        objectsInMemory = false;
      }
    } else {
      if (serializerUrl != null && !serializerUrl.startsWith("noop")) {
        throw new IllegalArgumentException("cache " + cacheName + " stores by reference, which"
            + " keeps the objects themselves, but has serializer " + serializerUrl
            + ": remove the serializer, or setStoreByValue(true)");
      }
      if (!backend.startsWith("memory:")) {
        throw new IllegalArgumentException("cache " + cacheName + " stores by reference, which"
            + " only memory:// can do, not " + io.cachette.url.CacheUrl.mask(backend)
            + ": use memory://, or setStoreByValue(true)");
      }
      builder.serializer(Serializers.<StoredEntry>noop());
    }
    // Entries kept as objects in memory: the cache opens the store itself and reads hits through
    // the store's view of its namespace, past the Cachette cache (which stays the route of every
    // other operation). It closes the store with the cache.
    io.cachette.backend.Backend memory = objectsInMemory
        ? io.cachette.backend.Backends.fromUrl(backend) : null;
    PrefixedStore.@Nullable View direct = null;
    boolean keyObjects = false;
    io.cachette.Cache<StoredEntry> store;
    try {
      if (memory instanceof PrefixedStore prefixed && memory.storesObjects()) {
        // Keys of other types than String may be Integer, Long or UUID ids: the store keeps their
        // entries under the ids themselves (KeyCodec.OBJECTS), so a hit builds no string.
        if (config.getKeyType() == String.class) {
          prefixed.preferPrefix(namespace + ":");
        } else {
          keyObjects = prefixed.preferPrefix(namespace + ":", KeyCodec.OBJECTS);
        }
        direct = prefixed.view(namespace + ":");
      }
      store = memory != null ? builder.backend(memory).build() : builder.backend(backend).build();
    } catch (RuntimeException | Error e) {
      if (memory != null) {
        memory.close();
      }
      throw e;
    }
    CachetteJCache<K, V> cache = new CachetteJCache<>(this, cacheName, config, store, copier,
        direct, keyObjects, memory);
    if (config.isManagementEnabled()) {
      cache.setManagementEnabled(true);
    }
    if (config.isStatisticsEnabled()) {
      cache.setStatisticsEnabled(true);
    }
    return cache;
  }

  @SuppressWarnings("unchecked")
  private Serializer<Object> serializer(@Nullable String url, Class<?> type) {
    if (url == null) {
      return new JavaCopySerializer(classLoader);
    }
    return (Serializer<Object>) Serializers.fromUrl(url, type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType,
      Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    CachetteJCache<?, ?> cache = existingOrDeclared(cacheName);
    if (cache == null) {
      return null;
    }
    Class<?> configuredKeys = cache.configuration().getKeyType();
    Class<?> configuredValues = cache.configuration().getValueType();
    if (!configuredKeys.equals(keyType)) {
      throw new ClassCastException("cache " + cacheName + " has keys of type "
          + configuredKeys.getName() + ", not " + keyType.getName());
    }
    if (!configuredValues.equals(valueType)) {
      throw new ClassCastException("cache " + cacheName + " has values of type "
          + configuredValues.getName() + ", not " + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    return (Cache<K, V>) existingOrDeclared(cacheName);
  }

  private @Nullable CachetteJCache<?, ?> existingOrDeclared(String cacheName) {
    CachetteJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null || !declared.declares(cacheName)) {
      return cache;
    }
    synchronized (caches) {
      cache = caches.get(cacheName);
      if (cache == null) {
        cache = open(cacheName, new CachetteConfiguration<Object, Object>());
        caches.put(cacheName, cache);
      }
      return cache;
    }
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CachetteJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      if (!cache.isClosed()) {
        cache.clear();
      }
      cache.close();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CachetteJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CachetteJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    provider.release(this);
    List<CachetteJCache<?, ?>> open = new ArrayList<>(caches.values());
    for (CachetteJCache<?, ?> cache : open) {
      cache.close();
    }
    caches.clear();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    Objects.requireNonNull(type, "clazz");
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("a Cachette cache manager cannot be unwrapped to "
        + type.getName());
  }

  /** Forgets a cache that closed itself. */
  void release(CachetteJCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "CachetteCacheManager{uri=" + uri + ", caches=" + caches.keySet() + "}";
  }
}
