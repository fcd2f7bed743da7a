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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous face of a {@link CacheEngine}: each operation validates through the engine, makes
 * one call to the backend's {@link AsyncBackend}, bounded by the operation timeout, and hands
 * failures to the engine's policy. Never throws: bad arguments are a failed future too.
 */
final class DefaultAsyncCache<V> implements AsyncCache<V> {
  private final CacheEngine<V> engine;
  private final AsyncBackend backend;
  private final StoredKeys keys;
  private final Cache<V> sync;

  DefaultAsyncCache(CacheEngine<V> engine, Cache<V> sync) {
    this.engine = engine;
    this.backend = engine.asyncBackend;
    this.keys = engine.keys;
    this.sync = sync;
  }

  /** Runs an operation, turning what it throws (bad arguments) into a failed future. */
  private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> operation) {
    try {
      return operation.get();
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
      String stored = keys.of(key);
      return engine.guardedRead(stored, backend.get(stored));
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
        throw new KeyNotFoundException(keys.namespace(), key);
      }
      return v;
    });
  }

  @Override
  public CompletableFuture<@Nullable V> get(String key,
      Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader) {
    return engine.getOrLoadAsync(key, loader, null);
  }

  @Override
  public CompletableFuture<@Nullable V> get(String key,
      Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader,
      BiFunction<? super String, ? super V, ? extends CompletionStage<?>> store) {
    if (store == null) {
      return CompletableFuture.failedFuture(new NullPointerException("store"));
    }
    return engine.getOrLoadAsync(key, loader, store);
  }

  @Override
  public CompletableFuture<Map<String, V>> getMany(Collection<String> keys) {
    return attempt(() -> {
      List<String> stored = this.keys.of(keys);
      if (stored.isEmpty()) {
        return CompletableFuture.completedFuture(Map.of());
      }
      return engine.guarded("getMany", null, backend.getMany(stored), Map.<String, Object>of())
          .thenApply(found -> engine.readMany(stored, found, true));
    });
  }

  @Override
  public CompletableFuture<Boolean> set(String key, V value) {
    return attempt(() -> write(key, value, engine.defaultTtl(), false));
  }

  @Override
  public CompletableFuture<Boolean> set(String key, V value, Duration ttl) {
    return attempt(() -> write(key, value, CacheEngine.ttl(ttl), false));
  }

  @Override
  public CompletableFuture<Boolean> setIfAbsent(String key, V value) {
    return attempt(() -> write(key, value, engine.defaultTtl(), true));
  }

  @Override
  public CompletableFuture<Boolean> setIfAbsent(String key, V value, Duration ttl) {
    return attempt(() -> write(key, value, CacheEngine.ttl(ttl), true));
  }

  private CompletableFuture<Boolean> write(String key, V value, @Nullable Duration ttl,
      boolean ifAbsent) {
    String stored = keys.of(key);
    Object encoded = engine.encodeToWrite(ifAbsent ? "setIfAbsent" : "set", stored, value);
    if (encoded == null) {
      return CompletableFuture.completedFuture(Boolean.FALSE);
    }
    CompletableFuture<Boolean> call = ifAbsent ? backend.setIfAbsent(stored, encoded, ttl)
        : backend.set(stored, encoded, ttl).thenApply(done -> Boolean.TRUE);
    return engine.guarded(ifAbsent ? "setIfAbsent" : "set", stored, call.thenApply(this::counted),
        Boolean.FALSE);
  }

  /** Counts a write the backend reported stored. */
  private Boolean counted(Boolean stored) {
    if (stored) {
      engine.counters.puts(1);
    }
    return stored;
  }

  @Override
  public CompletableFuture<Boolean> setMany(Map<String, ? extends V> entries) {
    return attempt(() -> writeMany(entries, engine.defaultTtl()));
  }

  @Override
  public CompletableFuture<Boolean> setMany(Map<String, ? extends V> entries, Duration ttl) {
    return attempt(() -> writeMany(entries, CacheEngine.ttl(ttl)));
  }

  private CompletableFuture<Boolean> writeMany(Map<String, ? extends V> entries,
      @Nullable Duration ttl) {
    Map<String, Object> encoded = engine.encodeAllToWrite("setMany", entries);
    if (encoded == null) {
      return CompletableFuture.completedFuture(Boolean.FALSE);
    }
    if (encoded.isEmpty()) {
      return CompletableFuture.completedFuture(Boolean.TRUE);
    }
    return engine.guarded("setMany", null, backend.setMany(encoded, ttl).thenApply(done -> {
      engine.counters.puts(encoded.size());
      return Boolean.TRUE;
    }), Boolean.FALSE);
  }

  /** An operation on one key of the backend; static instances, so that a call allocates none. */
  private interface KeyOperation {
    CompletableFuture<Boolean> apply(AsyncBackend backend, String storedKey,
        @Nullable Duration ttl);
  }

  private static final KeyOperation EXPIRE = AsyncBackend::expireIn;
  private static final KeyOperation DELETE = (backend, key, ttl) -> backend.delete(key);
  private static final KeyOperation EXISTS = (backend, key, ttl) -> backend.exists(key);

  @Override
  public CompletableFuture<Boolean> expireIn(String key, Duration ttl) {
    return attempt(() -> onKey("expireIn", key, CacheEngine.ttl(ttl), EXPIRE));
  }

  @Override
  public CompletableFuture<Boolean> persist(String key) {
    return attempt(() -> onKey("persist", key, null, EXPIRE));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return attempt(() -> onKey("delete", key, null, DELETE));
  }

  @Override
  public CompletableFuture<Boolean> exists(String key) {
    return attempt(() -> onKey("exists", key, null, EXISTS));
  }

  private CompletableFuture<Boolean> onKey(String operation, String key, @Nullable Duration ttl,
      KeyOperation call) {
    String stored = keys.of(key);
    return engine.guarded(operation, stored, call.apply(backend, stored, ttl), Boolean.FALSE);
  }

  @Override
  public CompletableFuture<Long> deleteMany(Collection<String> keys) {
    return attempt(() -> {
      List<String> stored = this.keys.of(keys);
      if (stored.isEmpty()) {
        return CompletableFuture.completedFuture(0L);
      }
      return engine.guarded("deleteMany", null, backend.deleteMany(stored), 0L);
    });
  }

  @Override
  public CompletableFuture<Void> clear() {
    return attempt(() -> engine.guarded("clear of '" + keys.prefix() + "*'", null,
        backend.clear(keys.prefix()), 0L).thenApply(n -> null));
  }

  @Override
  public Cache<V> sync() {
    return sync;
  }

  @Override
  public String toString() {
    return "Async" + engine;
  }
}
