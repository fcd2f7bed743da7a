package io.cachette.memo;

import io.cachette.AsyncCache;
import io.cachette.Cache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One memoized method or function, sync or async: makes the key, reads through the {@link Cache}
 * (whose per-key guard makes concurrent misses share one call), and decides what is stored and for
 * how long. Proxies and function wrappers both run their calls through here.
 */
final class Memo {
  private static final CompletableFuture<Boolean> NOT_STORED = CompletableFuture.completedFuture(false);

  /** Calls the memoized code with a call's arguments. */
  @FunctionalInterface
  interface Call {
    @Nullable Object call(@Nullable Object @Nullable [] args) throws Throwable;
  }

  private final Cache<Object> cache;
  private final AsyncCache<Object> async;
  private final KeyMaker keys;
  private final @Nullable Duration ttl;
  private final boolean enabled;
  private final boolean ifAbsent;
  private final boolean cacheNulls;
  private final boolean optional;
  private final @Nullable Predicate<Object> unless;
  // Made once: a method reference made per call would cost an allocation on every hit.
  private final BiConsumer<String, Object> storeStep = this::store;
  private final BiFunction<String, Object, CompletionStage<Boolean>> asyncStoreStep =
      this::storeAsync;

  Memo(Cache<Object> cache, KeyMaker keys, MemoSettings settings, boolean optional,
      @Nullable Predicate<Object> unless) {
    this.cache = cache;
    this.async = cache.async();
    this.keys = keys;
    this.ttl = settings.ttl();
    this.enabled = settings.enabled();
    this.ifAbsent = settings.ifAbsent();
    this.cacheNulls = settings.cacheNulls();
    this.optional = optional;
    this.unless = unless;
  }

  /**
   * The result of a call, from the cache or from {@code call}. A checked exception of
   * {@code call} comes out as a {@link CheckedFailure}; the others as they are.
   */
  @Nullable Object call(@Nullable Object @Nullable [] args, Call call) {
    if (!enabled) {
      return invoke(call, args);
    }
    String key = keys.key(args);
    return toResult(cache.get(key, new Loader(this, call, args), storeStep));
  }

  /**
   * The loader of one call. A class rather than a lambda: the JIT allocates a lambda through a
   * method handle, which some compilations route through the JDK's slow allocation path (about
   * 100 ns a call, measured in {@code MemoryCacheBenchmark.cachetteLoaderHit}); a plain
   * {@code new} always takes the fast one.
   */
  private static final class Loader implements Function<String, @Nullable Object> {
    private final Memo memo;
    private final Call call;
    private final @Nullable Object @Nullable [] args;

    Loader(Memo memo, Call call, @Nullable Object @Nullable [] args) {
      this.memo = memo;
      this.call = call;
      this.args = args;
    }

    @Override
    public @Nullable Object apply(String key) {
      return memo.toStored(invoke(call, args));
    }
  }

  /**
   * The future result of an async call, from the cache or from {@code call} (which returns a
   * {@link CompletionStage}). The value is stored once the stage completes normally; a failed
   * stage stores nothing and its failure reaches every caller waiting for that key.
   */
  CompletableFuture<@Nullable Object> callAsync(@Nullable Object @Nullable [] args, Call call) {
    if (!enabled) {
      return start(call, args);
    }
    String key;
    try {
      key = keys.key(args);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return async.get(key, k -> start(call, args).thenApply(this::toStored), asyncStoreStep)
        .thenApply(this::toResult);
  }

  /** Removes the entry of a call with these arguments; true if there was one. */
  boolean purge(@Nullable Object @Nullable [] args) {
    return cache.delete(keys.key(args));
  }

  /** The cache key, without the namespace, of a call with these arguments. */
  String key(@Nullable Object @Nullable [] args) {
    return keys.key(args);
  }

  private static @Nullable Object invoke(Call call, @Nullable Object @Nullable [] args) {
    try {
      return call.call(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new CheckedFailure(t);
    }
  }

  private static CompletableFuture<@Nullable Object> start(Call call,
      @Nullable Object @Nullable [] args) {
    try {
      Object stage = call.call(args);
      if (stage == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException("an async memoized call returned null instead of a future"));
      }
      return ((CompletionStage<?>) stage).toCompletableFuture().thenApply(v -> (Object) v);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /** What the cache holds for a result: unwrapped from Optional, null as the marker if kept. */
  private @Nullable Object toStored(@Nullable Object result) {
    Object value = result;
    if (optional && value != null) {
      value = ((Optional<?>) value).orElse(null);
    }
    return value == null && cacheNulls ? NullableSerializer.NULL : value;
  }

  /** What the caller gets for what the cache holds. */
  private @Nullable Object toResult(@Nullable Object stored) {
    Object value = stored == NullableSerializer.NULL ? null : stored;
    return optional ? Optional.ofNullable(value) : value;
  }

  /** Whether {@code unless} leaves a value out; null results follow cacheNulls alone. */
  private boolean excluded(Object stored) {
    return unless != null && stored != NullableSerializer.NULL && unless.test(toResult(stored));
  }

  /** The TTL as the cache takes it: {@link Cache#NEVER} where the memo has none. */
  private Duration ttlOrNever() {
    Duration t = ttl;
    return t != null ? t : Cache.NEVER;
  }

  /** Stores a result; failures follow the cache's policy (the memoizer keeps none of its own). */
  private void store(String key, Object value) {
    if (excluded(value)) {
      return;
    }
    if (ifAbsent) {
      cache.setIfAbsent(key, value, ttlOrNever());
    } else {
      cache.set(key, value, ttlOrNever());
    }
  }

  private CompletionStage<Boolean> storeAsync(String key, Object value) {
    if (excluded(value)) {
      return NOT_STORED;
    }
    return ifAbsent ? async.setIfAbsent(key, value, ttlOrNever())
        : async.set(key, value, ttlOrNever());
  }

  /** Carries a checked exception of the memoized method through the cache's loader. */
  static final class CheckedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckedFailure(Throwable cause) {
      super(cause.toString(), cause, false, false);
    }
  }
}
