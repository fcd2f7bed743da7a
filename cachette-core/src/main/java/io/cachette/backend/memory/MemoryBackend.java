package io.cachette.backend.memory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Ttls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * {@code memory://}: an in-process store on Caffeine, with a TTL per entry (Caffeine's variable
 * expiration) and an optional size bound (Caffeine's eviction). It stores objects as they are
 * (with the {@code noop} serializer) or bytes (with any other). Expired entries are invisible to
 * every operation, {@link #setIfAbsent} included.
 *
 * <p>Reading the clock is the most expensive part of a Caffeine read with expiry, so this backend
 * reads it only where it matters: an entry without a TTL is returned without a clock read, and an
 * entry with a TTL is checked against the exact time. Caffeine itself runs on the latest time this
 * backend has seen (on every write and every read of an entry with a TTL), which it uses only to
 * reap expired entries; reaping may therefore lag while a cache sees only reads of eternal entries,
 * but an expired entry is never returned.
 *
 * <p>URL parameters: {@code max-size} (entries, 1..2^62; unbounded when absent).
 *
 * <p>Thread-safe; operations never block on I/O, so its async face runs inline. {@link #close()}
 * drops every entry; operations after it fail with {@link BackendClosedException}.
 */
public final class MemoryBackend implements Backend {
  private final com.github.benmanes.caffeine.cache.Cache<String, Entry> store;
  private final LongAdder evictions = new LongAdder();
  /** The exact time source (nanoseconds). */
  private final Ticker ticker;
  /** The latest exact time seen: Caffeine's ticker, for reaping only. */
  private final AtomicLong lastSeenNanos;
  private final String description;
  private final AsyncBackend async = AsyncBackend.inline(this);
  private volatile boolean closed;

  /** A stored value and the ticker time at which it expires ({@link Long#MAX_VALUE}: never). */
  private record Entry(Object value, long expiresAtNanos) {}

  private MemoryBackend(Builder builder) {
    this.ticker = builder.clock == null ? Ticker.systemTicker() : clockTicker(builder.clock);
    this.lastSeenNanos = new AtomicLong(ticker.read());
    Caffeine<String, Entry> caffeine = Caffeine.newBuilder()
        .ticker(lastSeenNanos::get)
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

  /** Reads the exact time and lets Caffeine's reaping clock catch up with it. */
  private long now() {
    long now = ticker.read();
    if (now > lastSeenNanos.get()) {
      // A racing thread may store a slightly older time; Caffeine's timer wheel tolerates that.
      lastSeenNanos.lazySet(now);
    }
    return now;
  }

  /** Checks the TTL, then: {@link Long#MAX_VALUE} (never) for null, else saturating. */
  private long expiresAt(@Nullable Duration ttl) {
    Ttls.check(ttl);
    long now = now();
    return ttl == null ? Long.MAX_VALUE : Ttls.expiresAtNanos(now, ttl);
  }

  private void checkOpen() {
    if (closed) {
      throw new BackendClosedException(description);
    }
  }

  /** Checks a key and that the backend is open. */
  private String checked(String key) {
    BackendArguments.key(key);
    checkOpen();
    return key;
  }

  /** Whether an entry exists and has not expired, by the exact time. */
  private boolean live(@Nullable Entry entry) {
    return entry != null && (entry.expiresAtNanos == Long.MAX_VALUE || now() < entry.expiresAtNanos);
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
    Entry entry = store.getIfPresent(checked(key));
    if (entry == null) {
      return null;
    }
    if (entry.expiresAtNanos != Long.MAX_VALUE && !live(entry)) {
      store.asMap().remove(key, entry);
      return null;
    }
    return entry.value;
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    BackendArguments.keys(keys);
    checkOpen();
    Map<String, Object> found = new java.util.LinkedHashMap<>(keys.size() * 2);
    store.getAllPresent(keys).forEach((k, e) -> {
      if (live(e)) {
        found.put(k, e.value);
      }
    });
    return found;
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    checked(key);
    BackendArguments.value(value);
    store.put(key, new Entry(value, expiresAt(ttl)));
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    checked(key);
    BackendArguments.value(value);
    Entry fresh = new Entry(value, expiresAt(ttl));
    // Caffeine hands us null for entries it knows to be expired; live() catches the ones it
    // has not noticed yet.
    return store.asMap().compute(key, (k, old) -> live(old) ? old : fresh) == fresh;
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    BackendArguments.entries(entries);
    checkOpen();
    long expiresAt = expiresAt(ttl);
    Map<String, Entry> batch = new java.util.HashMap<>(entries.size() * 2);
    entries.forEach((k, v) -> batch.put(k, new Entry(v, expiresAt)));
    store.putAll(batch);
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    checked(key);
    long expiresAt = expiresAt(ttl);
    return store.asMap().computeIfPresent(key,
        (k, e) -> live(e) ? new Entry(e.value, expiresAt) : null) != null;
  }

  @Override
  public boolean delete(String key) {
    return live(store.asMap().remove(checked(key)));
  }

  @Override
  public boolean exists(String key) {
    return live(store.getIfPresent(checked(key)));
  }

  @Override
  public long clear(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
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

  /**
   * The number of entries held after reaping what has expired by the latest time this backend has
   * seen; an estimate under concurrent writes.
   */
  public long estimatedSize() {
    checkOpen();
    store.cleanUp();
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
    closed = true;
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
