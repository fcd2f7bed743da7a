package io.cachette.memo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the results of an interface method in proxies made by {@link Memoizer#proxy}. The first
 * call with some arguments runs the method and stores its result; later calls with equal arguments
 * return the stored result until it expires, is {@linkplain Memoizer#purge purged} or its namespace
 * is {@linkplain Memoizer#clear cleared}.
 *
 * <p>The stored key is {@code <namespace>:<declaring class>.<method>(<arguments>)} with the
 * arguments rendered canonically (see {@link KeyStyle#READABLE}), or its SHA-256 digest
 * ({@link KeyStyle#HASHED}), or what {@link #key()} makes. Values are stored as the method's generic
 * return type; for {@code CompletableFuture<T>} and {@code CompletionStage<T>} the value {@code T} is
 * stored, never the future, and a failed future stores nothing. For {@code Optional<T>} the
 * {@code T} is stored and an empty optional counts as a null result.
 *
 * <p>Concurrent calls with the same missing key run the method once in this JVM and share its
 * result or its exception.
 *
 * <p>An invalid annotation (bad {@link #ttl()}, a key generator that cannot be made, a void method,
 * a bad {@link #enabled()} switch or namespace) makes {@link Memoizer#proxy} fail with an
 * {@link IllegalArgumentException} naming the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cached {

  /**
   * How long results live: a number of seconds ({@code "300"}, or with a decimal fraction
   * {@code "0.5"}), a number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
   * ({@code "300s"}, {@code "7.5s"}, {@code "5m"}, {@code "1h"}, {@code "2d"}), an ISO-8601
   * duration ({@code "PT5M"}), or {@code "never"}. Only seconds take a fraction, exact to the
   * nanosecond ({@code "1.5h"} is refused: write {@code "90m"}). Empty (the default): the
   * memoizer's default TTL.
   */
  String ttl() default "";

  /**
   * The namespace: the key prefix that {@link Memoizer#clear} and {@link CacheClear} act on.
   * Non-empty, without {@code ':'}.
   */
  String namespace() default "default";

  /**
   * Whether argument types count: with {@code true}, {@code 1} (int), {@code 1L} and {@code 1.0} get
   * different keys; with {@code false} (the default) numbers are keyed by their value. Not with a
   * {@link #key()} generator, which makes the keys its own way (the proxy refuses both).
   */
  boolean typed() default false;

  /**
   * A {@link KeyGenerator} class with a no-argument constructor, made once when the proxy is built;
   * its keys are used as they are inside the namespace. {@code KeyGenerator.class} (the default):
   * the memoizer's {@link KeyStyle}.
   */
  Class<? extends KeyGenerator> key() default KeyGenerator.class;

  /**
   * Whether caching is on: {@code "true"} (the default) or {@code "false"}, or the name of a system
   * property or environment variable (the property wins) whose value ({@code true/false},
   * {@code on/off}, {@code yes/no}, {@code 1/0}) turns it on or off, optionally followed by
   * {@code :true} or {@code :false} for when neither is set (on by default), as in
   * {@code "app.cache.users:false"}. Read once, when the proxy is built. A disabled method is
   * called straight through.
   */
  String enabled() default "true";

  /**
   * Stores a result only if no entry exists for the key yet, atomically (cachetory's
   * {@code if_not_exists}): a value another process stored meanwhile is kept.
   */
  boolean ifAbsent() default false;

  /**
   * Whether a null result (or an empty {@code Optional}) is stored too. With {@code false} (the
   * default) it is returned but not stored, so the next call runs the method again.
   */
  boolean cacheNulls() default false;
}
