package io.cachette.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * The JSR-107 caching provider of Cachette, found by {@code Caching.getCachingProvider()} through
 * {@code META-INF/services/javax.cache.spi.CachingProvider}. Each cache it makes is a Cachette
 * {@link io.cachette.Cache} on a backend URL ({@code memory://} by default).
 *
 * <p><b>Caches declared outside code.</b> A cache manager reads these properties: from the system
 * properties, then the properties file that a {@code classpath:} or {@code file:} manager URI
 * ending in {@code .properties} names, then those given to
 * {@code getCacheManager(uri, classLoader, properties)}, each overriding the ones before
 * ({@code -Dcachette.default.backend=redis://cache:6379} moves every cache of an application):
 * <pre>
 * cachette.default.backend=redis://localhost:6379/0    # for every cache of the manager
 * cachette.default.serializer=json://                  # also: failure-policy
 * cachette.caches.users.backend=sqlite://~/users-cache # one cache: overrides the defaults
 * cachette.caches.users.ttl=5m                         # 500ms, 30s, 5m, 1h, 2d or PT5M
 * cachette.caches.users.expiry=accessed                # created (default), accessed, modified, touched
 * cachette.caches.users.namespace=users
 * cachette.caches.users.failure-policy=fail-open       # or strict (default)
 * cachette.caches.users.store-by-value=true
 * cachette.caches.users.statistics=true
 * cachette.caches.users.management=true
 * </pre>
 * A declared cache exists from its first {@code getCache}; {@code createCache} with a plain
 * {@code MutableConfiguration} also takes the declared (and default) backend, serializer,
 * namespace and failure policy. Unknown options fail when the manager is made.
 *
 * <p>Store-by-reference ({@link OptionalFeature#STORE_BY_REFERENCE}) is supported on
 * {@code memory://}. Thread-safe.
 */
public final class CachetteCachingProvider implements CachingProvider {
  private static final URI DEFAULT_URI = URI.create("cachette://default");

  private final Map<ClassLoader, Map<URI, CachetteCacheManager>> managers = new WeakHashMap<>();

  /** Made by {@link java.util.ServiceLoader}, or by {@code Caching.getCachingProvider(className)}. */
  public CachetteCachingProvider() {}

  @Override
  public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader,
      @Nullable Properties properties) {
    URI managerUri = uri != null ? uri : getDefaultURI();
    ClassLoader loader = classLoader != null ? classLoader : getDefaultClassLoader();
    Properties managerProperties = properties != null ? properties : getDefaultProperties();
    synchronized (managers) {
      Map<URI, CachetteCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      CachetteCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = new CachetteCacheManager(this, managerUri, loader, managerProperties);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader own = CachetteCachingProvider.class.getClassLoader();
    return own != null ? own : ClassLoader.getSystemClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<CachetteCacheManager> all = new ArrayList<>();
    synchronized (managers) {
      for (Map<URI, CachetteCacheManager> byUri : managers.values()) {
        all.addAll(byUri.values());
      }
      managers.clear();
    }
    all.forEach(CachetteCacheManager::close);
  }

  @Override
  public void close(@Nullable ClassLoader classLoader) {
    ClassLoader loader = classLoader != null ? classLoader : getDefaultClassLoader();
    Map<URI, CachetteCacheManager> byUri;
    synchronized (managers) {
      byUri = managers.remove(loader);
    }
    if (byUri != null) {
      new ArrayList<>(byUri.values()).forEach(CachetteCacheManager::close);
    }
  }

  @Override
  public void close(@Nullable URI uri, @Nullable ClassLoader classLoader) {
    URI managerUri = uri != null ? uri : getDefaultURI();
    ClassLoader loader = classLoader != null ? classLoader : getDefaultClassLoader();
    CachetteCacheManager manager;
    synchronized (managers) {
      Map<URI, CachetteCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.remove(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** Forgets a manager that closed itself, so that the next request makes a new one. */
  void release(CachetteCacheManager manager) {
    synchronized (managers) {
      Map<URI, CachetteCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null) {
        byUri.remove(manager.getURI(), manager);
      }
    }
  }

  @Override
  public boolean isSupported(OptionalFeature feature) {
    Objects.requireNonNull(feature, "optionalFeature");
    return feature == OptionalFeature.STORE_BY_REFERENCE;
  }

  @Override
  public String toString() {
    return "CachetteCachingProvider";
  }
}
