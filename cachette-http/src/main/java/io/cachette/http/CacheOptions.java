package io.cachette.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Cachette's options for one request, passed next to it:
 * {@code http.send(request, handler, CacheOptions.refresh())}. They are never sent to the origin
 * (standard request {@code Cache-Control} directives are, and the cache honours them too).
 * Combine options with {@link #and}: {@code CacheOptions.forceRefresh().and(CacheOptions.expireAfter(d))}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CacheOptions {
  /** No option: the client's settings apply. */
  public static final CacheOptions NONE = new CacheOptions(false, false, false, false, null);

  private final boolean refresh;
  private final boolean forceRefresh;
  private final boolean bypass;
  private final boolean onlyIfCached;
  private final @Nullable Expiration expireAfter;

  private CacheOptions(boolean refresh, boolean forceRefresh, boolean bypass, boolean onlyIfCached,
      @Nullable Expiration expireAfter) {
    List<String> set = new ArrayList<>();
    if (bypass) {
      set.add("bypass");
    }
    if (onlyIfCached) {
      set.add("onlyIfCached");
    }
    if (forceRefresh || refresh) {
      set.add(forceRefresh ? "forceRefresh" : "refresh");
    }
    if (set.size() > 1) {
      throw new IllegalArgumentException("cache options " + String.join(" and ", set)
          + " contradict each other; pass at most one of bypass, onlyIfCached and refresh/forceRefresh");
    }
    this.refresh = refresh;
    this.forceRefresh = forceRefresh;
    this.bypass = bypass;
    this.onlyIfCached = onlyIfCached;
    this.expireAfter = expireAfter;
  }

  /**
   * Revalidate a stored response with the origin before using it (a conditional request when it
   * has an ETag or Last-Modified), whether or not it is fresh.
   */
  public static CacheOptions refresh() {
    return new CacheOptions(true, false, false, false, null);
  }

  /** Ignore any stored response: send the request unconditionally, and store the new response. */
  public static CacheOptions forceRefresh() {
    return new CacheOptions(false, true, false, false, null);
  }

  /** Skip the cache entirely: nothing is read or stored for this request. */
  public static CacheOptions bypass() {
    return new CacheOptions(false, false, true, false, null);
  }

  /**
   * Answer from the store only (fresh or stale), never from the origin; when nothing is stored the
   * answer is a synthetic {@code 504 Gateway Timeout} ({@link CacheStatus#UNSATISFIABLE}).
   */
  public static CacheOptions onlyIfCached() {
    return new CacheOptions(false, false, false, true, null);
  }

  /** Store this request's response with this expiration, overriding the client's settings. */
  public static CacheOptions expireAfter(Expiration expiration) {
    return new CacheOptions(false, false, false, false,
        Objects.requireNonNull(expiration, "expiration"));
  }

  /** Store this request's response for {@code duration}; see {@link Expiration#after}. */
  public static CacheOptions expireAfter(Duration duration) {
    return expireAfter(Expiration.after(duration));
  }

  /**
   * These options and {@code other}'s together.
   *
   * @throws IllegalArgumentException when they contradict (bypass with onlyIfCached or refresh,
   *     two expirations)
   */
  public CacheOptions and(CacheOptions other) {
    Objects.requireNonNull(other, "other");
    if (expireAfter != null && other.expireAfter != null) {
      throw new IllegalArgumentException("expireAfter given twice: " + expireAfter + " and "
          + other.expireAfter);
    }
    return new CacheOptions(refresh || other.refresh, forceRefresh || other.forceRefresh,
        bypass || other.bypass, onlyIfCached || other.onlyIfCached,
        expireAfter != null ? expireAfter : other.expireAfter);
  }

  boolean isRefresh() {
    return refresh;
  }

  boolean isForceRefresh() {
    return forceRefresh;
  }

  boolean isBypass() {
    return bypass;
  }

  boolean isOnlyIfCached() {
    return onlyIfCached;
  }

  @Nullable Expiration expiration() {
    return expireAfter;
  }

  @Override
  public String toString() {
    return "CacheOptions{refresh=" + refresh + ", forceRefresh=" + forceRefresh + ", bypass="
        + bypass + ", onlyIfCached=" + onlyIfCached + ", expireAfter=" + expireAfter + "}";
  }
}
