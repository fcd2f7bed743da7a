package io.cachette.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Stream;

/**
 * Inspection and pruning of a {@link CachedHttpClient}'s stored responses:
 * {@code client.cache()}. Listing needs a backend that can list its keys (every built-in one);
 * a backend that cannot throws {@link UnsupportedOperationException}.
 *
 * <p>Unlike requests through the client, these are explicit requests to the store: a store failure
 * is thrown as {@link io.cachette.CacheException}. Streams are lazy (the store is read page by
 * page as they are consumed) and must be closed. Thread-safe.
 */
public interface HttpCache {
  /** Which stored responses a listing includes. */
  enum Filter {
    /** Every stored response. */
    ALL,
    /** Only fresh ones. */
    VALID,
    /** Only stale ones. */
    EXPIRED
  }

  /** Whether a GET response of this URL is stored (fresh or stale). */
  boolean contains(URI uri);

  /** Whether a response that would answer this request is stored (fresh or stale; its Vary variant included). */
  boolean contains(HttpRequest request);

  /** Deletes entries by cache key (as {@link StoredResponse#cacheKey()} and {@link CacheInfo#cacheKey()} show them); returns how many existed. */
  long deleteKeys(Collection<String> keys);

  /** Deletes the stored GET and HEAD responses of these URLs (every Vary variant); returns how many existed. */
  long delete(URI... uris);

  /** Deletes the stored responses that would answer these requests; returns how many existed. */
  long delete(HttpRequest... requests);

  /** Deletes every stale response; returns how many. */
  long deleteExpired();

  /** Deletes the responses received more than {@code age} ago; returns how many. */
  long deleteOlderThan(Duration age);

  /** The stored responses. */
  Stream<StoredResponse> responses();

  /** The stored responses the filter keeps. */
  Stream<StoredResponse> responses(Filter filter);

  /** The distinct URLs of the stored responses (ignored query parameters redacted). */
  Stream<URI> urls();

  /** The distinct URLs of the stored responses the filter keeps. */
  Stream<URI> urls(Filter filter);

  /**
   * Gives every stored response a new expiration, counted from now (requests-cache's
   * {@code reset_expiration}); {@link Expiration#DO_NOT_CACHE} deletes them. Returns how many were
   * updated.
   */
  long resetExpiration(Expiration expiration);

  /** The number of stored responses (every Vary variant counts). */
  long count();

  /** Deletes every entry of the client's namespace, and nothing else. */
  void clear();
}
