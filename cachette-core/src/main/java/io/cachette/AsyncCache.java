package io.cachette;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous face of a {@link Cache}: the same store, namespace, statistics and semantics,
 * with results as {@link CompletableFuture}s. Failures follow the cache's policy: fail-open futures
 * complete with a miss or {@code false}; strict ones complete exceptionally with a
 * {@link CacheException}. Each backend operation is bounded by the cache's operation timeout.
 *
 * <p>Thread-safe. Obtain one with {@link Cache#async()}.
 *
 * @param <V> the type of values
 */
public interface AsyncCache<V> {

  /** See {@link Cache#get(String)}. */
  CompletableFuture<Optional<V>> get(String key);

  /** See {@link Cache#getOrDefault(String, Object)}. */
  CompletableFuture<@Nullable V> getOrDefault(String key, @Nullable V fallback);

  /** See {@link Cache#getRequired(String)}; completes exceptionally with {@link KeyNotFoundException}. */
  CompletableFuture<V> getRequired(String key);

  /**
   * The live value for a key, loading it on a miss with an asynchronous loader. Concurrent callers
   * for the same missing key share one loader call; a failed loader future reaches them all and
   * nothing is stored.
   */
  CompletableFuture<@Nullable V> get(
      String key, Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader);

  /**
   * Like {@link #get(String, Function)}, but a loaded non-null value is stored by {@code store}
   * (which returns a stage that completes when the write is done) instead of
   * {@code set(key, value)}; see {@link Cache#get(String, Function, BiConsumer)}. Callers get the
   * value once {@code store}'s stage completes; if it fails, or {@code store} throws, they all get
   * that failure.
   */
  CompletableFuture<@Nullable V> get(
      String key, Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader,
      BiFunction<? super String, ? super V, ? extends CompletionStage<?>> store);

  /** See {@link Cache#getMany(Collection)}. */
  CompletableFuture<Map<String, V>> getMany(Collection<String> keys);

  /** See {@link Cache#set(String, Object)}. */
  CompletableFuture<Boolean> set(String key, V value);

  /** See {@link Cache#set(String, Object, Duration)}. */
  CompletableFuture<Boolean> set(String key, V value, Duration ttl);

  /** See {@link Cache#setIfAbsent(String, Object)}. */
  CompletableFuture<Boolean> setIfAbsent(String key, V value);

  /** See {@link Cache#setIfAbsent(String, Object, Duration)}. */
  CompletableFuture<Boolean> setIfAbsent(String key, V value, Duration ttl);

  /** See {@link Cache#setMany(Map)}. */
  CompletableFuture<Boolean> setMany(Map<String, ? extends V> entries);

  /** See {@link Cache#setMany(Map, Duration)}. */
  CompletableFuture<Boolean> setMany(Map<String, ? extends V> entries, Duration ttl);

  /** See {@link Cache#expireIn(String, Duration)}. */
  CompletableFuture<Boolean> expireIn(String key, Duration ttl);

  /** See {@link Cache#persist(String)}. */
  CompletableFuture<Boolean> persist(String key);

  /** See {@link Cache#delete(String)}. */
  CompletableFuture<Boolean> delete(String key);

  /** See {@link Cache#deleteMany(Collection)}. */
  CompletableFuture<Long> deleteMany(Collection<String> keys);

  /** See {@link Cache#exists(String)}. */
  CompletableFuture<Boolean> exists(String key);

  /** See {@link Cache#clear()}. */
  CompletableFuture<Void> clear();

  /** The synchronous face of the same cache. */
  Cache<V> sync();
}
