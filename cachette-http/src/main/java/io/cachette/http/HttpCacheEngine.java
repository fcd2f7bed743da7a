package io.cachette.http;

import io.cachette.AsyncCache;
import io.cachette.Cache;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of a {@link CachedHttpClient}: look a request up, decide with {@link CacheStrategy},
 * answer from the store or the origin, and store what may be stored. Every store operation goes
 * through the client's {@link AsyncCache} of {@code byte[]} entries, laid out by the
 * {@link ResponseStore} (keys, Vary indexes, URL indexes), and fails open: a store error is a miss
 * on read and is ignored on write or invalidation, so the cache can never fail a request.
 *
 * <p>Concurrent requests that need the origin for the same key share one origin request through
 * the core's load guard ({@link AsyncCache#get(String, java.util.function.Function,
 * java.util.function.BiFunction)} under a guard key that is never stored): the first caller streams
 * the origin's body, the others get the stored result.
 */
final class HttpCacheEngine {
  private static final Logger LOG = LoggerFactory.getLogger(CachedHttpClient.class);
  /** The suffix of the guard key under which concurrent origin requests for a key are coalesced. */
  private static final String FLIGHT_SUFFIX = "~flight";
  private static final Duration REQUEST_BODY_TIMEOUT = Duration.ofSeconds(10);

  final Settings settings;
  final RequestKeys keys;
  final HttpClient delegate;
  final Cache<byte[]> cache;
  final AsyncCache<byte[]> async;
  final ResponseStore store;

  HttpCacheEngine(Settings settings, HttpClient delegate, Cache<byte[]> cache) {
    this.settings = settings;
    this.keys = new RequestKeys(settings);
    this.delegate = delegate;
    this.cache = cache;
    this.async = cache.async();
    this.store = new ResponseStore(settings, keys, cache);
  }

  /** One request going through the cache. */
  private final class Exchange<T> {
    final HttpRequest request;
    final BodyHandler<T> handler;
    final CacheOptions options;
    final String method;
    final Directives directives;
    final byte @Nullable [] body;
    final String key;

    Exchange(HttpRequest request, BodyHandler<T> handler, CacheOptions options,
        byte @Nullable [] body, String key) {
      this.request = request;
      this.handler = handler;
      this.options = options;
      this.method = request.method();
      this.directives = requestDirectives(request);
      this.body = body;
      this.key = key;
    }

    <U> Exchange<U> withHandler(BodyHandler<U> other) {
      return new Exchange<>(request, other, options, body, key);
    }
  }

  /** A stored response found for a request, and the key it was found under. */
  private record Found(String key, StoredEntry.@Nullable Response entry, boolean fromGet) {}

