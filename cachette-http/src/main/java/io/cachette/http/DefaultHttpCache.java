package io.cachette.http;

import io.cachette.Cache;
import io.cachette.CacheException;
import io.cachette.KeyInfo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@link HttpCache} over the client's {@link Cache}: listing by {@link Cache#keys()}, deleting by
 * URL through the URL indexes of the {@link ResponseStore}, which it keeps up to date when it
 * deletes or retimes responses by key.
 */
final class DefaultHttpCache implements HttpCache {
  /** How many keys one deleteMany call takes. */
  private static final int BATCH = 500;

  private final HttpCacheEngine engine;
  private final Cache<byte[]> cache;
  private final ResponseStore store;

  DefaultHttpCache(HttpCacheEngine engine) {
    this.engine = engine;
    this.cache = engine.cache;
    this.store = engine.store;
  }

  @Override
  public boolean contains(URI uri) {
    Objects.requireNonNull(uri, "uri");
    return cache.exists(engine.keys.key("GET", uri));
  }

  @Override
  public boolean contains(HttpRequest request) {
    return storedKey(request) != null;
  }

  /** The key of the stored response that would answer the request (its variant), or null. */
  private @Nullable String storedKey(HttpRequest request) {
    Objects.requireNonNull(request, "request");
    String key = engine.keys.key(request, request.method(), null);
    StoredEntry entry = read(key);
    if (entry instanceof StoredEntry.VaryIndex index) {
      String variant = engine.keys.variantKey(key, index.generation(),
          RequestKeys.varyValues(index.headerNames(), request.headers()));
      return read(variant) instanceof StoredEntry.Response ? variant : null;
    }
    return entry instanceof StoredEntry.Response ? key : null;
  }

