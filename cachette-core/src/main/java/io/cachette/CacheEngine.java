package io.cachette;

import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.Completions;
import io.cachette.backend.LoadLock;
import io.cachette.backend.PrefixedStore;
import io.cachette.serial.Serializer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one engine under a cache's two faces ({@link DefaultCache}, {@link DefaultAsyncCache}): stored
 * keys, the value codec (envelope, serializer, size limit, dropping unreadable entries), TTL rules,
 * the failure policy, the counters and the load guard (in-flight loads plus the backend's
 * cross-process lease). The faces only pick the sync or async backend call; everything they share
 * is here, once.
 *
 * <h2>The load protocol of {@code get(key, loader)}</h2>
 * <ol>
 *   <li>Read the key (a hit ends here).</li>
 *   <li>Join the in-flight load of the key, if any, and wait for it at most {@code loadTimeout};
 *       a waiter whose wait runs out loads by itself (the cache never blocks a caller longer than
 *       running the loader itself would, plus the timeout).</li>
 *   <li>Otherwise own the load: take the backend's lease if it has one (waiting at most
 *       {@code loadTimeout}), and read the key a second time only when there is a reason: a lease
 *       was taken (another process may have just stored it), or a load in this cache finished since
 *       step 1. A miss with neither is one read, not two.</li>
 *   <li>Run the loader, store a non-null value, release the lease, hand the value to every waiter.</li>
 * </ol>
 * The store steps after the first read (second read, store) share one operation timeout between
 * them; once any store step fails or the budget is spent, the remaining ones are skipped (the loaded
 * value is still returned), so a store that stops answering costs one timeout, not one per step.
 * The loader's own time and the waits for another caller's load do not count against that budget.
 *
 * <p>Thread-safe.
 */
final class CacheEngine<V> {
  /** The lease of a backend without a {@link LoadLock}: never owned, nothing to release. */
  private static final LoadLock.Lease NO_LEASE = new LoadLock.Lease() {
    @Override
    public boolean owned() {
      return false;
    }

    @Override
    public void release() {}
  };
  /** What a read that failed (fail-open) returns in place of a value. */
  private static final Object READ_FAILED = new Object();

  final Backend backend;
  final AsyncBackend asyncBackend;
  private final boolean ownsBackend;
  private final Serializer<V> serializer;
  private final Envelope envelope;
  private final boolean storeObjects;
  final StoredKeys keys;
  /** The TTL of writes that give none; null when they never expire. */
  private final @Nullable Duration defaultTtl;
  final FailurePolicy policy;
  private final long operationTimeoutNanos;
  /** Whether the async backend bounds its single-key calls within the operation timeout. */
  private final boolean backendBoundsSingleKeys;
  private final long loadTimeoutNanos;
  private final long maxValueBytes;
  private final String maxValueOwner;
  private final @Nullable LoadLock loadLock;
  /**
   * The backend's {@link PrefixedStore} route, when it has one and values are stored as they are:
   * the sync hit and set then build no stored-key string.
   */
  final PrefixedStore.@Nullable View direct;
  private final Consumer<String> syncDrop;
  private final Consumer<String> asyncDrop;

  /** Hits, misses, puts and loads; counts nothing when statistics are off. */
  final CacheCounters counters;

  /** Loads under way, by stored key: the guard that makes concurrent misses share one loader. */
  private final ConcurrentHashMap<String, CompletableFuture<@Nullable V>> loading =
      new ConcurrentHashMap<>();
  /**
   * How many loads have finished: a caller that missed and then finds no load under way reads the
   * key again only if this moved since its miss (a load finished, and stored, in between).
   */
  private volatile long loadsFinished;
  private static final AtomicLongFieldUpdater<CacheEngine<?>> LOADS_FINISHED = loadsFinished();