  /**
   * Sends a request through the cache. With {@code blocking} (the caller waits for the future, as
   * {@link CachedHttpClient#send} does), the store is read on the caller's thread through the
   * blocking {@link Cache} API, so that a hit completes the future before it is returned, without
   * a hand-off to the store's executor and back; otherwise through the {@link AsyncCache}. The
   * origin and the writes are asynchronous either way.
   */
  <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, BodyHandler<T> handler,
      CacheOptions options, boolean blocking) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    if (options.isBypass()) {
      return delegate.sendAsync(request, handler)
          .thenApply(r -> CachedHttpResponse.of(r, info(CacheStatus.MISS, null, null)));
    }
    String method = request.method();
    boolean conditionalFromCaller = request.headers().firstValue("if-none-match").isPresent()
        || request.headers().firstValue("if-modified-since").isPresent();
    if (!settings.allowableMethods().contains(method) || conditionalFromCaller) {
      return passThrough(request, handler);
    }
    byte[] body;
    String key;
    try {
      body = requestBody(request);
      key = keys.key(request, method, body);
    } catch (NotCacheableException e) {
      LOG.debug("{} {}: not cached, {}", method, keys.redactUri(request.uri()), e.getMessage());
      return passThrough(request, handler);
    }
    Exchange<T> exchange = new Exchange<>(request, handler, options, body, key);
    return lookup(exchange, key, blocking).thenCompose(found -> {
      if (found.entry() == null && method.equals("HEAD")) {
        // RFC 9110 §9.3.2: a HEAD may be answered from a stored GET response's headers.
        String getKey = keys.key(request, "GET", body);
        return lookup(exchange, getKey, blocking).thenCompose(fromGet -> answer(exchange,
            fromGet.entry() == null ? found : new Found(fromGet.key(), fromGet.entry(), true)));
      }
      return answer(exchange, found);
    });
  }

  private <T> CompletableFuture<HttpResponse<T>> answer(Exchange<T> exchange, Found found) {
    StoredEntry.Response stored = found.entry();
    Instant now = settings.clock().instant();
    boolean onlyIfCached = exchange.options.isOnlyIfCached() || settings.onlyIfCached()
        || exchange.directives.has("only-if-cached");
    if (stored == null) {
      // RFC 9111 §5.2.1.7: only-if-cached with nothing stored is a 504.
      return onlyIfCached ? unsatisfiable(exchange) : fetch(exchange, null);
    }
    if (onlyIfCached) {
      return replay(exchange, found.key(), stored,
          stored.isExpired(now) ? CacheStatus.STALE : CacheStatus.HIT);
    }
    if (exchange.options.isForceRefresh()) {
      return direct(exchange, null);
    }
    CacheStrategy.Use use = CacheStrategy.decide(settings, stored, exchange.directives,
        exchange.options.isRefresh() || settings.alwaysRevalidate(), now);
    if (found.fromGet()) {
      // A GET response answers a HEAD only while it may be used as it is.
      return use == CacheStrategy.Use.FRESH ? replay(exchange, found.key(), stored, CacheStatus.HIT)
          : fetch(exchange, null);
    }
    switch (use) {
      case FRESH:
        return replay(exchange, found.key(), stored, CacheStatus.HIT);
      case STALE_ACCEPTED:
        return replay(exchange, found.key(), stored, CacheStatus.STALE);
      case STALE_WHILE_REVALIDATE:
        refreshInBackground(exchange, stored);
        return replay(exchange, found.key(), stored, CacheStatus.STALE);
      default:
        return fetch(exchange, stored);
    }
  }

  // ---------------------------------------------------------------- the origin

  /**
   * Asks the origin, coalesced: concurrent callers for the same key share one origin request. The
   * first (the leader) gets the origin's response as it streams; the others get the entry it
   * stored, or ask the origin themselves when nothing was stored or their Vary headers differ.
   */
  private <T> CompletableFuture<HttpResponse<T>> fetch(Exchange<T> exchange,
      StoredEntry.@Nullable Response stale) {
    if (!settings.coalesce()) {
      return direct(exchange, stale);
    }
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    AtomicBoolean leader = new AtomicBoolean();
    CompletableFuture<byte @Nullable []> shared;
    try {
      shared = async.get(exchange.key + FLIGHT_SUFFIX, guardKey -> {
        leader.set(true);
        // A caller that missed just before another caller's request stored the response finds
        // it now, instead of asking the origin again.
        return lookup(exchange, exchange.key, false).thenCompose(found -> {
          StoredEntry.Response current = found.entry();
          if (current != null && (stale == null || current.createdAt().isAfter(stale.createdAt()))
              && CacheStrategy.decide(settings, current, exchange.directives, false,
                  settings.clock().instant()) == CacheStrategy.Use.FRESH) {
            complete(result, replay(exchange, found.key(), current, CacheStatus.HIT));
            return CompletableFuture.completedFuture(current.encode());
          }
          return load(exchange, stale, result);
        });
      }, (guardKey, value) -> CompletableFuture.completedFuture(null));
    } catch (RuntimeException e) {
      LOG.debug("coalescing unavailable ({}), asking the origin directly", e.toString());
      return direct(exchange, stale);
    }
    shared.whenComplete((bytes, error) -> {
      if (leader.get()) {
        return; // the leader's own origin request completes its result
      }
      if (error != null) {
        // The loader never fails (origin errors complete it with null): the guard itself failed,
        // a store error of a strict cache. Fail open: ask the origin without coalescing.
        LOG.debug("coalescing failed ({}), asking the origin directly", unwrap(error).toString());
        complete(result, direct(exchange, stale));
        return;
      }
      StoredEntry.Response entry = bytes == null ? null : decodeResponse(bytes);
      if (entry != null && ResponseStore.varyMatches(entry, exchange.request.headers())) {
        complete(result, replay(exchange, exchange.key, entry, CacheStatus.HIT));
      } else {
        complete(result, direct(exchange, stale));
      }
    });
    return result;
  }

  /** One origin request of this caller alone, not coalesced. */
  private <T> CompletableFuture<HttpResponse<T>> direct(Exchange<T> exchange,
      StoredEntry.@Nullable Response stale) {
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    load(exchange, stale, result);
    return result;
  }

  /**
   * One origin request. Completes {@code result} with the caller's response (as soon as the
   * origin's headers arrive when the body streams), and returns the stage of the stored entry's
   * bytes (null when nothing was stored), which completes once the entry is stored.
   */
  private <T> CompletableFuture<byte @Nullable []> load(Exchange<T> exchange,
      StoredEntry.@Nullable Response stale, CompletableFuture<HttpResponse<T>> result) {
    Origin<T> origin = new Origin<>(exchange, stale);
    origin.start(result);
    return origin.stored;
  }

  /** The state of one origin request. */
  private final class Origin<T> {
    final Exchange<T> exchange;
    final StoredEntry.@Nullable Response stale;
    final CompletableFuture<byte @Nullable []> stored = new CompletableFuture<>();
    volatile @Nullable HttpHeaders notModified;
    volatile boolean staleOnError;
    volatile @Nullable CacheInfo info;
    Instant requestedAt = Instant.EPOCH;
    volatile Instant receivedAt = Instant.EPOCH;

    Origin(Exchange<T> exchange, StoredEntry.@Nullable Response stale) {
      this.exchange = exchange;
      this.stale = stale;
    }

    void start(CompletableFuture<HttpResponse<T>> result) {
      HttpRequest request = exchange.request;
      StoredEntry.Response conditionalOn = stale;
      if (conditionalOn != null && !exchange.options.isForceRefresh()) {
        Map<String, String> validators = CacheStrategy.validators(conditionalOn);
        if (!validators.isEmpty()) {
          HttpRequest.Builder conditional = HttpRequest.newBuilder(request, (n, v) -> true);
          validators.forEach(conditional::setHeader);
          request = conditional.build();
        }
      }
      requestedAt = settings.clock().instant();
      CompletableFuture<HttpResponse<T>> network;
      try {
        network = delegate.sendAsync(request, this::subscriber);
      } catch (RuntimeException e) {
        stored.complete(null);
        result.completeExceptionally(e);
        return;
      }
      network.whenComplete((response, error) -> {
        if (error != null) {
          stored.complete(null);
          Throwable cause = unwrap(error);
          StoredEntry.Response fallback = stale;
          if (fallback != null && cause instanceof IOException
              && CacheStrategy.usableOnError(settings, fallback, exchange.directives,
                  settings.clock().instant())) {
            LOG.debug("{}: origin failed ({}), serving the stale response",
                keys.redactUri(exchange.request.uri()), cause.toString());
            complete(result, replay(exchange, exchange.key, fallback, CacheStatus.STALE));
          } else {
            result.completeExceptionally(cause);
          }
          return;
        }
        HttpHeaders update = notModified;
        StoredEntry.Response previous = stale;
        if (update != null && previous != null) {
          // RFC 9111 §4.3.4: freshen the stored response with the 304's headers.
          StoredEntry.Response merged = freshened(previous, update);
          complete(result, write(exchange, merged, response.uri()).thenCompose(ignored -> {
            stored.complete(merged.encode());
            return replay(exchange, exchange.key, merged, CacheStatus.REVALIDATED);
          }));
          return;
        }
        if (staleOnError && previous != null) {
          stored.complete(null);
          complete(result, replay(exchange, exchange.key, previous, CacheStatus.STALE));
          return;
        }
        CacheInfo known = info;
        CachedHttpResponse<T> answer = CachedHttpResponse.of(response,
            known != null ? known : info(CacheStatus.MISS, exchange.key, null));
        URI finalUri = response.uri();
        if (!finalUri.equals(exchange.request.uri())) {
          // Redirects: the stored response names the final URL, and is stored under its key too.
          CompletableFuture<Boolean> alias = stored.thenCompose(bytes -> {
            StoredEntry.Response entry = bytes == null ? null : decodeResponse(bytes);
            return entry == null ? CompletableFuture.completedFuture(false)
                : write(exchange, entry.withUri(keys.redactUri(finalUri)), finalUri);
          });
          if (stored.isDone()) {
            alias.whenComplete((ok, e) -> result.complete(answer));
            return;
          }
        }
        result.complete(answer);
      });
    }

    /** Chooses, from the origin's status and headers, what to do with its body. */
    BodySubscriber<T> subscriber(HttpResponse.ResponseInfo response) {
      receivedAt = settings.clock().instant();
      int status = response.statusCode();
      StoredEntry.Response previous = stale;
      if (previous != null && status == 304) {
        notModified = response.headers();
        return discard();
      }
      if (previous != null && status >= 500
          && CacheStrategy.usableOnError(settings, previous, exchange.directives, receivedAt)) {
        staleOnError = true;
        return discard();
      }
      BodySubscriber<T> caller = exchange.handler.apply(response);
      Expiration perRequest = exchange.options.expiration();
      Expiration expiration = perRequest != null ? perRequest
          : settings.expirationFor(exchange.request.uri());
      String refusal = CacheStrategy.refusal(settings, exchange.method, status,
          response.headers(), exchange.directives, expiration);
      if (refusal != null) {
        LOG.debug("{} {}: not stored, {}", exchange.method,
            keys.redactUri(exchange.request.uri()), refusal);
        stored.complete(null);
        return caller;
      }
      CacheStrategy.Freshness freshness = CacheStrategy.freshness(settings,
          exchange.request.uri(), status, response.headers(), exchange.directives, perRequest,
          requestedAt, receivedAt);
      info = new CacheInfo(CacheStatus.MISS, exchange.key, receivedAt, freshness.expiresAt(),
          false);
      long contentLength = response.headers().firstValueAsLong("content-length").orElse(-1);
      CapturingSubscriber<T> capturing = new CapturingSubscriber<>(caller,
          settings.maxBodyBytes(), contentLength, body -> {
            StoredEntry.Response entry = new StoredEntry.Response(exchange.method,
                keys.redactUri(exchange.request.uri()), status, response.version(),
                CacheStrategy.storable(response.headers(), settings),
                RequestKeys.varyValues(CacheStrategy.varyNames(response.headers()),
                    exchange.request.headers()),
                requestedAt, receivedAt, freshness.initialAgeMillis(), freshness.expiresAt(),
                body);
            return write(exchange, entry, exchange.request.uri()).handle((ok, e) -> {
              stored.complete(Boolean.TRUE.equals(ok) ? entry.encode() : null);
              return null;
            });
          });
      capturing.captured().thenAccept(body -> {
        if (body == null) {
          stored.complete(null);
        }
      });
      return capturing;
    }

    @SuppressWarnings("unchecked")
    private BodySubscriber<T> discard() {
      return (BodySubscriber<T>) BodySubscribers.replacing(null);
    }

    /** RFC 9111 §4.3.4: the stored response with the 304's headers and new times. */
    private StoredEntry.Response freshened(StoredEntry.Response previous, HttpHeaders update) {
      Map<String, List<String>> merged = CacheStrategy.merge(previous, update, settings);
      HttpHeaders mergedHeaders = HttpHeaders.of(merged, (n, v) -> true);
      Expiration perRequest = exchange.options.expiration();
      CacheStrategy.Freshness freshness = CacheStrategy.freshness(settings,
          exchange.request.uri(), previous.status(), mergedHeaders, exchange.directives,
          perRequest, requestedAt, receivedAt);
      return previous.with(merged, requestedAt, receivedAt, freshness.initialAgeMillis(),
          freshness.expiresAt());
    }
  }

  // ---------------------------------------------------------------- the store

  /**
   * Looks up a key, following a Vary index to the request's variant; {@code blocking} reads on
   * this thread (see {@link #send}). Never fails.
   */
  private CompletableFuture<Found> lookup(Exchange<?> exchange, String key, boolean blocking) {
    return store.lookup(key, exchange.request.headers(), blocking)
        .thenApply(found -> new Found(found.key(), found.entry(), false));
  }

  /**
   * Stores a response under its request's key (and, for a redirected request, under the final
   * URL's key too); see {@link ResponseStore#place}. Completes with whether it was stored; never
   * fails.
   */
  private CompletableFuture<Boolean> write(Exchange<?> exchange, StoredEntry.Response entry,
      URI finalUri) {
    Instant now = settings.clock().instant();
    if (settings.readOnly()) {
      return CompletableFuture.completedFuture(false);
    }
    if (settings.filter() != null
        && !settings.filter().test(new StoredResponse(exchange.key, entry, now))) {
      return CompletableFuture.completedFuture(false);
    }
    Duration ttl = store.storeTtl(entry, now);
    if (ttl == null) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> stored = store.place(exchange.request.uri(), exchange.key, entry,
        ttl);
    if (!entry.varyRequestHeaders().isEmpty() || finalUri.equals(exchange.request.uri())) {
      return stored;
    }
    // Redirects: a later request for the final URL is answered too.
    String finalKey;
    try {
      finalKey = keys.key(exchange.method, finalUri);
    } catch (RuntimeException e) {
      return stored; // a final URL the key function refuses is not stored under its own key
    }
    return stored.thenCombine(store.place(finalUri, finalKey, entry, ttl), (a, b) -> a && b);
  }

  // ---------------------------------------------------------------- what is not cached

  /**
   * A request the cache does not answer: sent as it is. An unsafe method's successful response
   * invalidates the stored responses of its URL and of its Location and Content-Location (RFC 9111
   * §4.4), before the response is returned.
   */
  private <T> CompletableFuture<HttpResponse<T>> passThrough(HttpRequest request,
      BodyHandler<T> handler) {
    return delegate.sendAsync(request, handler).thenCompose(response -> {
      CachedHttpResponse<T> wrapped = CachedHttpResponse.of(response,
          info(CacheStatus.MISS, null, null));
      if (settings.readOnly() || !CacheStrategy.invalidates(request.method(),
          response.statusCode())) {
        return CompletableFuture.completedFuture(wrapped);
      }
      List<URI> targets = new ArrayList<>();
      targets.add(request.uri());
      for (String header : new String[] {"location", "content-location"}) {
        response.headers().firstValue(header).ifPresent(value -> {
          try {
            URI target = request.uri().resolve(value);
            // §4.4: only URIs of the same origin, so a response cannot evict another site's.
            if (Objects.equals(target.getHost(), request.uri().getHost())
                && target.getPort() == request.uri().getPort()) {
              targets.add(target);
            }
          } catch (IllegalArgumentException e) {
            // a malformed Location invalidates nothing
          }
        });
      }
      return invalidate(targets).thenApply(ignored -> wrapped);
    });
  }

  /**
   * Deletes every stored response of these URIs, whatever the method and key settings (RFC 9111
   * §4.4); see {@link ResponseStore#deleteUrl}. Completes with how many existed; never fails.
   */
  CompletableFuture<Long> invalidate(List<URI> uris) {
    List<CompletableFuture<Long>> deletes = new ArrayList<>();
    for (URI uri : uris) {
      deletes.add(store.deleteUrl(uri).exceptionally(e -> {
        LOG.debug("{}: invalidation failed ({}); stored responses may be served until they expire",
            keys.redactUri(uri), e.toString());
        return 0L;
      }));
    }
    return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> deletes.stream().mapToLong(CompletableFuture::join).sum());
  }

  /** staleWhileRevalidate: one background refresh per key, however many callers saw it stale. */
  private void refreshInBackground(Exchange<?> exchange, StoredEntry.Response stale) {
    Exchange<Void> background = exchange.withHandler(HttpResponse.BodyHandlers.discarding());
    try {
      async.get(exchange.key + FLIGHT_SUFFIX, guardKey -> lookup(background, background.key, false)
          .thenCompose(found -> {
            StoredEntry.Response current = found.entry();
            if (current != null && current.createdAt().isAfter(stale.createdAt())) {
              return CompletableFuture.completedFuture(null); // refreshed meanwhile
            }
            return load(background, stale, new CompletableFuture<>());
          }), (guardKey, value) -> CompletableFuture.completedFuture(null))
          .exceptionally(e -> null);
    } catch (RuntimeException e) {
      LOG.debug("background refresh not started: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------- answers

  private <T> CompletableFuture<HttpResponse<T>> replay(Exchange<T> exchange, String key,
      StoredEntry.Response stored, CacheStatus status) {
    Instant now = settings.clock().instant();
    // HttpHeaders.of sorts the names itself.
    Map<String, List<String>> headers = new HashMap<>(stored.headers());
    // RFC 9111 §5.1: a response served from a cache carries its current age.
    headers.put("age", List.of(Long.toString(stored.ageMillis(now) / 1000)));
    HttpHeaders httpHeaders = HttpHeaders.of(headers, (n, v) -> true);
    boolean headOnly = exchange.method.equals("HEAD");
    byte[] body = headOnly ? new byte[0] : stored.body();
    URI uri = keys.redactUri(exchange.request.uri()).equals(stored.uri())
        ? exchange.request.uri() : URI.create(stored.uri());
    CacheInfo info = new CacheInfo(status, key, stored.createdAt(), stored.expiresAt(),
        stored.isExpired(now));
    return Replay.body(exchange.handler, stored.status(), httpHeaders, stored.version(), body)
        .thenApply(value -> new CachedHttpResponse<>(stored.status(), exchange.request,
            httpHeaders, value, uri, stored.version(), null, null, info));
  }

  /** RFC 9111 §5.2.1.7: only-if-cached and nothing stored: a 504 that never reached the origin. */
  private <T> CompletableFuture<HttpResponse<T>> unsatisfiable(Exchange<T> exchange) {
    HttpHeaders headers = HttpHeaders.of(Map.of("content-length", List.of("0")), (n, v) -> true);
    CacheInfo info = info(CacheStatus.UNSATISFIABLE, exchange.key, null);
    return Replay.body(exchange.handler, 504, headers, HttpClient.Version.HTTP_1_1, new byte[0])
        .thenApply(value -> new CachedHttpResponse<>(504, exchange.request, headers, value,
            exchange.request.uri(), HttpClient.Version.HTTP_1_1, null, null, info));
  }

  private static CacheInfo info(CacheStatus status, @Nullable String key,
      @Nullable Instant createdAt) {
    return new CacheInfo(status, key, createdAt, null, false);
  }

  // ---------------------------------------------------------------- helpers

  private StoredEntry.@Nullable Response decodeResponse(byte[] bytes) {
    try {
      return StoredEntry.decode(bytes) instanceof StoredEntry.Response response ? response : null;
    } catch (StoredEntry.InvalidEntryException e) {
      return null;
    }
  }

  private static Directives requestDirectives(HttpRequest request) {
    List<String> cacheControl = request.headers().allValues("cache-control");
    if (cacheControl.isEmpty()) {
      // RFC 9111 §5.4: "Pragma: no-cache" means no-cache when there is no Cache-Control.
      boolean pragmaNoCache = request.headers().allValues("pragma").stream()
          .anyMatch(value -> value.toLowerCase(java.util.Locale.ROOT).contains("no-cache"));
      return pragmaNoCache ? Directives.parse(List.of("no-cache")) : Directives.NONE;
    }
    return Directives.parse(cacheControl);
  }

  /** The request body, for the key: null when there is none. */
  private byte @Nullable [] requestBody(HttpRequest request) {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
      return null;
    }
    long length = publisher.get().contentLength();
    if (length < 0) {
      throw new NotCacheableException("its body has no known length (it could not be read twice)");
    }
    if (length > settings.maxBodyBytes()) {
      throw new NotCacheableException("its body is larger than maxBodyBytes");
    }
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    publisher.get().subscribe(new Flow.Subscriber<ByteBuffer>() {
      private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        out.write(chunk, 0, chunk.length);
      }

      @Override
      public void onError(Throwable throwable) {
        bytes.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        bytes.complete(out.toByteArray());
      }
    });
    try {
      return bytes.get(REQUEST_BODY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotCacheableException("interrupted while reading its body");
    } catch (ExecutionException | TimeoutException e) {
      throw new NotCacheableException("its body could not be read for the key");
    }
  }

  private static <T> void complete(CompletableFuture<T> target, CompletableFuture<? extends T> from) {
    from.whenComplete((value, error) -> {
      if (error != null) {
        target.completeExceptionally(unwrap(error));
      } else {
        target.complete(value);
      }
    });
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Throws an unchecked exception (or error) as it is; returns a checked one to be wrapped. */
  static Throwable throwIfUnchecked(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return cause;
  }

  /** A request the cache leaves alone, and why. */
  private static final class NotCacheableException extends RuntimeException {
    NotCacheableException(String message) {
      super(message, null, false, false);
    }
  }
}
