package io.cachette.http;

/** Where a response of a {@link CachedHttpClient} came from; see {@link CacheInfo#status()}. */
public enum CacheStatus {
  /** A fresh stored response, served without contacting the origin (or one shared with a concurrent caller's request). */
  HIT,
  /** A stored response the origin confirmed with {@code 304 Not Modified}; its headers were updated. */
  REVALIDATED,
  /** The origin's response (the cache had none usable, or was bypassed); it may have been stored. */
  MISS,
  /** A stale stored response, served because the origin failed ({@code staleIfError}) or while it is refreshed in the background ({@code staleWhileRevalidate}), or offline ({@code only-if-cached}). */
  STALE,
  /** A synthetic {@code 504 Gateway Timeout}: {@code only-if-cached} was asked and nothing was stored. */
  UNSATISFIABLE
}
