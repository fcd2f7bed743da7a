package io.cachette.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The caching rules of RFC 9111 for a private cache, one small block per rule with the section it
 * implements, after OkHttp's {@code CacheStrategy}. Three questions: may a response be stored
 * ({@link #refusal}), until when is it fresh ({@link #freshness}), and may a stored response answer
 * a request ({@link #decide}); plus the revalidation helpers ({@link #validators}, {@link #merge}).
 */
final class CacheStrategy {
  /** RFC 9110 §15.1: the statuses that are heuristically cacheable. */
  private static final Set<Integer> HEURISTICALLY_CACHEABLE =
      Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

  /** RFC 9110 §7.6.1: hop-by-hop fields, never stored (RFC 9111 §3.1). */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive",
      "proxy-connection", "te", "transfer-encoding", "upgrade", "proxy-authenticate",
      "proxy-authentication-info", "proxy-authorization", "trailer");

  private CacheStrategy() {}

  /** What a stored response may do for a request. */
  enum Use {
    /** Serve it as it is. */
    FRESH,
    /** Serve it stale: the request accepts that much staleness (max-stale). */
    STALE_ACCEPTED,
    /**
     * Serve it stale now and refresh it in the background (the staleWhileRevalidate setting, or
     * the response's {@code stale-while-revalidate} with cacheControl).
     */
    STALE_WHILE_REVALIDATE,
    /** Ask the origin (conditionally when it has validators). */
    REVALIDATE
  }

  /** The freshness of a response being stored. */
  record Freshness(long initialAgeMillis, @Nullable Instant expiresAt) {}

  /**
   * Why a response must not be stored, or null when it may be.
   */
  static @Nullable String refusal(Settings settings, String method, int status,
      HttpHeaders response, Directives request, Expiration expiration) {
    Directives directives = Directives.parse(response.allValues("cache-control"));
    // Settings: requests-cache's allowable methods and codes, readOnly and DO_NOT_CACHE.
    if (settings.readOnly()) {
      return "the cache is read-only";
    }
    if (!settings.allowableMethods().contains(method)) {
      return "method " + method + " is not in allowableMethods";
    }
    if (!settings.allowableCodes().contains(status)) {
      return "status " + status + " is not in allowableCodes";
    }
    if (expiration.isDoNotCache()) {
      return "its expiration is DO_NOT_CACHE";
    }
    // RFC 9111 §5.2.1.5 and §5.2.2.5: no-store in the request or the response forbids storing.
    // The response's no-store is honoured even without cacheControl: it is a privacy directive.
    if (request.has("no-store") || directives.has("no-store")) {
      return "no-store";
    }
    // RFC 9111 §4.1: "Vary: *" never matches a later request, so storing it is pointless.
    List<String> vary = varyNames(response);
    if (vary.contains("*")) {
      return "Vary: *";
    }
    // Our rule: a response that varies on an ignored parameter (such as Authorization) would be
    // matched without it, leaking one user's response to another, so it is not stored.
    for (String name : vary) {
      if (settings.isIgnored(name)) {
        return "it varies on the ignored header " + name;
      }
    }
    // RFC 9111 §5.2.2.7: "private" responses may be stored by a private cache such as this one.
    // RFC 9111 §3.5: a private cache may store responses to requests with Authorization.
    return null;
  }

  /**
   * When a response received at {@code receivedAt} (its request sent at {@code requestedAt}) stops
   * being fresh. Precedence, highest first: the response's headers (with cacheControl), the
   * request's max-age, the per-request expiration, urlsExpireAfter, expireAfter.
   */
  static Freshness freshness(Settings settings, URI uri, int status, HttpHeaders response,
      Directives request, @Nullable Expiration perRequest, Instant requestedAt, Instant receivedAt) {
    long initialAge = initialAgeMillis(response, requestedAt, receivedAt);
    if (settings.cacheControl()) {
      Directives directives = Directives.parse(response.allValues("cache-control"));
      // RFC 9111 §5.2.2.4: no-cache: stored, but never used without revalidation.
      if (directives.has("no-cache")) {
        return new Freshness(initialAge, receivedAt);
      }
      long lifetime = explicitLifetimeMillis(directives, response, receivedAt);
      if (lifetime < 0) {
        lifetime = heuristicLifetimeMillis(status, response, receivedAt);
      }
      if (lifetime >= 0) {
        // RFC 9111 §4.2: fresh while current_age < freshness_lifetime, and current_age starts
        // at the corrected initial age.
        return new Freshness(initialAge,
            Expiration.plusSaturating(receivedAt, Duration.ofMillis(lifetime - initialAge)));
      }
    }
    // requests-cache: a request's "Cache-Control: max-age" sets the expiration of its response.
    long requestMaxAge = request.seconds("max-age");
    if (requestMaxAge >= 0) {
      return new Freshness(initialAge,
          Expiration.plusSaturating(receivedAt, Duration.ofSeconds(requestMaxAge)));
    }
    Expiration expiration = perRequest != null ? perRequest : settings.expirationFor(uri);
    return new Freshness(initialAge, expiration.expiresAt(receivedAt));
  }

  /** RFC 9111 §4.2.1: the explicit freshness lifetime, or -1 when the response gives none. */
  private static long explicitLifetimeMillis(Directives directives, HttpHeaders response,
      Instant receivedAt) {
    // §5.2.2.1: max-age wins over Expires (a private cache ignores s-maxage, §5.2.2.10).
    long maxAge = directives.seconds("max-age");
    if (maxAge >= 0) {
      return maxAge * 1000;
    }
    // §5.3: Expires minus Date; an invalid Expires (such as "0") means already expired.
    List<String> expires = response.allValues("expires");
    if (!expires.isEmpty()) {
      Instant expiresAt = HttpDates.parse(expires.get(0));
      if (expiresAt == null) {
        return 0;
      }
      Instant date = dateOr(response, receivedAt);
      return Math.max(0, expiresAt.toEpochMilli() - date.toEpochMilli());
    }
    return -1;
  }

  /**
   * RFC 9111 §4.2.2: a heuristic lifetime for a heuristically cacheable status without explicit
   * freshness: 10% of the time since Last-Modified, as the RFC suggests; -1 when there is none.
   */
  private static long heuristicLifetimeMillis(int status, HttpHeaders response, Instant receivedAt) {
    if (!HEURISTICALLY_CACHEABLE.contains(status)) {
      return -1;
    }
    Instant lastModified = HttpDates.parse(response.firstValue("last-modified").orElse(null));
    if (lastModified == null) {
      return -1;
    }
    long sinceModified = dateOr(response, receivedAt).toEpochMilli() - lastModified.toEpochMilli();
    return sinceModified > 0 ? sinceModified / 10 : -1;
  }

  /**
   * RFC 9111 §4.2.3: the corrected initial age: the larger of the apparent age (receipt minus Date)
   * and the Age header plus the time the request took.
   */
  private static long initialAgeMillis(HttpHeaders response, Instant requestedAt,
      Instant receivedAt) {
    Instant date = HttpDates.parse(response.firstValue("date").orElse(null));
    long apparentAge = date == null ? 0
        : Math.max(0, receivedAt.toEpochMilli() - date.toEpochMilli());
    long ageValue = Directives.parse(List.of("age=" + response.firstValue("age").orElse("0")))
        .seconds("age");
    long responseDelay = Math.max(0, receivedAt.toEpochMilli() - requestedAt.toEpochMilli());
    long correctedAge = Math.max(0, ageValue) * 1000 + responseDelay;
    return Math.max(apparentAge, correctedAge);
  }

  private static Instant dateOr(HttpHeaders response, Instant fallback) {
    Instant date = HttpDates.parse(response.firstValue("date").orElse(null));
    return date != null ? date : fallback;
  }

  /**
   * May a stored response answer this request now? {@code revalidateAnyway} is the client's
   * alwaysRevalidate or the request's refresh option.
   */
  static Use decide(Settings settings, StoredEntry.Response stored, Directives request,
      boolean revalidateAnyway, Instant now) {
    Directives response = responseDirectives(settings, stored);
    boolean fresh = !stored.isExpired(now);
    // RFC 8246: an immutable response is not revalidated while it is fresh, even on request.
    if (fresh && response.has("immutable")) {
      return Use.FRESH;
    }
    // RFC 9111 §5.2.1.4: request no-cache (or HTTP/1.0 "Pragma: no-cache" without
    // Cache-Control, §5.4) means: do not use a stored response without revalidating it.
    if (request.has("no-cache") || revalidateAnyway) {
      return Use.REVALIDATE;
    }
    // RFC 9111 §5.2.1.1: request max-age: a response older than that will not do. "max-age=0"
    // is how clients ask for revalidation (a stored response's age is never quite zero).
    long maxAge = request.seconds("max-age");
    if (fresh && maxAge >= 0 && (maxAge == 0 || stored.ageMillis(now) > maxAge * 1000)) {
      fresh = false;
    }
    // RFC 9111 §5.2.1.3: request min-fresh: it must stay fresh at least that much longer.
    long minFresh = request.seconds("min-fresh");
    Instant expiresAt = stored.expiresAt();
    if (fresh && minFresh > 0 && expiresAt != null
        && expiresAt.toEpochMilli() - now.toEpochMilli() < minFresh * 1000) {
      fresh = false;
    }
    if (fresh) {
      return Use.FRESH;
    }
    // RFC 9111 §5.2.2.2 and §5.2.2.4: must-revalidate and no-cache forbid serving it stale.
    if (response.has("must-revalidate") || response.has("no-cache")) {
      return Use.REVALIDATE;
    }
    long stalenessMillis = expiresAt == null ? 0 : now.toEpochMilli() - expiresAt.toEpochMilli();
    // RFC 9111 §5.2.1.2 and §4.2.4: the request accepts that much staleness (max-stale).
    long maxStale = request.maxStaleSeconds();
    if (maxStale == Long.MAX_VALUE || (maxStale >= 0 && stalenessMillis <= maxStale * 1000)) {
      return Use.STALE_ACCEPTED;
    }
    // RFC 5861 §3: stale within the stale-while-revalidate window (the client's setting, or the
    // response's directive): served at once while it is revalidated in the background.
    Duration window = staleWhileRevalidate(settings, response);
    if (window != null && within(stalenessMillis, window)) {
      return Use.STALE_WHILE_REVALIDATE;
    }
    return Use.REVALIDATE;
  }

  /**
   * RFC 5861 §4: may a stored response be served stale now that the origin failed (an I/O error or
   * a 5xx)? Within the longest of the client's staleIfError setting, the response's
   * {@code stale-if-error} (with cacheControl) and the request's {@code stale-if-error}.
   */
  static boolean usableOnError(Settings settings, StoredEntry.Response stored, Directives request,
      Instant now) {
    Directives response = responseDirectives(settings, stored);
    // RFC 9111 §5.2.2.2: must-revalidate forbids serving stale even when the origin is down.
    if (response.has("must-revalidate")) {
      return false;
    }
    Duration window = longest(longest(settings.staleIfError(), window(response, "stale-if-error")),
        window(request, "stale-if-error"));
    if (window == null) {
      return false;
    }
    Instant expiresAt = stored.expiresAt();
    long staleness = expiresAt == null ? 0 : now.toEpochMilli() - expiresAt.toEpochMilli();
    return within(staleness, window);
  }

  /**
   * How long past its freshness a response may still be served, from the settings and (with
   * cacheControl) its own RFC 5861 directives; the store keeps it that much longer. Null for none.
   */
  static @Nullable Duration staleWindow(Settings settings, StoredEntry.Response stored) {
    Directives response = responseDirectives(settings, stored);
    return longest(staleWhileRevalidate(settings, response),
        longest(settings.staleIfError(), window(response, "stale-if-error")));
  }

  private static @Nullable Duration staleWhileRevalidate(Settings settings, Directives response) {
    return longest(settings.staleWhileRevalidate(), window(response, "stale-while-revalidate"));
  }

  private static Directives responseDirectives(Settings settings, StoredEntry.Response stored) {
    return settings.cacheControl() ? Directives.parse(stored.header("cache-control"))
        : Directives.NONE;
  }

  /**
   * An RFC 5861 window directive: null when absent, zero or malformed ({@code stale-if-error=abc}
   * reads as 0 seconds, see {@link Directives#seconds}), so a value that cannot be read is ignored.
   */
  private static @Nullable Duration window(Directives directives, String name) {
    long seconds = directives.seconds(name);
    return seconds > 0 ? Duration.ofSeconds(seconds) : null;
  }

  private static @Nullable Duration longest(@Nullable Duration a, @Nullable Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  private static boolean within(long stalenessMillis, Duration window) {
    return stalenessMillis <= 0 || window.compareTo(Duration.ofMillis(stalenessMillis)) >= 0;
  }

  /** RFC 9111 §4.3.1: the validators of a stored response, as conditional request headers. */
  static Map<String, String> validators(StoredEntry.Response stored) {
    Map<String, String> conditional = new TreeMap<>();
    String etag = stored.firstHeader("etag");
    if (etag != null) {
      conditional.put("If-None-Match", etag);
    }
    String lastModified = stored.firstHeader("last-modified");
    if (lastModified != null && HttpDates.parse(lastModified) != null) {
      conditional.put("If-Modified-Since", lastModified);
    }
    return conditional;
  }

  /**
   * RFC 9111 §3.2 and §4.3.4: the stored headers updated with a 304's, except the hop-by-hop
   * fields (§3.1) and Content-Length, which describes the stored body, not the 304.
   */
  static Map<String, List<String>> merge(StoredEntry.Response stored, HttpHeaders notModified,
      Settings settings) {
    Map<String, List<String>> merged = new TreeMap<>(stored.headers());
    Map<String, List<String>> update = storable(notModified, settings);
    update.remove("content-length");
    merged.putAll(update);
    return merged;
  }

  /**
   * RFC 9111 §3.1: the headers to store: without hop-by-hop fields, fields the Connection header
   * lists, HTTP/2 pseudo-headers, and headers named like ignored parameters (secrets).
   */
  static Map<String, List<String>> storable(HttpHeaders response, Settings settings) {
    Set<String> connectionListed = new HashSet<>();
    for (String line : response.allValues("connection")) {
      for (String name : line.split(",")) {
        connectionListed.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    Map<String, List<String>> kept = new TreeMap<>();
    response.map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.startsWith(":") && !HOP_BY_HOP.contains(lower)
          && !connectionListed.contains(lower) && !settings.isIgnored(lower)) {
        kept.put(lower, List.copyOf(values));
      }
    });
    return kept;
  }

  /** The request header names a response's Vary lists, lower-case and sorted. */
  static List<String> varyNames(HttpHeaders response) {
    List<String> names = new ArrayList<>();
    for (String line : response.allValues("vary")) {
      for (String name : line.split(",")) {
        String trimmed = name.trim().toLowerCase(Locale.ROOT);
        if (!trimmed.isEmpty() && !names.contains(trimmed)) {
          names.add(trimmed);
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** RFC 9111 §4.4: an unsafe method whose response is not an error invalidates stored responses. */
  static boolean invalidates(String method, int status) {
    boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
        || method.equals("TRACE");
    return !safe && status >= 200 && status < 400;
  }
}
