package io.cachette.backend.memory;

import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.PrefixedStore;
import io.cachette.backend.Ttls;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code memory://}: an in-process store on Caffeine, configured as a user would configure it: an
 * optional size bound ({@code max-size}, Caffeine's eviction) and nothing else, so that a hit costs
 * what a hit on a plain bounded Caffeine costs. It stores objects as they are (with the
 * {@code noop} serializer) or bytes (with any other).
 *
 * <p><b>TTLs.</b> An entry written with a TTL carries its expiry time; every operation checks it
 * against the exact time, so an expired entry is invisible at once ({@link #setIfAbsent}
 * included), and a read that finds one removes it. The rest are reaped by a sweep every
 * {@code sweep-interval} (default 60 s), which runs only once entries with a TTL have been written.
 * Entries without a TTL cost no clock read and no wrapper. The TTL arithmetic saturates, so a TTL
 * of centuries stores the value ({@link Ttls}).
 *
 * <p>URL parameters: {@code max-size} (entries, 0..2^62; unbounded when absent),
 * {@code sweep-interval} (a duration such as {@code 30s}).
 *
 * <p>Thread-safe; operations never block on I/O, so its async face runs inline. Caffeine's
 * maintenance and the sweeps run on Cachette's own daemon threads, never on
 * {@link ForkJoinPool#commonPool()}. {@link #close()} drops every entry; operations after it fail
 * with {@link BackendClosedException}.
 */
public final class MemoryBackend implements Backend, PrefixedStore {
  /**
   * Caffeine's maintenance for every memory backend: daemon threads of Cachette's own, as many as
   * the common pool Caffeine uses by default would have (one fewer than the processors, at least
   * one), at most four.
   */
  private static final Executor MAINTENANCE = new ForkJoinPool(
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1)),
      pool -> {
        var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("cachette-memory-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
      }, null, true);
  /** Starts the sweeps of every memory backend; the sweeps themselves run on {@link #MAINTENANCE}. */
  private static final ScheduledExecutorService SWEEPS = sweepScheduler();

  /**
   * The entries. A key is a {@link MemoryKey} (prefix and key apart), except under the
   * {@linkplain #preferPrefix preferred prefix}, where it is the caller's key string itself, or
   * the object the {@linkplain #form key form} makes of it: each stored key has exactly one form,
   * so they never collide.
   */
  private final com.github.benmanes.caffeine.cache.Cache<Object, Object> store;
  /** The prefix whose keys are stored as plain strings, or null; set once, while empty. */
  private volatile @Nullable String home;
  /**
   * The object forms of some keys under {@link #home}, or null; set once, before {@code home} (so
   * a reader that reads {@code home} first sees it).
   */
  private @Nullable KeyForm form;
  private final LongAdder evictions = new LongAdder();
  /** The exact time source (nanoseconds); read only for entries with a TTL. */
  private final Ticker ticker;
  private final Duration sweepInterval;
  private final String description;
  private final AsyncBackend async = AsyncBackend.inline(this);
  private volatile boolean closed;
  /**
   * Whether an entry with a TTL was ever stored: until then a hit returns what it found without
   * looking inside it (the value object may sit in a cold cache line). Set before such an entry is
   * put, and read after the entry is, so a reader that finds one sees it set.
   */
  private volatile boolean timedEntries;
  private volatile @Nullable ScheduledFuture<?> sweeper;

  /**
   * A stored value with a TTL, and the ticker time at which it expires; a
   * {@link PrefixedStore.Wrapped}, so that a holder of the home view's map resolves it.
   */
  private static final class Timed extends PrefixedStore.Wrapped {
    final Object value;
    final long expiresAtNanos;

    Timed(Object value, long expiresAtNanos) {
      this.value = value;
      this.expiresAtNanos = expiresAtNanos;
    }
  }

  private MemoryBackend(Builder builder) {
    this.ticker = builder.clock == null ? Ticker.systemTicker() : clockTicker(builder.clock);
    this.sweepInterval = builder.sweepInterval;
    Caffeine<Object, Object> caffeine = Caffeine.newBuilder().executor(MAINTENANCE);
    if (builder.maxSize >= 0) {
      this.store = caffeine.maximumSize(builder.maxSize)
          .evictionListener((@Nullable Object key, @Nullable Object value, RemovalCause cause) -> {
            if (cause == RemovalCause.SIZE) {
              evictions.increment();
            }
          }).build();
    } else {
      this.store = caffeine.build();
    }
    this.description = "memory://"
        + (builder.maxSize >= 0 ? "?max-size=" + builder.maxSize : "");
  }

  /** Starts building a memory backend. */
  public static Builder builder() {
    return new Builder();
  }

  private static ScheduledExecutorService sweepScheduler() {
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "cachette-memory-sweeps-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }

  private static Ticker clockTicker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /** The key of an entry: the namespace prefix (up to its first ':') and the rest, apart. */
  private static final class MemoryKey {
    final String prefix;
    final String key;
    final int hash;

    MemoryKey(String prefix, String key) {
      this.prefix = prefix;
      this.key = key;
      this.hash = prefix.hashCode() * 31 + key.hashCode();
    }

    /** Whether {@code prefix + key} starts with {@code start}. */
    boolean startsWith(String start) {
      return startsWith(prefix, key, start);
    }

    /** Whether {@code prefix + key} starts with {@code start}, without building it. */
    static boolean startsWith(String prefix, String key, String start) {
      int p = prefix.length();
      return start.length() <= p ? prefix.startsWith(start)
          : start.startsWith(prefix) && key.startsWith(start.substring(p));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MemoryKey other && hash == other.hash && key.equals(other.key)
          && prefix.equals(other.prefix);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return prefix + key;
    }
  }

  /** The map key of {@code prefix + key}, for a prefix ending with its only ':'. */
  private Object keyOf(String prefix, String key) {
    String preferred = home;
    return preferred != null && (prefix == preferred || prefix.equals(preferred)) ? homeKey(key)
        : new MemoryKey(prefix, key);
  }

  /** The map key of a key under the preferred prefix (read {@link #home} before calling). */
  private Object homeKey(String key) {
    KeyForm objects = form;
    if (objects != null) {
      Object object = objects.objectOf(key);
      if (object != null) {
        return object;
      }
    }
    return key;
  }

  /** The key under the preferred prefix that a map key other than a {@link MemoryKey} stands for. */
  private String homeKeyText(Object mapKey) {
    return mapKey instanceof String key ? key : Objects.requireNonNull(form).keyOf(mapKey);
  }

  /** The map key of a stored key, split as caches build them: {@code "<namespace>:" + key}. */
  private Object keyOf(String storedKey) {
    int colon = storedKey.indexOf(':');
    return colon < 0 ? new MemoryKey("", storedKey)
        : keyOf(storedKey.substring(0, colon + 1), storedKey.substring(colon + 1));
  }

  /** The stored key a map key stands for. */
  private String storedKey(Object mapKey) {
    return mapKey instanceof MemoryKey ? mapKey.toString()
        : Objects.requireNonNull(home) + homeKeyText(mapKey);
  }

  /** Whether the stored key of a map key starts with {@code start}. */
  private boolean startsWith(Object mapKey, String start) {
    return mapKey instanceof MemoryKey parts ? parts.startsWith(start)
        : MemoryKey.startsWith(Objects.requireNonNull(home), homeKeyText(mapKey), start);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keys under the preferred prefix are kept as the caller's strings, so a hit on them allocates
   * nothing and compares one string, as a plain Caffeine does. Takes effect only on an empty store
   * that has no preferred prefix yet (a cache that opened this backend from a URL calls it before
   * its first operation); otherwise it does nothing.
   */
  @Override
  public synchronized void preferPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (home == null && !closed && prefix.indexOf(':') == prefix.length() - 1
        && store.asMap().isEmpty()) {
      home = prefix;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes both only on an empty store that has no preferred prefix yet, as
   * {@link #preferPrefix(String)}; otherwise it does nothing and returns false.
   */
  @Override
  public synchronized boolean preferPrefix(String prefix, KeyForm form) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(form, "form");
    if (home == null && !closed && prefix.indexOf(':') == prefix.length() - 1
        && store.asMap().isEmpty()) {
      this.form = form;
      home = prefix;
      return true;
    }
    return false;
  }

  private void checkOpen() {
    if (closed) {
      throw new BackendClosedException(description);
    }
  }

  /** Checks a stored key and that the backend is open; returns its map key. */
  private Object checked(String key) {
    BackendArguments.key(key);
    checkOpen();
    return keyOf(key);
  }

  /** What is stored for a value and a TTL (checked); starts the sweeps on the first TTL. */
  private Object entry(Object value, @Nullable Duration ttl) {
    Ttls.check(ttl);
    if (ttl == null) {
      return value;
    }
    if (!timedEntries) {
      timedEntries = true;
    }
    startSweeps();
    return new Timed(value, Ttls.expiresAtNanos(ticker.read(), ttl));
  }

  /** The live value of a stored entry, or null when there is none or it has expired. */
  private @Nullable Object live(@Nullable Object entry) {
    if (entry instanceof Timed timed) {
      return ticker.read() < timed.expiresAtNanos ? timed.value : null;
    }
    return entry;
  }

  private @Nullable Object read(Object key) {
    Object entry = store.getIfPresent(key);
    return timedEntries && entry instanceof Timed timed ? liveOrRemoved(key, timed) : entry;
  }

  // Apart from read, which a hit without a TTL runs, so that it stays small enough to inline.
  private @Nullable Object liveOrRemoved(Object key, Timed timed) {
    Object value = live(timed);
    if (value == null) {
      store.asMap().remove(key, timed);
    }
    return value;
  }

  @Override
  public @Nullable Object get(String key) {
    return read(checked(key));
  }

  @Override
  public @Nullable Object get(String prefix, String key) {
    BackendArguments.key(key);
    checkOpen();
    return read(keyOf(prefix, key));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The view of the preferred prefix reads the entries as a plain Caffeine lookup does: no key
   * object, no check of the key on a hit (a key the checks refuse cannot have been stored, so it
   * misses and is checked then), no read of the closed flag on a hit ({@link #close()} empties the
   * store, so every read after it misses and throws then).
   */
  @Override
  public PrefixedStore.View view(String prefix) {
    String preferred = home;
    return preferred != null && preferred.equals(prefix) ? new HomeView()
        : PrefixedStore.super.view(prefix);
  }

  /**
   * The view of the preferred prefix, whose keys are stored as the caller's strings, or as the
   * objects of the key form.
   */
  private final class HomeView implements PrefixedStore.View {
    /**
     * The store as a map: its {@code get} is the cache's own lookup (it records the read for
     * eviction as {@code getIfPresent} does), one reference nearer than the cache object.
     */
    private final ConcurrentMap<Object, Object> entries = store.asMap();
    /** The key form, read after {@link #home} (the view is made once it is set). */
    private final @Nullable KeyForm objects = form;

    @Override
    public @Nullable Object get(String key) {
      Object mapKey = mapKey(Objects.requireNonNull(key, "key"));
      Object entry = entries.get(mapKey);
      return entry == null ? missed(key) : live(mapKey, entry);
    }

    /** The map key of {@code key}: its object, or the string itself. */
    private Object mapKey(String key) {
      KeyForm form = objects;
      Object object = form != null ? form.objectOf(key) : null;
      return object != null ? object : key;
    }

    /** The value of an entry found under {@code mapKey}, or null (and removed) if expired. */
    private @Nullable Object live(Object mapKey, Object entry) {
      return entry instanceof Timed timed ? liveOrRemoved(mapKey, timed) : entry;
    }

    @Override
    public ConcurrentMap<Object, Object> entries() {
      return entries;
    }

    @Override
    public @Nullable Object resolve(String key, @Nullable Object entry) {
      if (entry != null) {
        return live(key, entry);
      }
      // Not under the string: a key with an object form is under the object.
      KeyForm form = objects;
      Object object = form != null && key != null ? form.objectOf(key) : null;
      if (object == null) {
        return missed(key);
      }
      Object found = entries.get(object);
      return found == null ? missed(key) : live(object, found);
    }

    @Override
    public void set(String key, Object value, @Nullable Duration ttl) {
      BackendArguments.key(key);
      checkOpen();
      Object mapKey = mapKey(key);
      entries.put(mapKey, entry(BackendArguments.value(value), ttl));
      dropIfClosed(mapKey);
    }
  }

  /** A miss of the home view: the checks a hit skips. */
  private @Nullable Object missed(String key) {
    BackendArguments.key(key);
    checkOpen();
    return null;
  }

  /** After a write that raced with {@link #close()}: the store stays empty once closed. */
  private void dropIfClosed(Object mapKey) {
    if (closed) {
      store.invalidate(mapKey);
    }
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    BackendArguments.keys(keys);
    checkOpen();
    List<Object> parts = new ArrayList<>(keys.size());
    for (String key : keys) {
      parts.add(keyOf(key));
    }
    Map<Object, Object> present = store.getAllPresent(parts);
    Map<String, Object> found = new LinkedHashMap<>(present.size() * 2);
    present.forEach((k, entry) -> {
      Object value = live(entry);
      if (value != null) {
        found.put(storedKey(k), value);
      }
    });
    return found;
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    Object parts = checked(key);
    store.put(parts, entry(BackendArguments.value(value), ttl));
    dropIfClosed(parts);
  }

  @Override
  public void set(String prefix, String key, Object value, @Nullable Duration ttl) {
    BackendArguments.key(key);
    checkOpen();
    Object parts = keyOf(prefix, key);
    store.put(parts, entry(BackendArguments.value(value), ttl));
    dropIfClosed(parts);
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    Object parts = checked(key);
    Object fresh = entry(BackendArguments.value(value), ttl);
    return store.asMap().compute(parts, (k, old) -> live(old) != null ? old : fresh) == fresh;
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    BackendArguments.entries(entries);
    checkOpen();
    Ttls.check(ttl);
    Map<Object, Object> batch = new HashMap<>(entries.size() * 2);
    entries.forEach((k, v) -> batch.put(keyOf(k), entry(v, ttl)));
    store.putAll(batch);
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    Object parts = checked(key);
    Ttls.check(ttl);
    return store.asMap().computeIfPresent(parts, (k, old) -> {
      Object value = live(old);
      return value == null ? null : entry(value, ttl);
    }) != null;
  }

  @Override
  public boolean delete(String key) {
    return live(store.asMap().remove(checked(key))) != null;
  }

  @Override
  public boolean exists(String key) {
    return read(checked(key)) != null;
  }

  @Override
  public long clear(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    long[] removed = {0};
    store.asMap().keySet().removeIf(k -> {
      if (startsWith(k, prefix)) {
        removed[0]++;
        return true;
      }
      return false;
    });
    return removed[0];
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks the entries in place (Caffeine's weakly consistent iteration: no copy of the store).
   */
  @Override
  public Stream<KeyInfo> scan(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    return store.asMap().entrySet().stream()
        .filter(entry -> startsWith(entry.getKey(), prefix))
        .map(entry -> {
          Object stored = entry.getValue();
          if (!(stored instanceof Timed timed)) {
            return new KeyInfo(storedKey(entry.getKey()), null);
          }
          long left = timed.expiresAtNanos - ticker.read();
          return left > 0 ? new KeyInfo(storedKey(entry.getKey()), Duration.ofNanos(left)) : null;
        })
        .filter(Objects::nonNull);
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
   * The number of entries held, after removing those that have expired by now; an estimate under
   * concurrent writes.
   */
  public long estimatedSize() {
    checkOpen();
    sweep();
    store.cleanUp();
    return store.estimatedSize();
  }

  /** The number of entries held, expired ones not yet reaped included (for tests of reaping). */
  long storedEntries() {
    store.cleanUp();
    return store.estimatedSize();
  }

  /** Removes every expired entry. */
  private void sweep() {
    store.asMap().values().removeIf(entry -> entry instanceof Timed && live(entry) == null);
  }

  private void startSweeps() {
    if (sweeper != null || closed) {
      return;
    }
    synchronized (this) {
      if (sweeper == null && !closed) {
        // The task holds the backend weakly: a backend dropped without close() is still collected.
        WeakReference<MemoryBackend> self = new WeakReference<>(this);
        long every = sweepInterval.toNanos();
        sweeper = SWEEPS.scheduleWithFixedDelay(() -> {
          MemoryBackend backend = self.get();
          if (backend == null) {
            throw new IllegalStateException("collected"); // ends this schedule
          }
          MAINTENANCE.execute(backend::sweep);
        }, every, every, TimeUnit.NANOSECONDS);
      }
    }
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
    synchronized (this) {
      ScheduledFuture<?> running = sweeper;
      if (running != null) {
        running.cancel(false);
      }
    }
    store.invalidateAll();
  }

  /** Builds a {@link MemoryBackend}. Not thread-safe. */
  public static final class Builder {
    private long maxSize = -1;
    private Duration sweepInterval = Duration.ofSeconds(60);
    private @Nullable Clock clock;

    private Builder() {}

    /**
     * Bounds the number of entries; the least valuable are evicted beyond it (Caffeine's policy).
     * The URL parameter {@code max-size} sets the same option.
     */
    public Builder maxSize(long maxSize) {
      if (maxSize < 0) {
        throw new IllegalArgumentException("maxSize must be >= 0, was " + maxSize);
      }
      this.maxSize = maxSize;
      return this;
    }

    /**
     * How often expired entries are reaped once entries with a TTL exist (they are invisible from
     * the moment they expire either way); default 60 seconds.
     */
    public Builder sweepInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("sweepInterval must be positive, was " + interval);
      }
      this.sweepInterval = interval;
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
