package io.cachette;

import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately broken store for failure-policy tests: while {@link #down} is set, every
 * operation throws as a backend whose server went away would; otherwise it forwards to a memory
 * backend. Its async face fails the same way, or never completes when {@link #hang} is set.
 */
final class FailingBackend implements Backend {
  final AtomicBoolean down = new AtomicBoolean(true);
  final AtomicBoolean hang = new AtomicBoolean(false);
  private final Backend healthy = io.cachette.backend.memory.MemoryBackend.builder().build();

  private Backend live() {
    if (down.get()) {
      throw new IllegalStateException("connection refused (test backend is down)");
    }
    return healthy;
  }

  @Override
  public @Nullable Object get(String key) {
    return live().get(key);
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    return live().getMany(keys);
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    live().set(key, value, ttl);
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    return live().setIfAbsent(key, value, ttl);
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    live().setMany(entries, ttl);
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    return live().expireIn(key, ttl);
  }

  @Override
  public boolean delete(String key) {
    return live().delete(key);
  }

  @Override
  public boolean exists(String key) {
    return live().exists(key);
  }

  @Override
  public long clear(String prefix) {
    return live().clear(prefix);
  }

  @Override
  public AsyncBackend async() {
    AsyncBackend inline = AsyncBackend.inline(this);
    return (AsyncBackend) java.lang.reflect.Proxy.newProxyInstance(
        AsyncBackend.class.getClassLoader(), new Class<?>[] {AsyncBackend.class},
        (proxy, method, args) -> hang.get() && method.getReturnType() == CompletableFuture.class
            ? new CompletableFuture<>() : method.invoke(inline, args));
  }

  @Override
  public String describe() {
    return "failing://test";
  }

  @Override
  public void close() {}
}
