package io.cachette.backend;

import io.cachette.CacheException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The async face of a blocking backend: each call is handed to a runner (an executor, or inline). */
final class BlockingAsyncBackend implements AsyncBackend {
  private final Backend backend;
  private final @Nullable Executor executor;

  /** With a null executor, operations run on the caller's thread. */
  BlockingAsyncBackend(Backend backend, @Nullable Executor executor) {
    this.backend = backend;
    this.executor = executor;
  }

  private <T> CompletableFuture<T> run(Supplier<T> task) {
    if (executor != null) {
      try {
        return CompletableFuture.supplyAsync(task, executor);
      } catch (RejectedExecutionException e) {
        // A bounded executor that is full (or shut down): the failure belongs in the future.
        return CompletableFuture.failedFuture(new CacheException("The executor of "
            + backend.describe() + " refused the operation (full or shut down): " + e, e));
      }
    }
    try {
      return CompletableFuture.completedFuture(task.get());
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<@Nullable Object> get(String key) {
    return run(() -> backend.get(key));
  }

  @Override
  public CompletableFuture<Map<String, Object>> getMany(List<String> keys) {
    return run(() -> backend.getMany(keys));
  }

  @Override
  public CompletableFuture<Void> set(String key, Object value, @Nullable Duration ttl) {
    return run(() -> {
      backend.set(key, value, ttl);
      return null;
    });
  }

  @Override
  public CompletableFuture<Boolean> setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    return run(() -> backend.setIfAbsent(key, value, ttl));
  }

  @Override
  public CompletableFuture<Void> setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    return run(() -> {
      backend.setMany(entries, ttl);
      return null;
    });
  }

  @Override
  public CompletableFuture<Boolean> expireIn(String key, @Nullable Duration ttl) {
    return run(() -> backend.expireIn(key, ttl));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return run(() -> backend.delete(key));
  }

  @Override
  public CompletableFuture<Long> deleteMany(Collection<String> keys) {
    return run(() -> backend.deleteMany(keys));
  }

  @Override
  public CompletableFuture<Boolean> exists(String key) {
    return run(() -> backend.exists(key));
  }

  @Override
  public CompletableFuture<Long> clear(String prefix) {
    return run(() -> backend.clear(prefix));
  }
}
