package io.cachette.backend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code dummy://}: stores nothing. Every read misses, {@code set} and {@code setIfAbsent} report
 * success, {@code delete}, {@code expireIn} and {@code exists} report false. Use it to switch caching
 * off without changing code. Stateless and thread-safe.
 */
public final class DummyBackend implements Backend {
  private final AsyncBackend async = AsyncBackend.inline(this);

  @Override
  public @Nullable Object get(String key) {
    return null;
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    return Map.of();
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {}

  /** Always true: the write "succeeds" and is then forgotten. */
  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    return true;
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {}

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    return false;
  }

  @Override
  public boolean delete(String key) {
    return false;
  }

  @Override
  public boolean exists(String key) {
    return false;
  }

  @Override
  public long clear(String prefix) {
    return 0;
  }

  /** True, so that a cache on {@code dummy://} defaults to {@code noop} like one on memory. */
  @Override
  public boolean storesObjects() {
    return true;
  }

  @Override
  public AsyncBackend async() {
    return async;
  }

  @Override
  public String describe() {
    return "dummy://";
  }

  @Override
  public void close() {}
}
