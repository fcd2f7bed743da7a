package io.cachette.memo;

import io.cachette.Cache;
import io.cachette.CacheBuilder;
import io.cachette.CacheStats;
import io.cachette.TypeRef;
import io.cachette.backend.Backend;
import io.cachette.backend.PrefixedStore;
import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Memoizer}: one backend, and one {@link Cache} per namespace and value type over it,
 * made on first use and shared by every method and wrapper that needs it. Failures follow those
 * caches' policy (built {@linkplain CacheBuilder#strict() strict} when the memoizer is); the
 * memoizer has no policy of its own, except that {@link CacheClear} never fails the method it
 * follows (a clear that fails is logged).
 */
final class DefaultMemoizer implements Memoizer {
  private static final Logger LOG = LoggerFactory.getLogger(Memoizer.class);

  private final Backend backend;
  private final boolean ownsBackend;
  private final String serializerUrl;
  private final boolean keepsObjects;
  final @Nullable Duration defaultTtl;
  private final KeyStyle keyStyle;
  private final boolean strict;
  private final boolean recordStats;
  private final ConcurrentHashMap<CacheId, Cache<Object>> caches = new ConcurrentHashMap<>();

  /** A cache's identity: its namespace, the type its values decode to, whether it holds nulls. */
  private record CacheId(String namespace, Type valueType, boolean nulls) {}

  DefaultMemoizer(Backend backend, boolean ownsBackend, String serializerUrl, boolean keepsObjects,
      @Nullable Duration defaultTtl, KeyStyle keyStyle, boolean strict, boolean recordStats) {
    this.backend = backend;
    this.ownsBackend = ownsBackend;
    this.serializerUrl = serializerUrl;
    this.keepsObjects = keepsObjects;
    this.defaultTtl = defaultTtl;
    this.keyStyle = keyStyle;
    this.strict = strict;
    this.recordStats = recordStats;
    if (ownsBackend && keepsObjects && backend instanceof PrefixedStore store) {
      // Most memoized methods use the default namespace; no one else writes to this backend.
      store.preferPrefix("default:");
    }
  }

  /**
   * The memo of one method or function.
   *
   * @param name {@code <declaring class>.<method>} or the wrapper's name
   * @param declaredType the result type (inside the future, for async), possibly an Optional
   * @throws IllegalArgumentException when the settings do not fit (a bad namespace, a value type
   *     that cannot be decoded)
   */
  Memo memo(String name, Type declaredType, MemoSettings settings,
      @Nullable Predicate<Object> unless) {
    return memo(name, "", declaredType, settings, unless);
  }

  /**
   * Like {@link #memo(String, Type, MemoSettings, Predicate)}, with the keys joined to a scope.
   *
   * @param scope a proxy's scope, already checked, or empty for none
   */
  Memo memo(String name, String scope, Type declaredType, MemoSettings settings,
      @Nullable Predicate<Object> unless) {
    boolean optional = TypeRef.rawType(declaredType) == Optional.class;
    Type valueType = boxed(optional ? GenericTypes.argument(declaredType) : declaredType);
    if (!keepsObjects && GenericTypes.isOpen(valueType)) {
      throw new IllegalArgumentException("cannot tell what type to decode " + valueType.getTypeName()
          + " results to with serializer " + serializerUrl + ": declare a concrete return type");
    }
    Cache<Object> cache = cache(settings.namespace(), valueType, settings.cacheNulls());
    KeyMaker keys = new KeyMaker(settings.namespace(), scope, name, settings.typed(), keyStyle,
        settings.keyGenerator());
    return new Memo(cache, keys, settings, optional, unless);
  }

  private static Type boxed(Type type) {
    if (type instanceof Class<?> c && c.isPrimitive()) {
      return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }
    return type;
  }

