package io.cachette.jcache;

import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Ttls;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * A backend over an application's JCache cache; see {@link JCacheBackends} for its limits.
 * Each stored value is {@code 'C'}, the expiry time in epoch milliseconds ({@link Long#MAX_VALUE}
 * for never) and the value's bytes. Thread-safe.
 */
final class JCacheBackend implements Backend {
  private static final byte MAGIC = 'C';
  private static final int HEADER_BYTES = 1 + Long.BYTES;
  private static final long NEVER = Long.MAX_VALUE;

  private final javax.cache.Cache<String, byte[]> cache;
  private final Clock clock;
  private final String description;
  private final AsyncBackend async;
  private volatile boolean closed;

  JCacheBackend(javax.cache.Cache<String, byte[]> cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
    this.description = "jcache:" + cache.getName();
    this.async = AsyncBackend.inline(this);
  }

  @Override
  public @Nullable Object get(String key) {
    BackendArguments.key(key);
    return call(() -> liveValue(cache.get(key), now()));
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    BackendArguments.keys(keys);
    return call(() -> {
      Map<String, byte[]> found = cache.getAll(new LinkedHashSet<>(keys));
      long now = now();
      Map<String, Object> live = new LinkedHashMap<>();
      for (String key : keys) {
        byte[] value = liveValue(found.get(key), now);
        if (value != null) {
          live.put(key, value);
        }
      }
      return live;
    });
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    byte[] bytes = checked(key, value, ttl);
    call(() -> {
      cache.put(key, stored(bytes, ttl));
      return null;
    });
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    byte[] bytes = checked(key, value, ttl);
    return call(() -> Boolean.TRUE.equals(
        cache.invoke(key, new SetIfAbsent(), stored(bytes, ttl), now())));
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    BackendArguments.entries(entries);
    Ttls.check(ttl);
    Map<String, byte[]> stored = new HashMap<>();
    entries.forEach((key, value) -> stored.put(key, stored(
        BackendArguments.bytes(key, value, maxValueBytes(), description), ttl)));
    call(() -> {
      cache.putAll(stored);
      return null;
    });
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    BackendArguments.key(key);
    Ttls.check(ttl);
    long now = now();
    long expiresAt = expiresAt(ttl, now);
    return call(() -> Boolean.TRUE.equals(cache.invoke(key, new ExpireIn(), expiresAt, now)));
  }

  @Override
  public boolean delete(String key) {
    BackendArguments.key(key);
    return call(() -> Boolean.TRUE.equals(cache.invoke(key, new Delete(), now())));
  }

  @Override
  public boolean exists(String key) {
    return get(key) != null;
  }

  @Override
  public long clear(String prefix) {
    java.util.Objects.requireNonNull(prefix, "prefix");
    return call(() -> {
      List<String> matching = new ArrayList<>();
      for (javax.cache.Cache.Entry<String, byte[]> entry : cache) {
        if (entry.getKey().startsWith(prefix)) {
          matching.add(entry.getKey());
        }
      }
      cache.removeAll(new LinkedHashSet<>(matching));
      return (long) matching.size();
    });
  }

  @Override
  public Stream<KeyInfo> scan(String prefix) {
    java.util.Objects.requireNonNull(prefix, "prefix");
    Iterator<javax.cache.Cache.Entry<String, byte[]>> entries = call(cache::iterator);
    long now = now();
    Stream<javax.cache.Cache.Entry<String, byte[]>> stream = StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(entries, Spliterator.NONNULL), false);
    return stream
        .filter(entry -> entry.getKey().startsWith(prefix))
        .filter(entry -> liveValue(entry.getValue(), now) != null)
        .map(entry -> {
          long expiresAt = ByteBuffer.wrap(entry.getValue(), 1, Long.BYTES).getLong();
          return new KeyInfo(entry.getKey(),
              expiresAt == NEVER ? null : Duration.ofMillis(Math.max(1, expiresAt - now)));
        });
  }

  @Override
  public long maxValueBytes() {
    return Integer.MAX_VALUE - HEADER_BYTES - 8;
  }

  @Override
  public AsyncBackend async() {
    return async;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "JCacheBackend{" + description + "}";
  }

  private byte[] checked(String key, Object value, @Nullable Duration ttl) {
    BackendArguments.key(key);
    byte[] bytes = BackendArguments.bytes(key, value, maxValueBytes(), description);
    Ttls.check(ttl);
    return bytes;
  }

  private long now() {
    return clock.millis();
  }

  private byte[] stored(byte[] value, @Nullable Duration ttl) {
    return ByteBuffer.allocate(HEADER_BYTES + value.length).put(MAGIC)
        .putLong(expiresAt(ttl, now())).put(value).array();
  }

  private static long expiresAt(@Nullable Duration ttl, long now) {
    return ttl == null ? NEVER : Ttls.expiresAtMillis(now, ttl);
  }

  /** The value inside stored bytes if they are ours and live at {@code now}, else null. */
  static byte @Nullable [] liveValue(byte @Nullable [] stored, long now) {
    if (stored == null || stored.length < HEADER_BYTES || stored[0] != MAGIC) {
      return null;
    }
    long expiresAt = ByteBuffer.wrap(stored, 1, Long.BYTES).getLong();
    if (expiresAt != NEVER && expiresAt <= now) {
      return null;
    }
    return Arrays.copyOfRange(stored, HEADER_BYTES, stored.length);
  }

  private <T> T call(Supplier<T> operation) {
    if (closed) {
      throw new BackendClosedException(description);
    }
    try {
      return operation.get();
    } catch (javax.cache.CacheException | IllegalStateException e) {
      if (cache.isClosed()) {
        throw new CacheException(description + " failed: the JCache cache is closed", e);
      }
      throw new CacheException(description + " failed: " + e.getMessage(), e);
    }
  }

  /** Stores {@code arguments[0]} unless a live entry is there (at time {@code arguments[1]}). */
  static final class SetIfAbsent implements EntryProcessor<String, byte[], Boolean>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(MutableEntry<String, byte[]> entry, Object... arguments) {
      long now = (Long) arguments[1];
      if (entry.exists() && liveValue(entry.getValue(), now) != null) {
        return false;
      }
      entry.setValue((byte[]) arguments[0]);
      return true;
    }
  }

  /** Gives a live entry the expiry time {@code arguments[0]}; removes an expired one. */
  static final class ExpireIn implements EntryProcessor<String, byte[], Boolean>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(MutableEntry<String, byte[]> entry, Object... arguments) {
      long expiresAt = (Long) arguments[0];
      long now = (Long) arguments[1];
      if (!entry.exists()) {
        return false;
      }
      byte[] value = liveValue(entry.getValue(), now);
      if (value == null) {
        entry.remove();
        return false;
      }
      entry.setValue(ByteBuffer.allocate(HEADER_BYTES + value.length).put(MAGIC)
          .putLong(expiresAt).put(value).array());
      return true;
    }
  }

  /** Removes an entry; true if it was live at {@code arguments[0]}. */
  static final class Delete implements EntryProcessor<String, byte[], Boolean>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(MutableEntry<String, byte[]> entry, Object... arguments) {
      if (!entry.exists()) {
        return false;
      }
      boolean live = liveValue(entry.getValue(), (Long) arguments[0]) != null;
      entry.remove();
      return live;
    }
  }
}
