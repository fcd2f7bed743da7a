package io.cachette.backend.memory;

import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Ttls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code dummy://}: stores nothing. Every read misses, {@code set} and {@code setIfAbsent} report
 * success, {@code delete}, {@code expireIn} and {@code exists} report false. Use it to switch caching
 * off without changing code. It checks its arguments and refuses use after {@link #close()} like
 * every backend (see {@link Backend}). Thread-safe.
 */
public final class DummyBackend implements Backend {
  private final AsyncBackend async = AsyncBackend.inline(this);
  private volatile boolean closed;

  @Override
  public @Nullable Object get(String key) {
    checked(key);
    return null;
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    BackendArguments.keys(keys);
    checkOpen();
    return Map.of();
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    checkedWrite(key, value, ttl);
  }

  /** Always true: the write "succeeds" and is then forgotten. */
  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    checkedWrite(key, value, ttl);
    return true;
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    BackendArguments.entries(entries);
    Ttls.check(ttl);
    checkOpen();
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    checked(key);
    Ttls.check(ttl);
    return false;
  }

  @Override
  public boolean delete(String key) {
    checked(key);
    return false;
  }

  @Override
  public boolean exists(String key) {
    checked(key);
    return false;
  }

  @Override
  public long clear(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    return 0;
  }

  /** Lists nothing: nothing is stored. */
  @Override
  public Stream<KeyInfo> scan(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    return Stream.empty();
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
  public void close() {
    closed = true;
  }

  private void checked(String key) {
    BackendArguments.key(key);
    checkOpen();
  }

  private void checkedWrite(String key, Object value, @Nullable Duration ttl) {
    checked(key);
    BackendArguments.value(value);
    Ttls.check(ttl);
  }

  private void checkOpen() {
    if (closed) {
      throw new BackendClosedException(describe());
    }
  }
}
