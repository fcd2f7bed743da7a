package io.cachette.backend;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous face of a {@link Backend}: the same operations and semantics, with results as
 * {@link CompletableFuture}s. Every failure completes the future exceptionally and is never
 * thrown by the method itself: invalid arguments (with the exceptions listed under "Arguments" in
 * {@link Backend}), use after {@link Backend#close()} ({@link BackendClosedException}) and store
 * failures alike. No operation runs on {@link java.util.concurrent.ForkJoinPool#commonPool()}.
 *
 * <p>Obtain one from {@link Backend#async()}. Backends with a native async client (Redis) implement
 * it directly; others use {@link #onExecutor(Backend, Executor)} or {@link #inline(Backend)}.
 */
public interface AsyncBackend {

  /** See {@link Backend#get(String)}; completes with null when absent. */
  CompletableFuture<@Nullable Object> get(String key);

  /** See {@link Backend#getMany(List)}. */
  CompletableFuture<Map<String, Object>> getMany(List<String> keys);

  /** See {@link Backend#set(String, Object, Duration)}. */
  CompletableFuture<Void> set(String key, Object value, @Nullable Duration ttl);

  /** See {@link Backend#setIfAbsent(String, Object, Duration)}. */
  CompletableFuture<Boolean> setIfAbsent(String key, Object value, @Nullable Duration ttl);

  /** See {@link Backend#setMany(Map, Duration)}. */
  CompletableFuture<Void> setMany(Map<String, ?> entries, @Nullable Duration ttl);

  /** See {@link Backend#expireIn(String, Duration)}. */
  CompletableFuture<Boolean> expireIn(String key, @Nullable Duration ttl);

  /** See {@link Backend#delete(String)}. */
  CompletableFuture<Boolean> delete(String key);

  /** See {@link Backend#deleteMany(Collection)}. */
  CompletableFuture<Long> deleteMany(Collection<String> keys);

  /** See {@link Backend#exists(String)}. */
  CompletableFuture<Boolean> exists(String key);

  /** See {@link Backend#clear(String)}. */
  CompletableFuture<Long> clear(String prefix);

  /**
   * The bound this backend itself puts on its single-key operations ({@code get}, {@code set},
   * {@code setIfAbsent}, {@code expireIn}, {@code delete}, {@code exists}): each future they return
   * completes, normally or with a timeout failure, within this time. A cache whose operation
   * timeout is at least this long relies on it instead of scheduling a timer of its own for every
   * such call (which costs a shared, locked timer queue per operation). The default, null,
   * promises nothing, and the cache bounds every call itself.
   */
  default @Nullable Duration singleKeyTimeout() {
    return null;
  }

  /**
   * An async face that runs each blocking operation of {@code backend} on {@code executor}, for
   * backends whose operations wait on I/O (files, JDBC). The caller's thread never blocks.
   */
  static AsyncBackend onExecutor(Backend backend, Executor executor) {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(executor, "executor");
    return new BlockingAsyncBackend(backend, executor);
  }

  /**
   * An async face that runs each operation on the caller's thread and returns a completed future,
   * for backends whose operations never block (the in-memory backend).
   */
  static AsyncBackend inline(Backend backend) {
    Objects.requireNonNull(backend, "backend");
    return new BlockingAsyncBackend(backend, null);
  }
}
