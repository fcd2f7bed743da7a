package io.cachette;

import io.cachette.backend.AsyncBackend;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The async face of a {@link DefaultCache}: same keys, encoding, statistics, loader guard and
 * failure policy, over the backend's {@link AsyncBackend}, with each operation bounded by the
 * cache's operation timeout.
 */
final class DefaultAsyncCache<V> implements AsyncCache<V> {
  private final DefaultCache<V> cache;
  private final AsyncBackend backend;
  /** Deletes an unreadable entry without waiting for it. */
  private final Consumer<String> dropper;
  /** How {@code get(key, loader)} stores what it loaded; one instance, not one per call. */
  private final BiFunction<String, V, CompletableFuture<Boolean>> storeWithDefaultTtl = this::set;

  DefaultAsyncCache(DefaultCache<V> cache, AsyncBackend backend) {
    this.cache = cache;
    this.backend = backend;
    this.dropper = backend::delete;
  }

  /**
   * Bounds a backend future by the timeout and applies the failure policy: fail-open completes
   * with {@code fallback}; strict completes exceptionally with a CacheException. Argument errors
   * (thrown before reaching the backend) always propagate.
   */
  private <T> CompletableFuture<T> guarded(String operation, @Nullable String storedKey,
      CompletableFuture<T> call, T fallback) {
    long timeoutNanos = cache.operationTimeout.toNanos();
    return call.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).handle((value, error) -> {
      if (error == null) {
        return value;
      }
      cache.failed(operation, storedKey, error);
      return fallback;
    });
  }

  /** Runs the part of an operation that may throw for bad arguments, as a failed future. */
  private static <T> CompletableFuture<T> attempt(java.util.function.Supplier<CompletableFuture<T>> op) {
    try {
      return op.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Optional<V>> get(String key) {
    return getOrNull(key).thenApply(Optional::ofNullable);
  }

  private CompletableFuture<@Nullable V> getOrNull(String key) {
    return attempt(() -> {
      String stored = cache.storedKey(key);
      return guarded("get", stored, backend.get(stored), null).thenApply(raw -> {
        V value = cache.decode(stored, raw, dropper);
        cache.countRead(value != null);
        return value;
      });
    });
  }

  @Override
  public CompletableFuture<@Nullable V> getOrDefault(String key, @Nullable V fallback) {
    return getOrNull(key).thenApply(v -> v != null ? v : fallback);
  }

  @Override
  public CompletableFuture<V> getRequired(String key) {
    return getOrNull(key).thenApply(v -> {
      if (v == null) {
        throw new KeyNotFoundException(cache.namespace(), key);
      }
      return v;
    });
  }

  @Override
  public CompletableFuture<@Nullable V> get(String key,
      Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader) {
    return get(key, loader, storeWithDefaultTtl);
  }

  @Override
  public CompletableFuture<@Nullable V> get(String key,
      Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader,
      BiFunction<? super String, ? super V, ? extends CompletionStage<?>> store) {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(store, "store");
    return getOrNull(key).thenCompose(found -> {
      if (found != null) {
        return CompletableFuture.completedFuture(found);
      }
      String stored = cache.storedKey(key);
      CompletableFuture<@Nullable V> mine = new CompletableFuture<>();
      CompletableFuture<@Nullable V> running = cache.loading.putIfAbsent(stored, mine);
      if (running != null) {
        return running;
      }
      // Under the cross-process lease (if any), a second look: another caller may have stored
      // the value after our miss.
      cache.lease(stored).thenCompose(lease -> backend.get(stored)
              .orTimeout(cache.operationTimeout.toNanos(), TimeUnit.NANOSECONDS)
              .handle((raw, error) -> error == null ? cache.decode(stored, raw, dropper) : null)
              .thenCompose(raced -> raced != null ? CompletableFuture.completedFuture(raced)
                  : load(key, loader, store))
              .whenComplete((value, error) -> lease.release()))
          .whenComplete((value, error) -> {
            cache.loading.remove(stored, mine);
            if (error != null) {
              mine.completeExceptionally(DefaultCache.unwrap(error));
            } else {
              mine.complete(value);
            }
          });
      return mine;
    });
  }

  private CompletableFuture<@Nullable V> load(String key,
      Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader,
      BiFunction<? super String, ? super V, ? extends CompletionStage<?>> store) {
    CompletableFuture<? extends @Nullable V> loaded;
    try {
      loaded = Objects.requireNonNull(loader.apply(key), "loader returned a null future");
    } catch (RuntimeException | Error e) {
      cache.loadFailures.increment();
      return CompletableFuture.failedFuture(e);
    }
    return loaded.handle((value, error) -> {
      if (error != null) {
        cache.loadFailures.increment();
        return CompletableFuture.<@Nullable V>failedFuture(DefaultCache.unwrap(error));
      }
      cache.loadSuccesses.increment();
      if (value == null) {
        return CompletableFuture.<@Nullable V>completedFuture(null);
      }
      V loadedValue = value;
      CompletionStage<?> written;
      try {
        written = Objects.requireNonNull(store.apply(key, loadedValue), "store returned null");
      } catch (RuntimeException | Error e) {
        return CompletableFuture.<@Nullable V>failedFuture(e);
      }
      return written.toCompletableFuture().thenApply(ignored -> (@Nullable V) loadedValue);
    }).thenCompose(f -> f);
  }

  @Override
  public CompletableFuture<Map<String, V>> getMany(Collection<String> keys) {
    return attempt(() -> {
      List<String> stored = cache.storedKeys(keys);
      if (stored.isEmpty()) {
        return CompletableFuture.completedFuture(Map.of());
      }
      return guarded("getMany", null, backend.getMany(stored), Map.<String, Object>of())
          .thenApply(found -> cache.decodeMany(stored, found, dropper));
    });
  }

  @Override
  public CompletableFuture<Boolean> set(String key, V value) {
    return set(key, value, cache.defaultTtl);
  }

  @Override
  public CompletableFuture<Boolean> set(String key, V value, @Nullable Duration ttl) {
    return attempt(() -> {
      String stored = cache.storedKey(key);
      Duration effective = DefaultCache.checkedTtl(ttl);
      Object encoded = cache.encodeToWrite("set", stored, value);
      if (encoded == null) {
        return CompletableFuture.completedFuture(Boolean.FALSE);
      }
      return guarded("set", stored,
          backend.set(stored, encoded, effective).thenApply(v -> Boolean.TRUE), Boolean.FALSE);
    });
  }

  @Override
  public CompletableFuture<Boolean> setIfAbsent(String key, V value) {
    return setIfAbsent(key, value, cache.defaultTtl);
  }

  @Override
  public CompletableFuture<Boolean> setIfAbsent(String key, V value, @Nullable Duration ttl) {
    return attempt(() -> {
      String stored = cache.storedKey(key);
      Duration effective = DefaultCache.checkedTtl(ttl);
      Object encoded = cache.encodeToWrite("setIfAbsent", stored, value);
      if (encoded == null) {
        return CompletableFuture.completedFuture(Boolean.FALSE);
      }
      return guarded("setIfAbsent", stored, backend.setIfAbsent(stored, encoded, effective),
          Boolean.FALSE);
    });
  }

  @Override
  public CompletableFuture<Boolean> setMany(Map<String, ? extends V> entries) {
    return setMany(entries, cache.defaultTtl);
  }

  @Override
  public CompletableFuture<Boolean> setMany(Map<String, ? extends V> entries,
      @Nullable Duration ttl) {
    return attempt(() -> {
      Duration effective = DefaultCache.checkedTtl(ttl);
      Map<String, Object> encoded = cache.encodeAllToWrite("setMany", entries);
      if (encoded == null) {
        return CompletableFuture.completedFuture(Boolean.FALSE);
      }
      if (encoded.isEmpty()) {
        return CompletableFuture.completedFuture(Boolean.TRUE);
      }
      return guarded("setMany", null,
          backend.setMany(encoded, effective).thenApply(v -> Boolean.TRUE), Boolean.FALSE);
    });
  }

  @Override
  public CompletableFuture<Boolean> expireIn(String key, Duration ttl) {
    return attempt(() -> {
      Objects.requireNonNull(ttl, "ttl");
      return changeTtl(key, DefaultCache.checkTtl(ttl));
    });
  }

  @Override
  public CompletableFuture<Boolean> persist(String key) {
    return attempt(() -> changeTtl(key, null));
  }

  private CompletableFuture<Boolean> changeTtl(String key, @Nullable Duration ttl) {
    String stored = cache.storedKey(key);
    return guarded("expireIn", stored, backend.expireIn(stored, ttl), Boolean.FALSE);
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return attempt(() -> {
      String stored = cache.storedKey(key);
      return guarded("delete", stored, backend.delete(stored), Boolean.FALSE);
    });
  }

  @Override
  public CompletableFuture<Long> deleteMany(Collection<String> keys) {
    return attempt(() -> {
      List<String> stored = cache.storedKeys(keys);
      if (stored.isEmpty()) {
        return CompletableFuture.completedFuture(0L);
      }
      return guarded("deleteMany", null, backend.deleteMany(stored), 0L);
    });
  }

  @Override
  public CompletableFuture<Boolean> exists(String key) {
    return attempt(() -> {
      String stored = cache.storedKey(key);
      return guarded("exists", stored, backend.exists(stored), Boolean.FALSE);
    });
  }

  @Override
  public CompletableFuture<Void> clear() {
    return attempt(() -> guarded("clear", cache.prefix() + "*", backend.clear(cache.prefix()), 0L)
        .thenApply(n -> null));
  }

  @Override
  public Cache<V> sync() {
    return cache;
  }
}