  /** The namespace's cache for values of a type, made on first use. */
  Cache<Object> cache(String namespace, Type valueType, boolean nulls) {
    return caches.computeIfAbsent(new CacheId(namespace, valueType, nulls), id -> {
      CacheBuilder<Object> builder = Cache.builder(TypeRef.of(valueType))
          .backend(backend)
          .namespace(namespace);
      if (nulls) {
        @SuppressWarnings("unchecked")
        Serializer<Object> inner = (Serializer<Object>) Serializers.fromUrl(serializerUrl, valueType);
        builder.serializer(NullableSerializer.of(inner));
      } else {
        builder.serializer(serializerUrl);
      }
      if (strict) {
        builder.strict();
      }
      return builder.recordStats(recordStats).build();
    });
  }

  private Cache<Object> namespaceCache(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return cache(namespace, Object.class, false);
  }

  /** Clears namespaces for {@link CacheClear}: errors are logged, never thrown. */
  void clearQuietly(String[] namespaces) {
    for (String namespace : namespaces) {
      try {
        namespaceCache(namespace).clear();
      } catch (RuntimeException e) {
        LOG.warn("Could not clear namespace '{}': {}", namespace, e.toString());
      }
    }
  }

  /** Clears namespaces asynchronously for {@link CacheClear}: errors are logged, never thrown. */
  CompletableFuture<Void> clearQuietlyAsync(String[] namespaces) {
    List<CompletableFuture<?>> clears = new ArrayList<>(namespaces.length);
    for (String namespace : namespaces) {
      CompletableFuture<Void> clear;
      try {
        clear = namespaceCache(namespace).async().clear();
      } catch (RuntimeException e) {
        clear = CompletableFuture.failedFuture(e);
      }
      clears.add(clear.exceptionally(error -> {
        LOG.warn("Could not clear namespace '{}': {}", namespace, error.toString());
        return null;
      }));
    }
    return CompletableFuture.allOf(clears.toArray(new CompletableFuture<?>[0]));
  }

  /** Makes sure a namespace is valid, so that a bad one fails when a proxy is built. */
  void checkNamespace(String namespace) {
    namespaceCache(namespace);
  }

  @Override
  public <T> T proxy(Class<T> type, T target) {
    return MemoProxy.create(this, type, target, "");
  }

  @Override
  public <T> T proxy(Class<T> type, T target, String scope) {
    return MemoProxy.create(this, type, target, MemoProxy.checkScope(scope));
  }

  @Override
  public <R> WrapperBuilder<R> wrap(String name, Class<R> valueType) {
    return wrap(name, TypeRef.of(valueType));
  }

  @Override
  public <R> WrapperBuilder<R> wrap(String name, TypeRef<R> valueType) {
    return new WrapperBuilder<>(this, name, valueType);
  }

  @Override
  public <A, R> MemoizedFunction<A, R> function(String name,
      Function<? super A, ? extends R> function, @Nullable Duration ttl) {
    WrapperBuilder<Object> wrapper = wrap(name, Object.class);
    if (ttl != null) {
      wrapper.ttl(ttl);
    }
    @SuppressWarnings("unchecked")
    MemoizedFunction<A, R> memoized =
        (MemoizedFunction<A, R>) wrapper.function((Function<? super A, ?>) function);
    return memoized;
  }

  @Override
  public <A, R> MemoizedFunction<A, R> function(String name,
      Function<? super A, ? extends R> function, @Nullable Duration ttl, Class<R> valueType) {
    WrapperBuilder<R> wrapper = wrap(name, valueType);
    if (ttl != null) {
      wrapper.ttl(ttl);
    }
    return wrapper.function(function);
  }

  @Override
  public boolean purge(Object proxy, String method, @Nullable Object... args) {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(method, "method");
    return MemoProxy.handlerOf(proxy).purge(method, args == null ? new Object[] {null} : args);
  }

  @Override
  public void clear(String... namespaces) {
    for (String namespace : namespaces) {
      namespaceCache(namespace).clear();
    }
  }

  @Override
  public CacheStats stats() {
    return CacheStats.sum(caches.values(), backend.evictionCount());
  }

  @Override
  public void close() {
    if (ownsBackend) {
      backend.close();
    }
  }

  @Override
  public String toString() {
    return "Memoizer[backend=" + backend.describe() + ", serializer=" + serializerUrl + ", keys="
        + keyStyle + (strict ? ", strict" : "") + (recordStats ? "" : ", recordStats=false") + "]";
  }
}
