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

  /**
   * Deletes entries by cache key, as {@link StoredResponse#cacheKey()} and
   * {@link CacheInfo#cacheKey()} show them. The key a response with {@code Vary} reports on a miss
   * is its URL's Vary index: it is deleted with every variant. Returns how many responses existed.
   */
  long deleteKeys(Collection<String> keys);

  /**
   * Deletes every stored response of these URLs, as an unsafe request's success does: whatever the
   * method, the matched headers or the key function that made its key, every Vary variant, and the
   * index entries that listed them. Returns how many responses existed.
   */
  long delete(URI... uris);

  /**
   * Deletes the stored responses that would answer these requests: the response under each
   * request's key, or every variant of it when the key's responses vary. Returns how many existed.
   */
  long delete(HttpRequest... requests);

  /**
   * Deletes every stale response (and a Vary index or URL index it leaves empty); returns how many
   * responses.
   */
  long deleteExpired();

  /**
   * Deletes the responses received more than {@code age} ago (and a Vary index or URL index they
   * leave empty); returns how many.
   */
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