  CacheEngine(Backend backend, boolean ownsBackend, Serializer<V> serializer, String namespace,
      @Nullable Duration defaultTtl, boolean strict, Duration operationTimeout,
      Duration loadTimeout, long maxValueBytes, boolean recordStats) {
    this.counters = new CacheCounters(recordStats);
    this.backend = backend;
    this.asyncBackend = backend.async();
    this.ownsBackend = ownsBackend;
    this.serializer = serializer;
    this.storeObjects = serializer.isPassThrough() && backend.storesObjects();
    this.envelope = new Envelope(serializer.id());
    this.keys = new StoredKeys(namespace);
    this.defaultTtl = defaultTtl;
    this.policy = new FailurePolicy(strict, backend.describe());
    this.operationTimeoutNanos = operationTimeout.toNanos();
    Duration singleKeyBound = asyncBackend.singleKeyTimeout();
    this.backendBoundsSingleKeys = singleKeyBound != null
        && singleKeyBound.compareTo(operationTimeout) <= 0;
    this.loadTimeoutNanos = loadTimeout.toNanos();
    boolean backendLimits = backend.maxValueBytes() < maxValueBytes;
    this.maxValueBytes = Math.min(maxValueBytes, backend.maxValueBytes());
    this.maxValueOwner = backendLimits ? backend.describe() : "CacheBuilder.maxValueBytes";
    this.loadLock = backend.loadLock();
    PrefixedStore prefixed = storeObjects && backend instanceof PrefixedStore p ? p : null;
    if (prefixed != null && ownsBackend) {
      prefixed.preferPrefix(keys.prefix()); // no one else writes to a backend this cache opened
    }
    this.direct = prefixed != null ? prefixed.view(keys.prefix()) : null;
    this.syncDrop = backend::delete;
    this.asyncDrop = asyncBackend::delete;
  }

  // ---- TTLs ----

  /** The default TTL, as backends take it (null: never expires). */
  @Nullable Duration defaultTtl() {
    return defaultTtl;
  }

  /**
   * A TTL given by a caller, as backends take it: {@link Cache#NEVER} becomes null (never expires).
   *
   * @throws NullPointerException when the TTL is null (use {@link Cache#NEVER})
   * @throws IllegalArgumentException when it is zero or negative
   */
  static @Nullable Duration ttl(Duration ttl) {
    if (ttl == null) {
      throw new NullPointerException(
          "ttl is null: pass Cache.NEVER for entries that never expire");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("TTL must be positive, was " + ttl
          + "; use Cache.NEVER for entries that never expire, or delete(key) to remove one");
    }
    return Cache.NEVER.equals(ttl) ? null : ttl;
  }

  // ---- values ----

  /**
   * What the backend stores for a value: the value itself on an object store with {@code noop},
   * otherwise the enveloped bytes.
   *
   * @throws ValueTooLargeException when the bytes exceed the cache's or the backend's limit
   */
  Object encode(String storedKey, V value) {
    Objects.requireNonNull(value, "value");
    if (storeObjects) {
      return value;
    }
    byte[] bytes = envelope.wrap(serializer.serialize(value));
    if (bytes.length > maxValueBytes) {
      throw new ValueTooLargeException(keys.userKey(storedKey), bytes.length, maxValueBytes,
          maxValueOwner);
    }
    return bytes;
  }

  /**
   * {@link #encode} for a write, with a value the serializer cannot write (a
   * {@link SerializationException}) handed to the failure policy: strict throws a
   * {@link CacheException}; fail-open logs and counts it and returns null, for "not stored". A value
   * over the size limit or a null value still throws, as from {@link #encode}.
   */
  @Nullable Object encodeToWrite(String operation, String storedKey, V value) {
    try {
      return encode(storedKey, value);
    } catch (SerializationException e) {
      policy.failed(operation, storedKey, unwritable(e));
      return null;
    }
  }

  /**
   * Encodes a loaded value for the default store step of {@code get(key, loader)}: null when it is
   * not to be stored. A value over the size limit is returned to the callers but not stored
   * (counted and logged in both modes); an unwritable one follows the policy.
   */
  private @Nullable Object encodeLoaded(String storedKey, V value) {
    try {
      return encodeToWrite("set", storedKey, value);
    } catch (ValueTooLargeException e) {
      policy.tooLargeToStore(storedKey, e);
      return null;
    }
  }

  /** {@link #encodeAll} for a write, with the policy of {@link #encodeToWrite}: null if refused. */
  @Nullable Map<String, Object> encodeAllToWrite(String operation,
      Map<String, ? extends V> entries) {
    try {
      return encodeAll(entries);
    } catch (SerializationException e) {
      policy.failed(operation, null, unwritable(e));
      return null;
    }
  }

