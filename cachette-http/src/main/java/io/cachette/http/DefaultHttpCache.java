package io.cachette.http;

import io.cachette.Cache;
import io.cachette.KeyInfo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** {@link HttpCache} over the client's {@link Cache}: listing by {@link Cache#keys()}. */
final class DefaultHttpCache implements HttpCache {
  private final HttpCacheEngine engine;
  private final Cache<byte[]> cache;

  DefaultHttpCache(HttpCacheEngine engine) {
    this.engine = engine;
    this.cache = engine.cache;
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
      String variant = engine.keys.variantKey(key,
          RequestKeys.varyValues(index.headerNames(), request.headers()));
      return read(variant) instanceof StoredEntry.Response ? variant : null;
    }
    return entry instanceof StoredEntry.Response ? key : null;
  }

  @Override
  public long deleteKeys(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    return keys.isEmpty() ? 0 : cache.deleteMany(keys);
  }

  @Override
  public long delete(URI... uris) {
    long deleted = 0;
    for (URI uri : uris) {
      Objects.requireNonNull(uri, "uri");
      for (String method : new String[] {"GET", "HEAD"}) {
        deleted += deleteWithVariants(engine.keys.key(method, uri));
      }
    }
    return deleted;
  }

  @Override
  public long delete(HttpRequest... requests) {
    long deleted = 0;
    for (HttpRequest request : requests) {
      deleted += deleteWithVariants(engine.keys.key(request, request.method(), null));
    }
    return deleted;
  }

  private long deleteWithVariants(String key) {
    StoredEntry entry = read(key);
    if (entry instanceof StoredEntry.VaryIndex) {
      List<String> variants = new ArrayList<>();
      try (Stream<KeyInfo> keys = cache.keys()) {
        keys.map(KeyInfo::key).filter(k -> k.startsWith(key + "-")).forEach(variants::add);
      }
      cache.delete(key);
      return variants.isEmpty() ? 0 : cache.deleteMany(variants);
    }
    return cache.delete(key) ? 1 : 0;
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

  private long deleteWhere(java.util.function.Predicate<StoredResponse> condition) {
    List<String> doomed = new ArrayList<>();
    try (Stream<StoredResponse> responses = responses()) {
      responses.filter(condition).map(StoredResponse::cacheKey).forEach(doomed::add);
    }
    long deleted = 0;
    for (int from = 0; from < doomed.size(); from += 500) {
      deleted += cache.deleteMany(doomed.subList(from, Math.min(doomed.size(), from + 500)));
    }
    return deleted;
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
    for (StoredResponse response : all) {
      StoredEntry.Response renewed = response.entry().withExpiresAt(expiration.expiresAt(now));
      Duration ttl = engine.storeTtl(renewed, now);
      if (ttl == null) {
        cache.delete(response.cacheKey());
      } else if (cache.set(response.cacheKey(), renewed.encode(), ttl)) {
        updated++;
      }
    }
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
    if (bytes.isEmpty()) {
      return null;
    }
    try {
      return StoredEntry.decode(bytes.get());
    } catch (StoredEntry.InvalidEntryException e) {
      engine.deleteQuietly(key);
      return null;
    }
  }
}
