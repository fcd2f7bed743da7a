package io.cachette.http;

import io.cachette.Cache;
import io.cachette.StoreSpec;
import io.cachette.backend.Backend;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link CachedHttpClient}, with requests-cache's settings and defaults:
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link #backend(String)}</td><td>{@value #DEFAULT_BACKEND} (cachette-jdbc)</td></tr>
 *   <tr><td>{@link #serializer(String)}</td><td>{@code noop://} (entries are bytes already; {@code zstd://} or {@code gzip://} compress them)</td></tr>
 *   <tr><td>{@link #namespace(String)}</td><td>{@value #DEFAULT_NAMESPACE}</td></tr>
 *   <tr><td>{@link #expireAfter(Expiration)}</td><td>{@link Expiration#NEVER_EXPIRE}</td></tr>
 *   <tr><td>{@link #urlExpireAfter(String, Expiration)}</td><td>none</td></tr>
 *   <tr><td>{@link #cacheControl(boolean)}</td><td>false</td></tr>
 *   <tr><td>{@link #allowableCodes(int...)}</td><td>200</td></tr>
 *   <tr><td>{@link #allowableMethods(String...)}</td><td>GET, HEAD</td></tr>
 *   <tr><td>{@link #ignoredParameters(String...)}</td><td>{@link #DEFAULT_IGNORED_PARAMETERS}</td></tr>
 *   <tr><td>{@link #maxBodyBytes(long)}</td><td>10 MiB</td></tr>
 *   <tr><td>{@link #client(HttpClient)}</td><td>a new client that follows redirects (NORMAL)</td></tr>
 * </table>
 *
 * <p>Like Caffeine's builder, each option is set at most once: setting one again (or the store
 * both as a URL and as an instance) throws {@link IllegalStateException} naming the value already
 * set. Invalid values throw {@link IllegalArgumentException} at once. {@link #toString()} prints
 * the configuration with passwords in URLs masked.
 *
 * <p>Not thread-safe; the built client is.
 */
public final class CachedHttpClientBuilder {
  /** The default store, as requests-cache's: a SQLite file in the working directory. */
  public static final String DEFAULT_BACKEND = "sqlite://http_cache.sqlite";
  /** The default namespace of the cache's keys. */
  public static final String DEFAULT_NAMESPACE = "http_cache";
  /** The default largest body stored: 10 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;
  /**
   * The parameters ignored by default (case-insensitive, in headers, query strings, form and JSON
   * bodies): never part of a key, never stored.
   */
  public static final List<String> DEFAULT_IGNORED_PARAMETERS = List.of("Authorization",
      "Proxy-Authorization", "X-API-Key", "X-Auth-Token", "X-API-Token", "X-Access-Token",
      "access_token", "api_key", "apikey");

  private @Nullable String backendUrl;
  private @Nullable Backend backendInstance;
  private @Nullable String serializerUrl;
  private @Nullable String backendText;
  private @Nullable Cache<byte[]> cache;
  private final Map<String, Object> set = new LinkedHashMap<>();
  private @Nullable HttpClient client;
  private @Nullable String namespace;
  private Clock clock = Clock.systemUTC();
  private Expiration expireAfter = Expiration.NEVER_EXPIRE;
  private final List<UrlRule> urlRules = new ArrayList<>();
  private boolean cacheControl;
  private Set<Integer> allowableCodes = Set.of(200);
  private Set<String> allowableMethods = Set.of("GET", "HEAD");
  private @Nullable Predicate<StoredResponse> filter;
  private boolean alwaysRevalidate;
  private boolean readOnly;
  private @Nullable Duration staleIfError;
  private @Nullable Duration staleWhileRevalidate;
  private boolean matchAllHeaders;
  private List<String> matchHeaders = List.of();
  private Set<String> ignoredParameters = lowerCase(DEFAULT_IGNORED_PARAMETERS);
  private @Nullable Function<HttpRequest, String> keyFunction;
  private boolean onlyIfCached;
  private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  private boolean coalesce = true;

  CachedHttpClientBuilder() {}

  private void once(String option, Object value) {
    Object current = set.get(option);
    if (current != null) {
      throw StoreSpec.alreadySet(option, current);
    }
    set.put(option, value);
  }

  /** The client that does the network work; it is not closed by the cached client. */
  public CachedHttpClientBuilder client(HttpClient client) {
    Objects.requireNonNull(client, "client");
    if (client instanceof CachedHttpClient) {
      throw new IllegalArgumentException("the delegate is itself a CachedHttpClient; pass the"
          + " HttpClient it should use for the network");
    }
    once("client", client);
    this.client = client;
    return this;
  }

  /** The store, as a backend URL ({@code memory://}, {@code redis://host}, ...); the client owns it. */
  public CachedHttpClientBuilder backend(String url) {
    requireNoCache();
    Objects.requireNonNull(url, "url");
    if (backendText != null) {
      throw StoreSpec.alreadySet("backend", backendText);
    }
    backendUrl = url;
    backendText = io.cachette.url.CacheUrl.mask(url);
    return this;
  }

  /** The store, as a backend instance (not closed by the client). */
  public CachedHttpClientBuilder backend(Backend backend) {
    requireNoCache();
    Objects.requireNonNull(backend, "backend");
    if (backendText != null) {
      throw StoreSpec.alreadySet("backend", backendText);
    }
    backendInstance = backend;
    backendText = backend.describe() + " (instance)";
    return this;
  }

  /**
   * A cache of {@code byte[]} entries to store responses in (with its own backend, serializer and
   * namespace; not closed by the client). Exclusive with {@link #backend}, {@link #serializer} and
   * {@link #namespace}.
   */
  public CachedHttpClientBuilder cache(Cache<byte[]> cache) {
    Objects.requireNonNull(cache, "cache");
    if (backendText != null || set.containsKey("serializer") || namespace != null) {
      throw new IllegalStateException("cache(...) replaces backend, serializer and namespace,"
          + " which were already set: set either a cache or those");
    }
    once("cache", cache);
    this.cache = cache;
    return this;
  }

  private void requireNoCache() {
    if (cache != null) {
      throw StoreSpec.alreadySet("cache", cache + " (which has its own backend)");
    }
  }

  /** The serializer chain over the entries' bytes: {@code noop://} (default), {@code zstd://}, {@code gzip://}. */
  public CachedHttpClientBuilder serializer(String url) {
    requireNoCache();
    Objects.requireNonNull(url, "url");
    once("serializer", io.cachette.url.CacheUrl.mask(url));
    serializerUrl = url;
    return this;
  }

  /** The namespace of the keys (default {@value #DEFAULT_NAMESPACE}); {@code cache().clear()} clears it. */
  public CachedHttpClientBuilder namespace(String namespace) {
    requireNoCache();
    Objects.requireNonNull(namespace, "namespace");
    once("namespace", namespace);
    this.namespace = namespace;
    return this;
  }

  /** The clock of freshness decisions (tests pass a controllable one); default the system UTC clock. */
  public CachedHttpClientBuilder clock(Clock clock) {
    once("clock", Objects.requireNonNull(clock, "clock"));
    this.clock = clock;
    return this;
  }

  /** How long responses stay fresh when nothing more specific applies; default {@link Expiration#NEVER_EXPIRE}. */
  public CachedHttpClientBuilder expireAfter(Expiration expiration) {
    once("expireAfter", Objects.requireNonNull(expiration, "expiration"));
    this.expireAfter = expiration;
    return this;
  }

  /** Responses stay fresh for this long; see {@link Expiration#after}. */
  public CachedHttpClientBuilder expireAfter(Duration duration) {
    return expireAfter(Expiration.after(duration));
  }

  /** Responses stay fresh until this instant. */
  public CachedHttpClientBuilder expireAfter(Instant instant) {
    return expireAfter(Expiration.at(instant));
  }

  /**
   * Expirations by URL glob, in order (the first match wins); see {@link #urlExpireAfter(String,
   * Expiration)}. A map of several entries must keep an order ({@link LinkedHashMap}, a sorted map,
   * or {@code Map.of} with one entry).
   *
   * @throws IllegalArgumentException when a map of several entries has no defined order
   */
  public CachedHttpClientBuilder urlsExpireAfter(Map<String, Expiration> expirations) {
    Objects.requireNonNull(expirations, "expirations");
    if (expirations.size() > 1 && !(expirations instanceof LinkedHashMap)
        && !(expirations instanceof SortedMap)) {
      throw new IllegalArgumentException("urlsExpireAfter is ordered (the first match wins), but a "
          + expirations.getClass().getSimpleName() + " has no order: pass a LinkedHashMap, or call"
          + " urlExpireAfter(glob, expiration) once per pattern");
    }
    expirations.forEach(this::urlExpireAfter);
    return this;
  }

  /**
   * Adds an expiration for the URLs a glob matches (after those already added). The glob matches
   * the URL without its scheme with {@code **} appended: {@code site.com/static} covers everything
   * under it, {@code *.site.com/api} every subdomain, {@code *} every URL; {@code *} matches any
   * characters, {@code ?} one.
   */
  public CachedHttpClientBuilder urlExpireAfter(String glob, Expiration expiration) {
    Objects.requireNonNull(glob, "glob");
    Objects.requireNonNull(expiration, "expiration");
    urlRules.add(UrlRule.glob(glob, expiration));
    return this;
  }

  /** Adds an expiration for the URLs where a regular expression is found (after those already added). */
  public CachedHttpClientBuilder urlExpireAfter(Pattern regex, Expiration expiration) {
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(expiration, "expiration");
    urlRules.add(UrlRule.regex(regex, expiration));
    return this;
  }

  /**
   * Whether responses' Cache-Control and Expires headers decide their freshness (the RFC 9111
   * rules), above every setting; default false, as requests-cache. With true, a response's own
   * RFC 5861 {@code stale-while-revalidate=N} and {@code stale-if-error=N} also apply, next to
   * {@link #staleWhileRevalidate(Duration)} and {@link #staleIfError(Duration)}. ETag and
   * Last-Modified are always used to revalidate, and a response's {@code no-store} is always
   * honoured.
   */
  public CachedHttpClientBuilder cacheControl(boolean cacheControl) {
    once("cacheControl", cacheControl);
    this.cacheControl = cacheControl;
    return this;
  }

  /** The statuses that may be stored; default 200. */
  public CachedHttpClientBuilder allowableCodes(int... codes) {
    Set<Integer> chosen = new LinkedHashSet<>();
    for (int code : codes) {
      if (code < 100 || code > 999) {
        throw new IllegalArgumentException("allowableCodes: " + code + " is not an HTTP status");
      }
      chosen.add(code);
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("allowableCodes must name at least one status");
    }
    once("allowableCodes", chosen);
    this.allowableCodes = Set.copyOf(chosen);
    return this;
  }

  /**
   * The methods whose responses may be stored; default GET and HEAD. Others (POST, for a search
   * API) are keyed by their body too.
   */
  public CachedHttpClientBuilder allowableMethods(String... methods) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String method : methods) {
      Objects.requireNonNull(method, "method");
      if (method.isBlank()) {
        throw new IllegalArgumentException("allowableMethods: a method must not be blank");
      }
      chosen.add(method.toUpperCase(Locale.ROOT));
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("allowableMethods must name at least one method");
    }
    once("allowableMethods", chosen);
    this.allowableMethods = Set.copyOf(chosen);
    return this;
  }

  /**
   * A test on responses, applied before storing and after reading: a response it rejects is not
   * stored, and a stored one it rejects is deleted and treated as a miss.
   */
  public CachedHttpClientBuilder filter(Predicate<StoredResponse> filter) {
    once("filter", Objects.requireNonNull(filter, "filter"));
    this.filter = filter;
    return this;
  }

  /** Revalidate every stored response with the origin before using it; default false. */
  public CachedHttpClientBuilder alwaysRevalidate(boolean alwaysRevalidate) {
    once("alwaysRevalidate", alwaysRevalidate);
    this.alwaysRevalidate = alwaysRevalidate;
    return this;
  }

  /** Read stored responses but never write or delete any; default false. */
  public CachedHttpClientBuilder readOnly(boolean readOnly) {
    once("readOnly", readOnly);
    this.readOnly = readOnly;
    return this;
  }

  /**
   * With true, a stale response answers (status {@link CacheStatus#STALE}) when the origin fails
   * (an I/O error or a 5xx) however stale it is; default false.
   *
   * <p>Whatever this setting, a request's {@code Cache-Control: stale-if-error=N} and (with
   * {@link #cacheControl(boolean)}) a response's own accept a response at most N seconds stale
   * (RFC 5861 §4); the longest window of the three applies. A response with
   * {@code must-revalidate} (with cacheControl) is never served stale.
   */
  public CachedHttpClientBuilder staleIfError(boolean staleIfError) {
    once("staleIfError", staleIfError);
    this.staleIfError = staleIfError ? Cache.NEVER : null;
    return this;
  }

  /**
   * A stale response at most this stale answers when the origin fails; see
   * {@link #staleIfError(boolean)} for the directives that may widen the window.
   */
  public CachedHttpClientBuilder staleIfError(Duration maxStaleness) {
    once("staleIfError", positive("staleIfError", maxStaleness));
    this.staleIfError = maxStaleness;
    return this;
  }

  /**
   * With true, a stale response is served at once while one background request refreshes it
   * (however many callers see it stale); default false.
   *
   * <p>Whatever this setting, with {@link #cacheControl(boolean)} a response's own
   * {@code Cache-Control: stale-while-revalidate=N} does the same for N seconds past its freshness
   * (RFC 5861 §3); the longer window applies. With cacheControl, neither applies to a response
   * with {@code must-revalidate} or {@code no-cache}.
   */
  public CachedHttpClientBuilder staleWhileRevalidate(boolean staleWhileRevalidate) {
    once("staleWhileRevalidate", staleWhileRevalidate);
    this.staleWhileRevalidate = staleWhileRevalidate ? Cache.NEVER : null;
    return this;
  }

  /**
   * Like {@link #staleWhileRevalidate(boolean)}, for responses at most this stale (a response's
   * own {@code stale-while-revalidate} may widen the window).
   */
  public CachedHttpClientBuilder staleWhileRevalidate(Duration window) {
    once("staleWhileRevalidate", positive("staleWhileRevalidate", window));
    this.staleWhileRevalidate = window;
    return this;
  }

  /**
   * With true, every request header (except ignored ones) is part of the key; default false.
   * Responses keyed by headers are still found by their URL: an unsafe request's invalidation and
   * {@code cache().delete(uri)} delete them all (see {@link #matchHeaders(String...)}).
   */
  public CachedHttpClientBuilder matchHeaders(boolean all) {
    once("matchHeaders", all);
    this.matchAllHeaders = all;
    return this;
  }

  /**
   * These request headers (case-insensitive) are part of the key. Each URL keeps a small index
   * entry that lists the keys stored for it, so a successful POST, PUT, DELETE or PATCH to the URL
   * (RFC 9111 §4.4) and {@code cache().delete(uri)} delete every stored response of the URL,
   * whatever its header values.
   */
  public CachedHttpClientBuilder matchHeaders(String... names) {
    once("matchHeaders", Arrays.asList(names));
    this.matchHeaders = List.copyOf(lowerCase(Arrays.asList(names)));
    return this;
  }

  /**
   * The parameters never part of a key nor stored (case-insensitive: headers, query parameters,
   * form fields and JSON fields), replacing {@link #DEFAULT_IGNORED_PARAMETERS}; pass the defaults
   * too to extend them.
   */
  public CachedHttpClientBuilder ignoredParameters(String... names) {
    once("ignoredParameters", Arrays.asList(names));
    this.ignoredParameters = lowerCase(Arrays.asList(names));
    return this;
  }

  /**
   * Computes the key of a request instead of the default (it is hashed, so it may hold anything;
   * the method is added). It must return a non-empty string.
   *
   * <p>Invalidation still works by URL: a response is listed in the index entry of the URL it was
   * requested with, and a successful unsafe request to that URL (or {@code cache().delete(uri)})
   * deletes it, along with the key the function gives a plain GET and HEAD of the URL. A key the
   * function gives to several URLs is deleted by the invalidation of any URL that stored it.
   */
  public CachedHttpClientBuilder keyFunction(Function<HttpRequest, String> keyFunction) {
    once("keyFunction", Objects.requireNonNull(keyFunction, "keyFunction"));
    this.keyFunction = keyFunction;
    return this;
  }

  /**
   * Offline mode: answer every request from the store (fresh or stale), and with a synthetic 504
   * when nothing is stored; default false.
   */
  public CachedHttpClientBuilder onlyIfCached(boolean onlyIfCached) {
    once("onlyIfCached", onlyIfCached);
    this.onlyIfCached = onlyIfCached;
    return this;
  }

  /** The largest body stored; larger ones pass through to the caller and are not stored. */
  public CachedHttpClientBuilder maxBodyBytes(long maxBodyBytes) {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    once("maxBodyBytes", maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
    return this;
  }

  /**
   * Whether concurrent requests that need the origin for one key share one origin request;
   * default true.
   */
  public CachedHttpClientBuilder coalesce(boolean coalesce) {
    once("coalesce", coalesce);
    this.coalesce = coalesce;
    return this;
  }

  /**
   * Builds the client, opening the store when it was given as a URL.
   *
   * @throws IllegalArgumentException when the backend or serializer URL is invalid (an unknown
   *     scheme names the module that adds it)
   */
  public CachedHttpClient build() {
    Settings settings = new Settings(clock, expireAfter, List.copyOf(urlRules), cacheControl,
        allowableCodes, allowableMethods, filter, alwaysRevalidate, readOnly, staleIfError,
        staleWhileRevalidate, matchAllHeaders, matchHeaders, ignoredParameters, keyFunction,
        onlyIfCached, maxBodyBytes, coalesce);
    HttpClient network = client != null ? client
        : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    String description = toString();
    Cache<byte[]> given = cache;
    if (given != null) {
      return new CachedHttpClient(network, new HttpCacheEngine(settings, network, given), false,
          description);
    }
    io.cachette.CacheBuilder<byte[]> builder = Cache.builder(byte[].class)
        .namespace(namespace != null ? namespace : DEFAULT_NAMESPACE)
        .serializer(serializerUrl != null ? serializerUrl : "noop://");
    Backend instance = backendInstance;
    if (instance != null) {
      builder.backend(instance);
    } else {
      builder.backend(backendUrl != null ? backendUrl : DEFAULT_BACKEND);
    }
    Cache<byte[]> built = builder.build();
    return new CachedHttpClient(network, new HttpCacheEngine(settings, network, built), true,
        description);
  }

  /** The configuration, with passwords in URLs masked. */
  @Override
  public String toString() {
    return "backend=" + (cache != null ? "cache " + cache.namespace()
        : backendText != null ? backendText : DEFAULT_BACKEND + " (default)")
        + ", namespace=" + (namespace != null ? namespace : DEFAULT_NAMESPACE)
        + ", expireAfter=" + expireAfter + ", urlsExpireAfter=" + urlRules
        + ", cacheControl=" + cacheControl + ", allowableCodes=" + allowableCodes
        + ", allowableMethods=" + allowableMethods + ", staleIfError="
        + (staleIfError == null ? "false" : staleIfError.equals(Cache.NEVER) ? "true" : staleIfError)
        + ", staleWhileRevalidate=" + (staleWhileRevalidate == null ? "false"
            : staleWhileRevalidate.equals(Cache.NEVER) ? "true" : staleWhileRevalidate)
        + ", readOnly=" + readOnly + ", alwaysRevalidate=" + alwaysRevalidate
        + ", onlyIfCached=" + onlyIfCached + ", maxBodyBytes=" + maxBodyBytes
        + ", coalesce=" + coalesce + ", ignoredParameters=" + ignoredParameters;
  }

  private static Duration positive(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration
          + "; pass false to turn it off");
    }
    return duration;
  }

  private static Set<String> lowerCase(List<String> names) {
    Set<String> lower = new LinkedHashSet<>();
    for (String name : names) {
      Objects.requireNonNull(name, "parameter name");
      lower.add(name.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(lower);
  }
}
