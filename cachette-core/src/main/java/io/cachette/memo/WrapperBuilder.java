package io.cachette.memo;

import io.cachette.StoreSpec;
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
 * may be made several times from one builder.
 *
 * <p>Each option is set at most once: setting one twice, or options that contradict each other
 * ({@link #typed typed(true)} with a {@link #keyGenerator}, which makes keys its own way), throws
 * {@link IllegalStateException} naming the value already set. {@link #toString()} shows the
 * configuration. Not thread-safe; the wrappers are.
 *
 * @param <R> the type of results (for async functions, of the value inside their future)
 */
public final class WrapperBuilder<R> {
  private final DefaultMemoizer memoizer;
  private final String name;
  private final TypeRef<R> valueType;
  private @Nullable String namespace;
  private @Nullable Duration ttl;
  private boolean ttlGiven;
  private @Nullable Boolean typed;
  private @Nullable KeyGenerator keyGenerator;
  private @Nullable Boolean enabled;
  private @Nullable Boolean ifAbsent;
  private @Nullable Boolean cacheNulls;
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

  /**
   * Sets the namespace (default {@code "default"}): non-empty, without {@code ':'}.
   *
   * @throws IllegalArgumentException when the namespace is empty or holds {@code ':'}
   * @throws IllegalStateException when the namespace was already set
   */
  public WrapperBuilder<R> namespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    StoreSpec.requireUnset("namespace", this.namespace);
    memoizer.checkNamespace(namespace);
    this.namespace = namespace;
    return this;
  }

  /**
   * Sets how long results live (default: the memoizer's default TTL).
   *
   * @throws IllegalArgumentException when the TTL is zero or negative
   * @throws IllegalStateException when the TTL was already set (as a duration or as text)
   */
  public WrapperBuilder<R> ttl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    requireNoTtl();
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
   * @throws IllegalStateException when the TTL was already set (as a duration or as text)
   */
  public WrapperBuilder<R> ttl(String ttl) {
    Objects.requireNonNull(ttl, "ttl");
    requireNoTtl();
    this.ttl = TtlText.parse(ttl, memoizer.defaultTtl);
    this.ttlGiven = true;
    return this;
  }

  /**
   * Whether argument types count in keys; see {@link Cached#typed()}. Default false.
   *
   * @throws IllegalStateException when already set, or when {@code typed} is true and a
   *     {@link #keyGenerator} was set (the generator makes the keys)
   */
  public WrapperBuilder<R> typed(boolean typed) {
    StoreSpec.requireUnset("typed", this.typed);
    if (typed && keyGenerator != null) {
      throw new IllegalStateException("typed(true) does not apply: keyGenerator was already set "
          + "to " + keyGenerator.getClass().getName() + ", which makes the keys; drop one");
    }
    this.typed = typed;
    return this;
  }

  /**
   * Makes keys with this generator instead of the memoizer's key style.
   *
   * @throws IllegalStateException when already set, or when {@link #typed typed(true)} was set
   */
  public WrapperBuilder<R> keyGenerator(KeyGenerator keyGenerator) {
    Objects.requireNonNull(keyGenerator, "keyGenerator");
    StoreSpec.requireUnset("keyGenerator", this.keyGenerator == null ? null
        : this.keyGenerator.getClass().getName());
    if (Boolean.TRUE.equals(typed)) {
      throw new IllegalStateException("keyGenerator does not apply with typed(true), which was "
          + "already set: the generator makes the keys its own way; drop one");
    }
    this.keyGenerator = keyGenerator;
    return this;
  }

  /**
   * Whether caching is on (default true); when off, the wrapper calls straight through.
   *
   * @throws IllegalStateException when already set
   */
  public WrapperBuilder<R> enabled(boolean enabled) {
    StoreSpec.requireUnset("enabled", this.enabled);
    this.enabled = enabled;
    return this;
  }

  /**
   * Stores results only where no entry exists yet; see {@link Cached#ifAbsent()}.
   *
   * @throws IllegalStateException when already set
   */
  public WrapperBuilder<R> ifAbsent(boolean ifAbsent) {
    StoreSpec.requireUnset("ifAbsent", this.ifAbsent);
    this.ifAbsent = ifAbsent;
    return this;
  }

  /**
   * Whether null results are stored too; see {@link Cached#cacheNulls()}. Default false.
   *
   * @throws IllegalStateException when already set
   */
  public WrapperBuilder<R> cacheNulls(boolean cacheNulls) {
    StoreSpec.requireUnset("cacheNulls", this.cacheNulls);
    this.cacheNulls = cacheNulls;
    return this;
  }

  /**
   * Leaves results that match {@code predicate} out of the cache: they are returned (and shared
   * with concurrent callers) but not stored, so the next call runs the function again. The
   * predicate sees non-null results only (nulls follow {@link #cacheNulls}).
   *
   * @throws IllegalStateException when a predicate was already set (combine them into one)
   */
  public WrapperBuilder<R> unless(Predicate<? super R> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    StoreSpec.requireUnset("unless", this.unless);
    this.unless = predicate;
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
    MemoSettings settings = new MemoSettings(namespace != null ? namespace : "default",
        effectiveTtl, Boolean.TRUE.equals(typed), keyGenerator, !Boolean.FALSE.equals(enabled),
        Boolean.TRUE.equals(ifAbsent), Boolean.TRUE.equals(cacheNulls));
    @SuppressWarnings("unchecked")
    Predicate<Object> excluded = unless == null ? null : (Predicate<Object>) unless;
    return memoizer.memo(name, valueType.type(), settings, excluded);
  }

  /**
   * The configuration, such as {@code WrapperBuilder{name=users.find, valueType=User,
   * namespace=users, ttl=PT5M, typed=false, keyGenerator=none, enabled=true, ifAbsent=false,
   * cacheNulls=false, unless=none}}.
   */
  @Override
  public String toString() {
    return "WrapperBuilder{name=" + name + ", valueType=" + valueType
        + ", namespace=" + (namespace != null ? namespace : "default")
        + ", ttl=" + (!ttlGiven ? "memoizer's default" : ttl != null ? ttl : "never")
        + ", typed=" + Boolean.TRUE.equals(typed)
        + ", keyGenerator=" + (keyGenerator != null ? keyGenerator.getClass().getName() : "none")
        + ", enabled=" + !Boolean.FALSE.equals(enabled)
        + ", ifAbsent=" + Boolean.TRUE.equals(ifAbsent)
        + ", cacheNulls=" + Boolean.TRUE.equals(cacheNulls)
        + ", unless=" + (unless != null ? "a predicate" : "none") + "}";
  }

  private void requireNoTtl() {
    if (ttlGiven) {
      throw StoreSpec.alreadySet("ttl", ttl != null ? ttl : "never");
    }
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
