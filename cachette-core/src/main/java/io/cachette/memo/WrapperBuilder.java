package io.cachette.memo;

import io.cachette.TypeRef;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Configures a memoized function, then wraps it: the same settings as {@link Cached}, plus
 * {@link #unless} to leave some results out of the cache. Obtain one from
 * {@link Memoizer#wrap(String, Class)}:
 *
 * <pre>{@code
 * MemoizedFunction<Integer, User> find = memo.wrap("users.find", User.class)
 *     .namespace("users")
 *     .ttl(Duration.ofMinutes(5))
 *     .unless(user -> user.isGuest())
 *     .function(service::find);
 * MemoizedFunction<Integer, CompletableFuture<User>> findAsync = memo.wrap("users.findAsync", User.class)
 *     .asyncFunction(service::findAsync);
 * }</pre>
 *
 * <p>Keys are {@code <namespace>:<name>(<arguments>)}, rendered as described on {@link KeyStyle}.
 * Concurrent calls with the same missing key run the function once and share its result. A wrapper
 * may be made several times from one builder. Not thread-safe; the wrappers are.
 *
 * @param <R> the type of results (for async functions, of the value inside their future)
 */
public final class WrapperBuilder<R> {
  private final DefaultMemoizer memoizer;
  private final String name;
  private final TypeRef<R> valueType;
  private String namespace = "default";
  private @Nullable Duration ttl;
  private boolean ttlGiven;
  private boolean typed;
  private @Nullable KeyGenerator keyGenerator;
  private boolean enabled = true;
  private boolean ifAbsent;
  private boolean cacheNulls;
  private @Nullable Predicate<? super R> unless;

  WrapperBuilder(DefaultMemoizer memoizer, String name, TypeRef<R> valueType) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.indexOf('(') >= 0 || name.indexOf(')') >= 0) {
      throw new IllegalArgumentException("A wrapper name must be non-blank and without "
          + "parentheses, was '" + name + "'; use e.g. \"users.find\"");
    }
    this.memoizer = memoizer;
    this.name = name;
    this.valueType = Objects.requireNonNull(valueType, "valueType");
  }

  /** Sets the namespace (default {@code "default"}): non-empty, without {@code ':'}. */
  public WrapperBuilder<R> namespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    memoizer.checkNamespace(namespace);
    this.namespace = namespace;
    return this;
  }

  /**
   * Sets how long results live (default: the memoizer's default TTL).
   *
   * @throws IllegalArgumentException when the TTL is zero or negative
   */
  public WrapperBuilder<R> ttl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl
          + "; use ttl(\"never\") for results that never expire");
    }
    this.ttl = ttl;
    this.ttlGiven = true;
    return this;
  }

  /**
   * Sets how long results live from text, as {@link Cached#ttl()} reads it: {@code "300"},
   * {@code "5m"}, {@code "PT5M"}, {@code "never"}, or empty for the memoizer's default.
   *
   * @throws IllegalArgumentException when the text is not one of those forms
   */
  public WrapperBuilder<R> ttl(String ttl) {
    Objects.requireNonNull(ttl, "ttl");
    this.ttl = TtlText.parse(ttl, memoizer.defaultTtl);
    this.ttlGiven = true;
    return this;
  }

  /** Whether argument types count in keys; see {@link Cached#typed()}. Default false. */
  public WrapperBuilder<R> typed(boolean typed) {
    this.typed = typed;
    return this;
  }

  /** Makes keys with this generator instead of the memoizer's key style. */
  public WrapperBuilder<R> keyGenerator(KeyGenerator keyGenerator) {
    this.keyGenerator = Objects.requireNonNull(keyGenerator, "keyGenerator");
    return this;
  }

  /** Whether caching is on (default true); when off, the wrapper calls straight through. */
  public WrapperBuilder<R> enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** Stores results only where no entry exists yet; see {@link Cached#ifAbsent()}. */
  public WrapperBuilder<R> ifAbsent(boolean ifAbsent) {
    this.ifAbsent = ifAbsent;
    return this;
  }

  /** Whether null results are stored too; see {@link Cached#cacheNulls()}. Default false. */
  public WrapperBuilder<R> cacheNulls(boolean cacheNulls) {
    this.cacheNulls = cacheNulls;
    return this;
  }

  /**
   * Leaves results that match {@code predicate} out of the cache: they are returned (and shared
   * with concurrent callers) but not stored, so the next call runs the function again. The
   * predicate sees non-null results only (nulls follow {@link #cacheNulls}).
   */
  public WrapperBuilder<R> unless(Predicate<? super R> predicate) {
    this.unless = Objects.requireNonNull(predicate, "predicate");
    return this;
  }

  /** A memoized supplier; its one key is {@code <namespace>:<name>()}. */
  public MemoizedSupplier<R> supplier(Supplier<? extends R> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    Memo memo = memo();
    Memo.Call call = args -> supplier.get();
    return new MemoizedSupplier<>() {
      @Override
      public R get() {
        return cast(memo.call(null, call));
      }

      @Override
      public boolean purge() {
        return memo.purge(null);
      }
    };
  }

  /** A memoized function of one argument. */
  public <A> MemoizedFunction<A, R> function(Function<? super A, ? extends R> function) {
    Objects.requireNonNull(function, "function");
    Memo memo = memo();
    Memo.Call call = args -> function.apply(cast(Objects.requireNonNull(args)[0]));
    return new MemoizedFunction<>() {
      @Override
      public R apply(A argument) {
        return cast(memo.call(new Object[] {argument}, call));
      }

      @Override
      public boolean purge(A argument) {
        return memo.purge(new Object[] {argument});
      }
    };
  }

  /** A memoized function of two arguments. */
  public <A, B> MemoizedBiFunction<A, B, R> biFunction(
      BiFunction<? super A, ? super B, ? extends R> function) {
    Objects.requireNonNull(function, "function");
    Memo memo = memo();
    Memo.Call call = args -> {
      Object[] both = Objects.requireNonNull(args);
      return function.apply(cast(both[0]), cast(both[1]));
    };
    return new MemoizedBiFunction<>() {
      @Override
      public R apply(A first, B second) {
        return cast(memo.call(new Object[] {first, second}, call));
      }

      @Override
      public boolean purge(A first, B second) {
        return memo.purge(new Object[] {first, second});
      }
    };
  }

  /**
   * A memoized async supplier: the value of its future is cached, never the future; a failed
   * future stores nothing.
   */
  public MemoizedSupplier<CompletableFuture<R>> asyncSupplier(
      Supplier<? extends CompletionStage<R>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    Memo memo = memo();
    Memo.Call call = args -> supplier.get();
    return new MemoizedSupplier<>() {
      @Override
      public CompletableFuture<R> get() {
        return castFuture(memo.callAsync(null, call));
      }

      @Override
      public boolean purge() {
        return memo.purge(null);
      }
    };
  }

  /** A memoized async function of one argument; see {@link #asyncSupplier}. */
  public <A> MemoizedFunction<A, CompletableFuture<R>> asyncFunction(
      Function<? super A, ? extends CompletionStage<R>> function) {
    Objects.requireNonNull(function, "function");
    Memo memo = memo();
    Memo.Call call = args -> function.apply(cast(Objects.requireNonNull(args)[0]));
    return new MemoizedFunction<>() {
      @Override
      public CompletableFuture<R> apply(A argument) {
        return castFuture(memo.callAsync(new Object[] {argument}, call));
      }

      @Override
      public boolean purge(A argument) {
        return memo.purge(new Object[] {argument});
      }
    };
  }

  /** A memoized async function of two arguments; see {@link #asyncSupplier}. */
  public <A, B> MemoizedBiFunction<A, B, CompletableFuture<R>> asyncBiFunction(
      BiFunction<? super A, ? super B, ? extends CompletionStage<R>> function) {
    Objects.requireNonNull(function, "function");
    Memo memo = memo();
    Memo.Call call = args -> {
      Object[] both = Objects.requireNonNull(args);
      return function.apply(cast(both[0]), cast(both[1]));
    };
    return new MemoizedBiFunction<>() {
      @Override
      public CompletableFuture<R> apply(A first, B second) {
        return castFuture(memo.callAsync(new Object[] {first, second}, call));
      }

      @Override
      public boolean purge(A first, B second) {
        return memo.purge(new Object[] {first, second});
      }
    };
  }

  private Memo memo() {
    Duration effectiveTtl = ttlGiven ? ttl : memoizer.defaultTtl;
    MemoSettings settings = new MemoSettings(namespace, effectiveTtl, typed, keyGenerator, enabled,
        ifAbsent, cacheNulls);
    @SuppressWarnings("unchecked")
    Predicate<Object> excluded = unless == null ? null : (Predicate<Object>) unless;
    return memoizer.memo(name, valueType.type(), settings, excluded);
  }

  // The unchecked cast passes null through: a memoized value may be null when nulls are cached.
  @SuppressWarnings({"unchecked", "NullAway"})
  private static <T> T cast(@Nullable Object value) {
    return (T) value;
  }

  @SuppressWarnings("unchecked")
  private static <T> CompletableFuture<T> castFuture(CompletableFuture<@Nullable Object> future) {
    return (CompletableFuture<T>) (CompletableFuture<?>) future;
  }
}
