package io.cachette.backend;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * {@code memory://}: an in-process store on Caffeine, with a TTL per entry (Caffeine's variable
 * expiration) and an optional size bound (Caffeine's eviction). It stores objects as they are
 * (with the {@code noop} serializer) or bytes (with any other). Expired entries are invisible to
 * every operation, {@link #setIfAbsent} included.
 *
 * <p>URL parameters: {@code max-size} (entries, 1..2^62; unbounded when absent).
 *
 * <p>Thread-safe; operations never block on I/O, so its async face runs inline.
 */
public final class MemoryBackend implements Backend {
  private final com.github.benmanes.caffeine.cache.Cache<String, Entry> store;
  private final LongAdder evictions = new LongAdder();
  private final Ticker ticker;
  private final String description;
  private final AsyncBackend async = AsyncBackend.inline(this);

  /** A stored value and the ticker time at which it expires ({@link Long#MAX_VALUE}: never). */
  private record Entry(Object value, long expiresAtNanos) {}

  private MemoryBackend(Builder builder) {
    this.ticker = builder.clock == null ? Ticker.systemTicker() : clockTicker(builder.clock);
    Caffeine<String, Entry> caffeine = Caffeine.newBuilder()
        .ticker(ticker)
        .executor(Runnable::run)
        .expireAfter(new EntryExpiry());
    if (builder.maximumSize >= 0) {
      caffeine.maximumSize(builder.maximumSize);
      caffeine.evictionListener((String key, Entry value, RemovalCause cause) -> {
        if (cause == RemovalCause.SIZE) {
          evictions.increment();
        }
      });
    }
    this.store = caffeine.build();
    this.description = "memory://" + (builder.maximumSize >= 0 ? "?max-size=" + builder.maximumSize : "");
  }

  /** Starts building a memory backend. */
  public static Builder builder() {
    return new Builder();
  }

  private static Ticker clockTicker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  private long expiresAt(@Nullable Duration ttl) {
    if (ttl == null) {
      return Long.MAX_VALUE;
    }
    long nanos = ttl.toNanos();
    long now = ticker.read();
    return now + nanos < now ? Long.MAX_VALUE : now + nanos;
  }

  /** Each entry lives until its own expiry time, whatever happens to it. */
  private final class EntryExpiry implements Expiry<String, Entry> {
    @Override
    public long expireAfterCreate(String key, Entry entry, long currentTime) {
      return remaining(entry, currentTime);
    }

    @Override
    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
      return remaining(entry, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private long remaining(Entry entry, long currentTime) {
      return entry.expiresAtNanos == Long.MAX_VALUE
          ? Long.MAX_VALUE : Math.max(0, entry.expiresAtNanos - currentTime);
    }
  }

  @Override
  public @Nullable Object get(String key) {
    Entry entry = store.getIfPresent(key);
    return entry == null ? null : entry.value;
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    Map<String, Object> found = new java.util.LinkedHashMap<>(keys.size() * 2);
    store.getAllPresent(keys).forEach((k, e) -> found.put(k, e.value));
    return found;
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    Objects.requireNonNull(value, "value");
    store.put(key, new Entry(value, expiresAt(ttl)));
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    Objects.requireNonNull(value, "value");
    // Caffeine treats an expired entry as absent here.
    return store.asMap().putIfAbsent(key, new Entry(value, expiresAt(ttl))) == null;
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    long expiresAt = expiresAt(ttl);
    Map<String, Entry> batch = new java.util.HashMap<>(entries.size() * 2);
    entries.forEach((k, v) -> batch.put(k, new Entry(Objects.requireNonNull(v, "value"), expiresAt)));
    store.putAll(batch);
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    long expiresAt = expiresAt(ttl);
    return store.asMap().computeIfPresent(key, (k, e) -> new Entry(e.value, expiresAt)) != null;
  }

  @Override
  public boolean delete(String key) {
    return store.asMap().remove(key) != null;
  }

  @Override
  public boolean exists(String key) {
    return store.getIfPresent(key) != null;
  }

  @Override
  public long clear(String prefix) {
    long[] removed = {0};
    store.asMap().keySet().removeIf(k -> {
      if (k.startsWith(prefix)) {
        removed[0]++;
        return true;
      }
      return false;
    });
    return removed[0];
  }

  @Override
  public boolean storesObjects() {
    return true;
  }

  @Override
  public long evictionCount() {
    return evictions.sum();
  }

  /** The number of entries held, including expired ones not yet reaped (an estimate). */
  public long estimatedSize() {
    return store.estimatedSize();
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
    store.invalidateAll();
  }

  /** Builds a {@link MemoryBackend}. Not thread-safe. */
  public static final class Builder {
    private long maximumSize = -1;
    private @Nullable Clock clock;

    private Builder() {}

    /** Bounds the number of entries; the least valuable are evicted beyond it (Caffeine's policy). */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException("maximumSize must be >= 0, was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /** Reads time from this clock instead of the system's, for tests that move time by hand. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the backend. */
    public MemoryBackend build() {
      return new MemoryBackend(this);
    }
  }
}
