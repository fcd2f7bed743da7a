package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the results of a {@link GET} method (clientele's {@code @memoize}). The first call with
 * some parameters sends the request and stores the decoded result; later calls with the same key
 * return it without any request until it expires, is {@linkplain ApiClient#purge purged} or
 * {@linkplain ApiClient#clear cleared}.
 *
 * <p>Keys follow clientele's format: {@code METHOD:pathTemplate}, then {@code :name=value} for each
 * {@link Path}, {@link Query} and {@link QueryMap} parameter, sorted by name, with the body left
 * out: {@code GET:/pokemon/{id}:id=25}, {@code GET:/search:limit=10:query=python}. Values render
 * as the text the request carries: strings as they are, numbers by {@code String.valueOf},
 * booleans {@code true}/{@code false}, enums by name, null as {@code null}, lists, maps, records
 * and beans as compact JSON with sorted keys at every level ({@code {"a":1,"b":[2,3]}}). Where
 * clientele lets two calls share a key, this format does not: {@code %}, {@code :} and {@code =}
 * inside a value are percent-encoded ({@code a%3Ab}), as are a string {@code "null"} and the first
 * character of a string starting with a brace or a bracket, so that no string reads as null or
 * JSON. Parameters whose name marks a secret ({@code token}, {@code api_key}, {@code password}...)
 * render as a SHA-256 digest ({@code sha256-1f2e...}), never as their value. Headers named in {@link #varyOn()} follow
 * as {@code :@name=value} (name in lower case; {@code Authorization}, {@code Cookie} and other
 * secrets as a digest). The stored key is {@code <namespace>:<key>}, where the namespace is the
 * client's base URL, so clients of different hosts never share entries. A key longer than the
 * store allows keeps its {@code METHOD:pathTemplate} and replaces the rest by a digest.
 *
 * <p>Results are stored with the method's generic return type (inside {@code Optional} and
 * {@code CompletableFuture}), so JSON stores hold no type tags. A null result (an empty body, an
 * empty {@code Optional}) is never stored; a failed call stores nothing and its exception reaches
 * the caller; concurrent calls with the same key send one request; an async method stores the
 * value, never the future; and a failing store sends the request (fail-open).
 *
 * <p>Invalid settings (on a method other than {@code GET}, on a method returning
 * {@code HttpResponse} or nothing, a bad {@link #ttl()}, an unknown {@link #cache()}, a
 * {@link #key()} class that cannot be made) make {@link ApiClient#create} fail with an
 * {@link IllegalArgumentException} naming the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Memoize {

  /**
   * How long results live, in the TTL text of {@code @Cached}: a number of seconds ({@code "300"},
   * {@code "0.5"}), a number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
   * ({@code "5m"}), an ISO-8601 duration ({@code "PT5M"}), or {@code "never"}. Empty (the
   * default): never expire, as clientele's {@code ttl=None}.
   */
  String ttl() default "";

  /**
   * A {@link MemoKey} class that makes the keys instead of the format above; {@code MemoKey.class}
   * (the default) for that format.
   */
  Class<? extends MemoKey> key() default MemoKey.class;

  /**
   * Whether caching is on: {@code "true"} (the default) or {@code "false"}, or the name of a system
   * property or environment variable, optionally followed by {@code :true} or {@code :false} for
   * when neither is set (as {@code @Cached#enabled()}). Read once, by {@link ApiClient#create}. A
   * disabled method sends every call.
   */
  String enabled() default "true";

  /**
   * The name of the cache to store results in, registered with
   * {@link ApiClientBuilder#cache(String, String)}; empty (the default) for the client's default
   * cache (an in-memory LRU of 128 entries unless {@link ApiClientBuilder#cacheBackend} says
   * otherwise).
   */
  String cache() default "";

  /**
   * Request headers whose values join the key, such as {@code "Accept-Language"}: calls that differ
   * in them never share an entry. Case-insensitive.
   */
  String[] varyOn() default {};
}