  /**
   * A serializer's failure as the policy may log it: the serializer's message can quote the value,
   * and logs never carry values, so only its type is named (the original stays the cause).
   */
  private SerializationException unwritable(SerializationException e) {
    return new SerializationException("the serializer " + serializer.id()
        + " cannot write the value (" + e.getClass().getName() + "; the message is not logged, "
        + "as it may quote the value)", e);
  }

  /** The stored forms of several entries, by stored key, in the map's order. */
  Map<String, Object> encodeAll(Map<String, ? extends V> entries) {
    Objects.requireNonNull(entries, "entries");
    Map<String, Object> out = new LinkedHashMap<>(entries.size() * 2);
    entries.forEach((k, v) -> {
      String stored = keys.of(k);
      out.put(stored, encode(stored, v));
    });
    return out;
  }

  /**
   * Decodes what a backend returned, or returns null (a miss) when there was nothing or it cannot
   * be read; an unreadable entry (corrupt bytes, another serializer or format version, a stored
   * null, anything the decoder throws) is deleted, without waiting, so that it is not read again.
   */
  @SuppressWarnings("unchecked")
  @Nullable V decode(String storedKey, @Nullable Object stored, boolean async) {
    if (stored == null) {
      return null;
    }
    if (storeObjects) {
      return (V) stored;
    }
    try {
      if (!(stored instanceof byte[] bytes)) {
        throw new SerializationException("backend returned a " + stored.getClass().getName()
            + " where bytes were expected");
      }
      V value = serializer.deserialize(envelope.unwrap(bytes));
      if (value == null) {
        throw new SerializationException("the stored value decodes to null");
      }
      return value;
    } catch (RuntimeException | StackOverflowError e) {
      policy.unreadable(storedKey, e);
      try {
        (async ? asyncDrop : syncDrop).accept(storedKey);
      } catch (RuntimeException ignored) {
        // Best effort: the entry is a miss either way.
      }
      return null;
    }
  }

  /** Decodes and counts a read of one key. */
  @Nullable V read(String storedKey, @Nullable Object stored, boolean async) {
    V value = decode(storedKey, stored, async);
    counters.read(value != null);
    return value;
  }

  // The steps of a direct read that a hit skips, kept out of the hit path so that it stays small
  // enough for the JIT to inline whole. The key is checked only when it misses: a key the check
  // refuses can only miss, since every write checks its key first and an in-process store takes
  // any string to look up; a hit so pays for no pass over the key's characters.

  /** A direct read that found nothing: checks the key (throwing for a bad one). */
  void directMiss(String key) {
    keys.check(key);
  }

  /** A direct read that failed: checks the key, then applies the failure policy. */
  void directFailed(String key, RuntimeException e) {
    keys.check(key);
    policy.failed("get", keys.prefix().concat(key), e);
  }

  /** Decodes and counts the answer of a {@code getMany}, by the caller's keys. */
  Map<String, V> readMany(List<String> storedKeys, Map<String, Object> found, boolean async) {
    Map<String, V> result = new LinkedHashMap<>(storedKeys.size() * 2);
    for (String stored : storedKeys) {
      V value = read(stored, found.get(stored), async);
      if (value != null) {
        result.put(keys.userKey(stored), value);
      }
    }
    return result;
  }

  // ---- the async failure policy ----

  /**
   * Bounds a backend future by the operation timeout and applies the failure policy: fail-open
   * completes with {@code fallback}; strict completes exceptionally with a {@link CacheException}.
   */
  <T> CompletableFuture<T> guarded(String operation, @Nullable String storedKey,
      CompletableFuture<T> call, T fallback) {
    return (storedKey != null ? boundedSingle(call) : bounded(call)).handle((value, error) -> {
      if (error == null) {
        return value;
      }
      policy.failed(operation, storedKey, error);
      return fallback;
    });
  }

  /**
   * The async read of one key as one stage: bounded by the operation timeout, a failure handled by
   * the policy (a miss when failing open), the answer decoded and counted.
   */
  CompletableFuture<@Nullable V> guardedRead(String storedKey, CompletableFuture<@Nullable Object> call) {
    return boundedSingle(call).handle((raw, error) -> {
      if (error != null) {
        policy.failed("get", storedKey, error);
        return read(storedKey, null, true);
      }
      return read(storedKey, raw, true);
    });
  }