  @Override
  public long deleteKeys(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      return 0;
    }
    List<StoredResponse> responses = new ArrayList<>();
    Map<String, StoredEntry.VaryIndex> varyIndexes = new LinkedHashMap<>();
    cache.getMany(keys).forEach((key, bytes) -> {
      StoredEntry entry = decodeOrNull(key, bytes);
      if (entry instanceof StoredEntry.Response response) {
        responses.add(new StoredResponse(key, response, engine.settings.clock().instant()));
      } else if (entry instanceof StoredEntry.VaryIndex index) {
        varyIndexes.put(key, index);
      }
    });
    List<String> others = new ArrayList<>(keys);
    others.removeAll(varyIndexes.keySet());
    long deleted = deleteInBatches(others);
    forget(responses);
    // The key a varied response reports on a miss is its Vary index's: it goes with its variants.
    for (Map.Entry<String, StoredEntry.VaryIndex> index : varyIndexes.entrySet()) {
      deleted += join(store.deleteUnder(index.getValue().urlIndexKey(), index.getKey()));
    }
    return deleted;
  }

  @Override
  public long delete(URI... uris) {
    long deleted = 0;
    for (URI uri : uris) {
      Objects.requireNonNull(uri, "uri");
      deleted += join(store.deleteUrl(uri));
    }
    return deleted;
  }

  @Override
  public long delete(HttpRequest... requests) {
    long deleted = 0;
    for (HttpRequest request : requests) {
      Objects.requireNonNull(request, "request");
      deleted += join(store.deleteRequest(request.uri(),
          engine.keys.key(request, request.method(), null)));
    }
    return deleted;
  }

  @Override
  public long deleteExpired() {
    return deleteWhere(StoredResponse::isExpired);
  }

  @Override
  public long deleteOlderThan(Duration age) {
    Objects.requireNonNull(age, "age");
    Instant cutoff = engine.settings.clock().instant().minus(age);
    return deleteWhere(response -> response.createdAt().isBefore(cutoff));
  }

  /** Deletes the responses that meet the condition, then the Vary and URL indexes left empty. */
  private long deleteWhere(java.util.function.Predicate<StoredResponse> condition) {
    List<StoredResponse> doomed = new ArrayList<>();
    try (Stream<StoredResponse> responses = responses()) {
      responses.filter(condition).forEach(doomed::add);
    }
    long deleted = deleteInBatches(doomed.stream().map(StoredResponse::cacheKey).toList());
    forget(doomed);
    return deleted;
  }

  private long deleteInBatches(List<String> keys) {
    long deleted = 0;
    for (int from = 0; from < keys.size(); from += BATCH) {
      deleted += cache.deleteMany(keys.subList(from, Math.min(keys.size(), from + BATCH)));
    }
    return deleted;
  }

  /** Takes deleted responses out of their URL indexes (and deletes Vary indexes left empty). */
  private void forget(List<StoredResponse> deleted) {
    Map<String, ResponseStore.Change> changes = new LinkedHashMap<>();
    for (StoredResponse response : deleted) {
      changes.put(response.cacheKey(), new ResponseStore.Change(response.uri(), null));
    }
    reindex(changes);
  }

  private void reindex(Map<String, ResponseStore.Change> changes) {
    List<Map.Entry<String, ResponseStore.Change>> all = new ArrayList<>(changes.entrySet());
    for (int from = 0; from < all.size(); from += BATCH) {
      Map<String, ResponseStore.Change> batch = new LinkedHashMap<>();
      for (Map.Entry<String, ResponseStore.Change> change
          : all.subList(from, Math.min(all.size(), from + BATCH))) {
        batch.put(change.getKey(), change.getValue());
      }
      join(store.reindex(batch));
    }
  }

  @Override
  public Stream<StoredResponse> responses() {
    return responses(Filter.ALL);
  }

  @Override
  public Stream<StoredResponse> responses(Filter filter) {
    Objects.requireNonNull(filter, "filter");
    Stream<KeyInfo> keys = cache.keys();
    return keys.map(info -> response(info.key()))
        .flatMap(Optional::stream)
        .filter(response -> filter == Filter.ALL
            || (filter == Filter.EXPIRED) == response.isExpired())
        .onClose(keys::close);
  }

  private Optional<StoredResponse> response(String key) {
    StoredEntry entry = read(key);
    return entry instanceof StoredEntry.Response response
        ? Optional.of(new StoredResponse(key, response, engine.settings.clock().instant()))
        : Optional.empty();
  }

  @Override
  public Stream<URI> urls() {
    return urls(Filter.ALL);
  }

  @Override
  public Stream<URI> urls(Filter filter) {
    return responses(filter).map(StoredResponse::uri).distinct();
  }

  @Override
  public long resetExpiration(Expiration expiration) {
    Objects.requireNonNull(expiration, "expiration");
    if (expiration.isDoNotCache()) {
      return deleteWhere(response -> true);
    }
    Instant now = engine.settings.clock().instant();
    List<StoredResponse> all = new ArrayList<>();
    try (Stream<StoredResponse> responses = responses()) {
      responses.forEach(all::add);
    }
    long updated = 0;
    Map<String, ResponseStore.Change> changes = new LinkedHashMap<>();
    for (StoredResponse response : all) {
      StoredEntry.Response renewed = response.entry().withExpiresAt(expiration.expiresAt(now));
      Duration ttl = store.storeTtl(renewed, now);
      if (ttl == null) {
        cache.delete(response.cacheKey());
        changes.put(response.cacheKey(), new ResponseStore.Change(response.uri(), null));
      } else if (cache.set(response.cacheKey(), renewed.encode(), ttl)) {
        updated++;
        changes.put(response.cacheKey(), new ResponseStore.Change(response.uri(),
            ResponseStore.keepUntil(ttl, now)));
      }
    }
    reindex(changes);
    return updated;
  }

  @Override
  public long count() {
    try (Stream<StoredResponse> responses = responses()) {
      return responses.count();
    }
  }

  @Override
  public void clear() {
    cache.clear();
  }

  private @Nullable StoredEntry read(String key) {
    Optional<byte[]> bytes = cache.get(key);
    return bytes.isEmpty() ? null : decodeOrNull(key, bytes.get());
  }

  private @Nullable StoredEntry decodeOrNull(String key, byte[] bytes) {
    try {
      return StoredEntry.decode(bytes);
    } catch (StoredEntry.InvalidEntryException e) {
      store.deleteQuietly(key);
      return null;
    }
  }

  /** The result of a store operation, with a store failure thrown as it is. */
  private static <T> T join(CompletableFuture<T> operation) {
    try {
      return operation.join();
    } catch (CompletionException e) {
      Throwable cause = HttpCacheEngine.throwIfUnchecked(HttpCacheEngine.unwrap(e));
      throw new CacheException("the HTTP cache's store failed: " + cause, cause);
    }
  }
}
