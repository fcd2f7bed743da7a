package io.cachette.memo;

import io.cachette.CacheStats;
import io.cachette.TypeRef;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Memoizes methods and functions through {@link io.cachette.Cache}s over one backend: the
 * {@code @cache} / {@code @cached} decorators of Python's cachetoolz and cachetory, in Java form.
 *
 * <pre>{@code
 * Memoizer memo = Memoizer.builder().backend("redis://localhost").build();
 *
 * interface Users {
 *   @Cached(ttl = "5m", namespace = "users") User find(int id);
 *   @Cached(namespace = "users") CompletableFuture<User> findAsync(int id);
 *   @CacheClear(namespaces = "users") void update(User user);
 * }
 * Users users = memo.proxy(Users.class, realUsers);
 * users.find(42);                    // runs realUsers.find(42) and stores the result
 * users.find(42);                    // from the cache
 * memo.purge(users, "find", 42);     // drops that one entry
 *
 * MemoizedFunction<Integer, User> find = memo.wrap("users.find", User.class)
 *     .namespace("users").ttl(Duration.ofMinutes(5)).function(realUsers::find);
 * }</pre>
 *
 * <p>Each namespace is a key prefix ({@code <namespace>:}) in the backend; {@link #clear} removes
 * exactly one namespace's entries. Keys are described on {@link KeyStyle}; values are stored as the
 * method's generic return type, so JSON needs no type tags. Failures follow the policy of the
 * memoizer's caches (the {@link io.cachette.Cache} one, strict when the builder says
 * {@link MemoizerBuilder#strict()}): by default a read error is a miss (the method runs) and a
 * write error, or a result the serializer cannot write, is logged and counted in {@link #stats()};
 * the caller always gets its result.
 *
 * <p>Thread-safe, as are the proxies and wrappers it makes.
 */
public interface Memoizer extends AutoCloseable {

  /** Starts configuring a memoizer. */
  static MemoizerBuilder builder() {
    return new MemoizerBuilder();
  }

  /**
   * A proxy of {@code type} over {@code target} that caches the results of methods annotated
   * {@link Cached} and clears namespaces for methods annotated {@link CacheClear}. Other methods,
   * default methods included, run on the target as they are; {@code equals}, {@code hashCode} and
   * {@code toString} are the target's (a proxy equals another proxy of an equal target).
   * Annotations are read from {@code type}'s methods, inherited ones included.
   *
   * <p>Keys name the interface's method and the arguments, not the target: every unscoped proxy of
   * one interface over one memoizer shares its entries, whatever its target (which is what a
   * cache shared by several instances of one service wants). When targets return different
   * results for the same call (one per tenant, say), give each proxy its own scope with
   * {@link #proxy(Class, Object, String)}.
   *
   * @throws IllegalArgumentException when {@code type} is not an interface, {@code target} does
   *     not implement it, or an annotation is invalid (the message names the method)
   */
  <T> T proxy(Class<T> type, T target);

  /**
   * Like {@link #proxy(Class, Object)}, with the proxy's keys joined to {@code scope}:
   * {@code <namespace>:<scope>/<declaring class>.<method>(<arguments>)} (a {@link KeyGenerator}'s
   * key becomes {@code <scope>/<key>}; {@link KeyStyle#HASHED} hashes the scoped key). Proxies with
   * different scopes never share entries; proxies with the same scope do. {@link #clear} and
   * {@link CacheClear} still clear whole namespaces, every scope included.
   *
   * @param scope non-blank, without {@code '/'} or control characters, such as {@code "tenant-a"}
   * @throws IllegalArgumentException as {@link #proxy(Class, Object)} does, or when the scope is
   *     not allowed
   */
  <T> T proxy(Class<T> type, T target, String scope);

  /**
   * Starts wrapping a function whose results are of {@code valueType} (for an async function, the
   * type inside its future), under {@code name}: the keys are {@code <namespace>:<name>(<args>)}.
   *
   * @param name non-empty, without parentheses, such as {@code "users.find"}
   */
  <R> WrapperBuilder<R> wrap(String name, Class<R> valueType);

  /** Like {@link #wrap(String, Class)} for a generic value type such as {@code List<User>}. */
  <R> WrapperBuilder<R> wrap(String name, TypeRef<R> valueType);

  /**
   * Memoizes a function in the {@code "default"} namespace: a shortcut for
   * {@code wrap(name, Object.class).ttl(ttl).function(function)}. Its results are stored as
   * {@code Object}s, which works on every backend for the values the memoizer's serializer can
   * write without knowing their type: any value with {@code noop} over {@code memory://}; JDK
   * values (strings, numbers, collections, java.time...) and records or enums of allowed packages
   * with {@code json://} (its tagged form, see {@link io.cachette.serial.JsonCoder}); allow-listed
   * {@code Serializable} values with {@code java://}. A result the serializer cannot write is
   * returned but not stored, as the cache's failure policy says. To store results as their own
   * type (plain JSON, any record or bean), use {@link #function(String, Function, Duration, Class)}.
   *
   * @param name non-empty, without parentheses, such as {@code "users.find"}
   * @param ttl how long results live; null for the memoizer's default
   */
  <A, R> MemoizedFunction<A, R> function(String name, Function<? super A, ? extends R> function,
      @Nullable Duration ttl);

  /**
   * Memoizes a function in the {@code "default"} namespace, storing its results as
   * {@code valueType}: a shortcut for {@code wrap(name, valueType).ttl(ttl).function(function)}.
   * Works on every backend and serializer.
   *
   * @param name non-empty, without parentheses, such as {@code "users.find"}
   * @param ttl how long results live; null for the memoizer's default
   * @param valueType the class results are stored and decoded as
   */
  <A, R> MemoizedFunction<A, R> function(String name, Function<? super A, ? extends R> function,
      @Nullable Duration ttl, Class<R> valueType);

  /**
   * Removes the cached result of one call of a proxy's {@link Cached} method, given the same
   * arguments as the call (cachetory's {@code purge}).
   *
   * @param proxy a proxy made by {@link #proxy}
   * @param method the method's name; among overloads, the one whose parameters take
   *     {@code args} is chosen
   * @return true if an entry was removed
   * @throws IllegalArgumentException when {@code proxy} is not a memoizing proxy, or no single
   *     {@code @Cached} method of that name takes these arguments
   */
  boolean purge(Object proxy, String method, @Nullable Object... args);

  /**
   * Removes every entry of the given namespaces, and nothing else.
   *
   * @throws io.cachette.CacheException only in strict mode, when the backend fails
   */
  void clear(String... namespaces);

  /**
   * Counters summed over every cache of this memoizer: hits and misses of memoized calls, method
   * runs ({@code loadSuccessCount} / {@code loadFailureCount}), and errors (backend failures and
   * results that could not be stored). The eviction count is the backend's.
   */
  CacheStats stats();

  /** Closes the backend if this memoizer opened it from a URL; a backend passed in stays open. */
  @Override
  void close();
}