  /**
   * The future of a single-key operation bounded by the operation timeout: as it is when the
   * backend bounds such calls itself within that time ({@link AsyncBackend#singleKeyTimeout()}).
   */
  private <T> CompletableFuture<T> boundedSingle(CompletableFuture<T> call) {
    return backendBoundsSingleKeys ? call : bounded(call);
  }

  /** A backend future bounded by the operation timeout; one already complete needs no timer. */
  private <T> CompletableFuture<T> bounded(CompletableFuture<T> call) {
    return call.isDone() ? call : call.orTimeout(operationTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  // ---- the load guard, sync ----

  /**
   * {@code get(key, loader)} of the sync face through {@link Backend#get} (the face takes the
   * {@link PrefixedStore} route itself, then {@link #loadAfterDirectMiss}); {@code store} null
   * means "set with the default TTL".
   */
  @Nullable V getOrLoad(String key, Function<? super String, ? extends @Nullable V> loader,
      @Nullable BiConsumer<? super String, ? super V> store) {
    Objects.requireNonNull(loader, "loader");
    long seen = loadsSeen();
    String stored = keys.of(key);
    Object raw;
    try {
      raw = backend.get(stored);
    } catch (RuntimeException e) {
      policy.failed("get", stored, e);
      raw = READ_FAILED;
    }
    V value = read(stored, raw == READ_FAILED ? null : raw, false);
    if (value != null) {
      return value;
    }
    return loadSync(key, stored, seen, raw != READ_FAILED, loader, store);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static AtomicLongFieldUpdater<CacheEngine<?>> loadsFinished() {
    return (AtomicLongFieldUpdater) AtomicLongFieldUpdater.newUpdater(CacheEngine.class,
        "loadsFinished");
  }

  /**
   * How many loads have finished so far: read before the first look at a key, and passed to
   * {@link #loadAfterDirectMiss} when that look misses.
   */
  long loadsSeen() {
    return loadsFinished;
  }

  /**
   * {@code get(key, loader)} after a read through the {@link PrefixedStore} route that found
   * nothing (already counted as a miss) or failed ({@code healthy} false, already reported).
   */
  @Nullable V loadAfterDirectMiss(String key, long seen, boolean healthy,
      Function<? super String, ? extends @Nullable V> loader,
      @Nullable BiConsumer<? super String, ? super V> store) {
    return loadSync(key, keys.prefix().concat(key), seen, healthy, loader, store);
  }

  private @Nullable V loadSync(String key, String stored, long seen, boolean healthy,
      Function<? super String, ? extends @Nullable V> loader,
      @Nullable BiConsumer<? super String, ? super V> store) {
    CompletableFuture<@Nullable V> mine = new CompletableFuture<>();
    CompletableFuture<@Nullable V> running = loading.putIfAbsent(stored, mine);
    if (running != null) {
      return awaitLoad(running, key, stored, loader, store);
    }
    LoadLock.Lease lease = NO_LEASE;
    V value = null;
    Throwable failure = null;
    try {
      long deadline = System.nanoTime() + operationTimeoutNanos;
      boolean lookAgain = healthy && loadsFinished != seen;
      if (healthy && loadLock != null) {
        lease = awaitLease(stored);
        lookAgain = true;
      }
      if (lookAgain) {
        try {
          value = decode(stored, backend.get(stored), false);
        } catch (RuntimeException e) {
          // The second look is an optimization: its failure is not reported, and the store step
          // that follows is bounded by what is left of the budget.
        }
      }
      if (value == null) {
        value = callLoader(key, loader);
        if (value != null) {
          storeSync(key, stored, value, store, healthy, deadline);
        }
      }
      return value;
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      lease.release();
      finish(stored, mine, value, failure);
    }
  }

  private @Nullable V callLoader(String key, Function<? super String, ? extends @Nullable V> loader) {
    long start = System.nanoTime();
    boolean succeeded = false;
    try {
      V loaded = loader.apply(key);
      succeeded = true;
      return loaded;
    } finally {
      counters.loaded(succeeded, start);
    }
  }

  /**
   * Stores a loaded value: by the caller's store step, or with the default TTL unless the first
   * read already failed (reported then) or the budget is spent (reported now as a timeout).
   */
  private void storeSync(String key, String stored, V value,
      @Nullable BiConsumer<? super String, ? super V> store, boolean healthy, long deadline) {
    if (store != null) {
      store.accept(key, value);
      return;
    }
    if (!healthy) {
      return;
    }
    Object encoded = encodeLoaded(stored, value);
    if (encoded == null) {
      return;
    }
    try {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("the operation timeout was spent before the store step");
      }
      backend.set(stored, encoded, defaultTtl);
      counters.puts(1);
    } catch (RuntimeException | TimeoutException e) {
      policy.failed("set", stored, e);
    }
  }

  /** Waits for another caller's load of the key; after the load timeout, loads by itself. */
  private @Nullable V awaitLoad(CompletableFuture<@Nullable V> running, String key, String stored,
      Function<? super String, ? extends @Nullable V> loader,
      @Nullable BiConsumer<? super String, ? super V> store) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + loadTimeoutNanos;
    try {
      while (true) {
        try {
          return running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (TimeoutException e) {
          V value = callLoader(key, loader);
          if (value != null) {
            storeSync(key, stored, value, store, true, System.nanoTime() + operationTimeoutNanos);
          }
          return value;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new CacheException("loader failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Takes the backend's lease, waiting at most the load timeout; unowned when it cannot. */
  private LoadLock.Lease awaitLease(String stored) {
    CompletableFuture<LoadLock.Lease> lease = lease(stored);
    try {
      return lease.get(loadTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Loading without the lease is always allowed.
    }
    lease.thenAccept(LoadLock.Lease::release);
    return NO_LEASE;
  }

  private CompletableFuture<LoadLock.Lease> lease(String storedKey) {
    LoadLock lock = loadLock;
    if (lock == null) {
      return CompletableFuture.completedFuture(NO_LEASE);
    }
    try {
      return lock.acquire(storedKey).exceptionally(error -> NO_LEASE);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(NO_LEASE);
    }
  }

  /** Ends the owner's load: counts it, then lets waiters have the outcome. */
  private void finish(String stored, CompletableFuture<@Nullable V> mine, @Nullable V value,
      @Nullable Throwable failure) {
    // Counted before the entry leaves the map: a caller that misses the map afterwards sees the
    // count moved and reads the key again instead of loading it a second time.
    LOADS_FINISHED.incrementAndGet(this);
    loading.remove(stored, mine);
    if (failure != null) {
      mine.completeExceptionally(failure);
    } else {
      mine.complete(value);
    }
  }

  // ---- the load guard, async ----

  /**
   * {@code get(key, loader)} of the async face; {@code store} null means "set with the default
   * TTL". Never throws: every failure is in the returned future.
   */
  CompletableFuture<@Nullable V> getOrLoadAsync(String key,
      Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader,
      @Nullable BiFunction<? super String, ? super V, ? extends CompletionStage<?>> store) {
    String stored;
    try {
      Objects.requireNonNull(loader, "loader");
      stored = keys.of(key);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    long seen = loadsFinished;
    return firstRead(stored).thenCompose(raw -> {
      boolean healthy = raw != READ_FAILED;
      V value = read(stored, healthy ? raw : null, true);
      if (value != null) {
        return CompletableFuture.completedFuture(value);
      }
      CompletableFuture<@Nullable V> mine = new CompletableFuture<>();
      CompletableFuture<@Nullable V> running = loading.putIfAbsent(stored, mine);
      if (running != null) {
        return running.copy().orTimeout(loadTimeoutNanos, TimeUnit.NANOSECONDS)
            .exceptionallyCompose(error -> Completions.unwrap(error) instanceof TimeoutException
                ? loadAndStoreAsync(key, stored, loader, store,
                    System.nanoTime() + operationTimeoutNanos, true)
                : CompletableFuture.failedFuture(Completions.unwrap(error)));
      }
      long deadline = System.nanoTime() + operationTimeoutNanos;
      boolean lookedAfterLoad = healthy && loadsFinished != seen;
      CompletableFuture<LoadLock.Lease> leased = healthy && loadLock != null
          ? lease(stored).orTimeout(loadTimeoutNanos, TimeUnit.NANOSECONDS)
              .exceptionally(error -> NO_LEASE)
          : CompletableFuture.completedFuture(NO_LEASE);
      leased.thenCompose(lease -> {
        boolean lookAgain = lookedAfterLoad || (healthy && loadLock != null);
        CompletableFuture<Object> second = lookAgain
            ? withinBudget(asyncBackend.get(stored), deadline)
                .handle((found, error) -> error != null ? READ_FAILED : found)
            : CompletableFuture.completedFuture(null);
        return second.thenCompose(found -> {
          V raced = found == READ_FAILED ? null : decode(stored, found, true);
          return raced != null ? CompletableFuture.completedFuture(raced)
              : loadAndStoreAsync(key, stored, loader, store, deadline, healthy);
        }).whenComplete((v, error) -> lease.release());
      }).whenComplete((v, error) ->
          finish(stored, mine, v, error == null ? null : Completions.unwrap(error)));
      return mine;
    });
  }

  /** The first read of {@code get(key, loader)}: the raw value, or READ_FAILED when it failed. */
  private CompletableFuture<@Nullable Object> firstRead(String stored) {
    CompletableFuture<@Nullable Object> call;
    try {
      call = asyncBackend.get(stored);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return guarded("get", stored, call, READ_FAILED);
  }

  private <T> CompletableFuture<T> withinBudget(CompletableFuture<T> call, long deadline) {
    long left = deadline - System.nanoTime();
    return left <= 0 ? CompletableFuture.failedFuture(new TimeoutException("budget spent"))
        : call.orTimeout(left, TimeUnit.NANOSECONDS);
  }

  private CompletableFuture<@Nullable V> loadAndStoreAsync(String key, String stored,
      Function<? super String, ? extends CompletableFuture<? extends @Nullable V>> loader,
      @Nullable BiFunction<? super String, ? super V, ? extends CompletionStage<?>> store,
      long deadline, boolean healthy) {
    CompletableFuture<? extends @Nullable V> loaded;
    long start = System.nanoTime();
    try {
      loaded = Objects.requireNonNull(loader.apply(key), "loader returned a null future");
    } catch (RuntimeException | Error e) {
      counters.loaded(false, start);
      return CompletableFuture.failedFuture(e);
    }
    return loaded.handle((value, error) -> {
      counters.loaded(error == null, start);
      if (error != null) {
        return CompletableFuture.<@Nullable V>failedFuture(Completions.unwrap(error));
      }
      if (value == null) {
        return CompletableFuture.<@Nullable V>completedFuture(null);
      }
      V loadedValue = value;
      try {
        return storeAsync(key, stored, loadedValue, store, deadline, healthy)
            .thenApply(ignored -> (@Nullable V) loadedValue);
      } catch (RuntimeException | Error e) {
        return CompletableFuture.<@Nullable V>failedFuture(e);
      }
    }).thenCompose(f -> f);
  }

  private CompletableFuture<?> storeAsync(String key, String stored, V value,
      @Nullable BiFunction<? super String, ? super V, ? extends CompletionStage<?>> store,
      long deadline, boolean healthy) {
    if (store != null) {
      return Objects.requireNonNull(store.apply(key, value), "store returned null")
          .toCompletableFuture();
    }
    if (!healthy) {
      return CompletableFuture.completedFuture(null);
    }
    Object encoded = encodeLoaded(stored, value);
    if (encoded == null) {
      return CompletableFuture.completedFuture(null);
    }
    return withinBudget(asyncBackend.set(stored, encoded, defaultTtl), deadline)
        .handle((ok, error) -> {
          if (error != null) {
            policy.failed("set", stored, error);
          } else {
            counters.puts(1);
          }
          return null;
        });
  }

  // ---- counters and lifecycle ----

  CacheStats stats() {
    return counters.snapshot(policy.errors.sum(), backend.evictionCount());
  }

  void close() {
    if (ownsBackend) {
      backend.close();
    }
  }

  @Override
  public String toString() {
    return "Cache[namespace=" + keys.namespace() + ", backend=" + backend.describe()
        + ", serializer=" + serializer.id() + "]";
  }
}
