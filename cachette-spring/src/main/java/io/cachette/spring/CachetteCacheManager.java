package io.cachette.spring;

import io.cachette.Cache;
import io.cachette.CacheBuilder;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.serial.NullMarkingSerializer;
import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import io.cachette.url.CacheUrl;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link CacheManager} whose caches are Cachette caches: {@code @Cacheable},
 * {@code @CachePut} and {@code @CacheEvict} then use any Cachette backend by URL, with per-cache
 * TTLs, the per-key stampede guard for {@code sync = true}, and fail-open behaviour when a store is
 * down.
 *
 * <pre>{@code
 * @Bean
 * CachetteCacheManager cacheManager() {
 *   return CachetteCacheManager.builder()
 *       .defaultSpec(CacheSpec.builder().backend("redis://localhost:6379/0")
 *           .ttl(Duration.ofMinutes(10)).build())
 *       .cache("users", CacheSpec.builder().ttl(Duration.ofMinutes(5)).build())
 *       .build();
 * }
 * }</pre>
 *
 * <p><b>Caches.</b> Each cache named by {@link Builder#cache} is made by {@link Builder#build()}
 * from its spec, the default spec filling in what it leaves unset (see {@link CacheSpec}). Any
 * other name asked for is made on first use from the default spec, unless
 * {@link Builder#dynamic(boolean) dynamic(false)} was set, in which case {@link #getCache} returns
 * null for it (and Spring reports the unknown cache). Each cache's keys live in the namespace of
 * its name, so caches may share a store.
 *
 * <p><b>Stores.</b> The manager opens each distinct backend URL once, shares that backend among the
 * caches that name it, and closes it in {@link #close()} (Spring calls it when the context closes).
 * A backend given as an instance stays the caller's and is never closed here.
 *
 * <p><b>Errors.</b> A spec that cannot be built (an unknown scheme, a bad URL parameter, a
 * serializer that does not fit the store) fails {@link Builder#build()} for the named caches, and
 * {@link #getCache} for dynamic ones, with {@link IllegalArgumentException} naming the cache. A
 * store that is down does not: see {@link FailurePolicy}.
 *
 * <p>Thread-safe. After {@link #close()}, {@link #getCache} throws {@link IllegalStateException}.
 */
public final class CachetteCacheManager implements CacheManager, DisposableBean, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CachetteCacheManager.class);

  private final CacheSpec defaultSpec;
  private final Map<String, CacheSpec> specs;
  private final boolean dynamic;
  private final List<Consumer<? super CachetteCache>> listeners;
  private final ConcurrentHashMap<String, CachetteCache> caches = new ConcurrentHashMap<>();
  /** The backends opened from URLs, by URL: one per distinct URL, closed with the manager. */
  private final Map<String, Backend> opened = new LinkedHashMap<>();
  private volatile boolean closed;

  private CachetteCacheManager(Builder b) {
    this.defaultSpec = b.defaultSpec;
    this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(b.specs));
    this.dynamic = b.dynamic;
    this.listeners = List.copyOf(b.listeners);
  }

  /** Starts a manager with the default spec {@link CacheSpec#defaults()}, dynamic caches on. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cache of that name, made now if it is new and may be made.
   *
   * @return the cache, or null when the name is neither configured nor may be made dynamically
   * @throws IllegalArgumentException when the cache's spec cannot be built (the message names the
   *     cache and the problem)
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public @Nullable CachetteCache getCache(String name) {
    Objects.requireNonNull(name, "name");
    CachetteCache cache = caches.get(name);
    if (cache != null) {
      return cache;
    }
    if (!dynamic && !specs.containsKey(name)) {
      return null;
    }
    return create(name);
  }

  /** The names of the caches made so far. */
  @Override
  public Collection<String> getCacheNames() {
    return Collections.unmodifiableSet(caches.keySet());
  }

  /** The default spec, for caches that have none of their own. */
  public CacheSpec defaultSpec() {
    return defaultSpec;
  }

  private CachetteCache create(String name) {
    CachetteCache made;
    List<CachetteCache> created = new ArrayList<>(1);
    synchronized (opened) {
      if (closed) {
        throw new IllegalStateException("this CachetteCacheManager is closed; cache '" + name
            + "' cannot be made");
      }
      made = caches.computeIfAbsent(name, n -> {
        CachetteCache cache = build(n, specs.getOrDefault(n, CacheSpec.defaults())
            .withDefaults(defaultSpec));
        created.add(cache);
        return cache;
      });
    }
    for (CachetteCache cache : created) {
      for (Consumer<? super CachetteCache> listener : listeners) {
        listener.accept(cache);
      }
    }
    return made;
  }

  /** Builds one cache from its full spec; called with {@link #opened} held. */
  private CachetteCache build(String name, CacheSpec spec) {
    String namespace = spec.namespace() != null ? spec.namespace() : name;
    if (namespace.isEmpty() || namespace.indexOf(':') >= 0) {
      throw new IllegalArgumentException("cache '" + name + "' cannot use its name as its"
          + " namespace (non-empty, without ':'): give it one, e.g. cachette.caches." + name
          + ".namespace=" + name.replace(':', '.'));
    }
    boolean cacheNulls = spec.cacheNulls() == null || spec.cacheNulls();
    String backendUrl = spec.backendUrl();
    Backend given = spec.backend();
    Backend backend;
    boolean newlyOpened = false;
    try {
      if (given != null) {
        backend = given;
      } else {
        String url = backendUrl != null ? backendUrl : "memory://";
        Backend shared = opened.get(url);
        if (shared == null) {
          shared = Backends.fromUrl(url);
          opened.put(url, shared);
          newlyOpened = true;
        }
        backend = shared;
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cache '" + name + "': " + e.getMessage(), e);
    }
    try {
      Serializer<Object> serializer = serializer(spec, backend, cacheNulls);
      CacheBuilder<Object> builder = Cache.builder(Object.class)
          .backend(backend)
          .serializer(serializer)
          .namespace(namespace);
      if (spec.ttl() != null) {
        builder.defaultTtl(spec.ttl());
      }
      if (spec.failurePolicy() == FailurePolicy.STRICT) {
        builder.strict();
      }
      Cache<Object> cache = builder.build();
      String backendName = given != null ? "instance"
          : CacheUrl.parse(backendUrl != null ? backendUrl : "memory://").scheme()
              .toLowerCase(Locale.ROOT);
      LOG.debug("Spring cache '{}' is a Cachette cache: {}", name, spec);
      return new CachetteCache(name, cache, backendName, spec, cacheNulls);
    } catch (IllegalArgumentException e) {
      if (newlyOpened) {
        closeQuietly(opened.remove(backendUrl != null ? backendUrl : "memory://"));
      }
      throw new IllegalArgumentException("cache '" + name + "': " + e.getMessage(), e);
    }
  }

  private static Serializer<Object> serializer(CacheSpec spec, Backend backend,
      boolean cacheNulls) {
    String url = spec.serializerUrl() != null ? spec.serializerUrl()
        : backend.storesObjects() ? "noop://" : "json://";
    Serializer<Object> chosen = Serializers.fromUrl(url, Object.class);
    if (chosen.isPassThrough() && !backend.storesObjects()) {
      throw new IllegalArgumentException("the noop serializer keeps values as they are, but "
          + backend.describe() + " stores bytes: choose a serializer such as json:// or"
          + " java://?allow=com.myapp.**");
    }
    // Spring's NullValue stands for a cached null result, next to real values.
    return cacheNulls ? new NullMarkingSerializer(chosen, NullValue.INSTANCE, "spring-nulls")
        : chosen;
  }

  /** Closes the backends this manager opened from URLs; idempotent. */
  @Override
  public void close() {
    List<Backend> toClose;
    synchronized (opened) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(opened.values());
      opened.clear();
    }
    caches.values().forEach(c -> c.getNativeCache().close());
    toClose.forEach(CachetteCacheManager::closeQuietly);
  }

  /** Spring's name for {@link #close()}. */
  @Override
  public void destroy() {
    close();
  }

  private static void closeQuietly(@Nullable Backend backend) {
    if (backend == null) {
      return;
    }
    try {
      backend.close();
    } catch (RuntimeException e) {
      LOG.warn("Closing {} failed: {}", backend.describe(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "CachetteCacheManager{default=" + defaultSpec + ", caches=" + specs
        + ", dynamic=" + dynamic + "}";
  }

  /**
   * Configures a {@link CachetteCacheManager}. Each option is set at most once (the default spec,
   * dynamic) or once per cache name; again throws {@link IllegalStateException}. Not thread-safe.
   */
  public static final class Builder {
    private CacheSpec defaultSpec = CacheSpec.defaults();
    private boolean defaultSpecSet;
    private final Map<String, CacheSpec> specs = new LinkedHashMap<>();
    private @Nullable Boolean dynamicSet;
    private boolean dynamic = true;
    private final List<Consumer<? super CachetteCache>> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The spec of caches that have none of their own, and the defaults of those that do.
     *
     * @throws IllegalStateException when it was already set
     */
    public Builder defaultSpec(CacheSpec spec) {
      Objects.requireNonNull(spec, "spec");
      if (defaultSpecSet) {
        throw io.cachette.StoreSpec.alreadySet("defaultSpec", defaultSpec);
      }
      this.defaultSpec = spec;
      this.defaultSpecSet = true;
      return this;
    }

    /**
     * A cache made when the manager is built, from this spec with the default spec's settings
     * where it leaves one unset.
     *
     * @throws IllegalArgumentException when the name is empty
     * @throws IllegalStateException when the name was already given
     */
    public Builder cache(String name, CacheSpec spec) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(spec, "spec");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a cache name must not be empty");
      }
      CacheSpec previous = specs.putIfAbsent(name, spec);
      if (previous != null) {
        throw io.cachette.StoreSpec.alreadySet("cache '" + name + "'", previous);
      }
      return this;
    }

    /** Caches made when the manager is built, with the default spec. */
    public Builder caches(String... names) {
      for (String name : names) {
        cache(name, CacheSpec.defaults());
      }
      return this;
    }

    /**
     * Whether a name not given to {@link #cache} is made on first use from the default spec (true,
     * the default) or unknown (false: {@link CachetteCacheManager#getCache} returns null).
     *
     * @throws IllegalStateException when it was already set
     */
    public Builder dynamic(boolean dynamic) {
      io.cachette.StoreSpec.requireUnset("dynamic", dynamicSet);
      this.dynamicSet = dynamic;
      this.dynamic = dynamic;
      return this;
    }

    /**
     * Called with each cache the manager makes, once, right after it is made (for the configured
     * caches, during {@link #build()}): to bind meters, for example. Listeners run in the order
     * given, on the thread that made the cache; one that throws fails that call.
     */
    public Builder onCacheCreated(Consumer<? super CachetteCache> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the manager and makes the configured caches (opening their backends).
     *
     * @throws IllegalArgumentException when a configured cache's spec cannot be built; backends
     *     opened by then are closed
     */
    public CachetteCacheManager build() {
      CachetteCacheManager manager = new CachetteCacheManager(this);
      try {
        for (String name : specs.keySet()) {
          manager.create(name);
        }
      } catch (RuntimeException | Error e) {
        manager.close();
        throw e;
      }
      return manager;
    }
  }
}
