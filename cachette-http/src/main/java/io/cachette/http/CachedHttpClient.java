package io.cachette.http;

import io.cachette.Cache;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that keeps responses in a Cachette {@link Cache} (any backend: SQLite by
 * default, memory, files, Redis, a database), following RFC 9111's rules for a private cache and
 * requests-cache's settings. It delegates the network to a real {@code HttpClient}.
 *
 * <pre>{@code
 * CachedHttpClient http = CachedHttpClient.builder()
 *     .backend("sqlite://http_cache.sqlite")              // the default
 *     .expireAfter(Duration.ofHours(1))
 *     .cacheControl(true)
 *     .build();
 * HttpResponse<String> r = http.send(request, BodyHandlers.ofString());
 * CachedResponses.of(r).fromCache();
 * }</pre>
 *
 * <p><b>Every body handler works.</b> A stored body is replayed to the caller's handler as the
 * origin's would be; on a miss the body reaches the caller as it arrives (an {@code InputStream}
 * reader gets bytes before the download ends) while a copy is kept for the store, and the end of
 * the body is signalled once the response is stored. A body larger than {@code maxBodyBytes} passes
 * through and is not stored.
 *
 * <p><b>Failures.</b> The cache never fails a request: a store that is down, slow or returns bytes
 * this client cannot read is a miss (unreadable entries are replaced), and a failed write is
 * ignored. Origin failures reach the caller as the delegate reports them (an {@link IOException}
 * from {@link #send}), unless {@code staleIfError} lets a stale response answer.
 *
 * <p><b>Secrets.</b> Ignored parameters (Authorization, API keys by default) are never part of a
 * key nor stored; see {@link CachedHttpClientBuilder#ignoredParameters}.
 *
 * <p>Thread-safe: share one client. Close it to close a store it opened from a URL.
 */
public final class CachedHttpClient extends HttpClient implements AutoCloseable {
  private final HttpClient delegate;
  private final HttpCacheEngine engine;
  private final boolean ownsCache;
  private final HttpCache inspection;
  private final String description;

  CachedHttpClient(HttpClient delegate, HttpCacheEngine engine, boolean ownsCache,
      String description) {
    this.delegate = delegate;
    this.engine = engine;
    this.ownsCache = ownsCache;
    this.inspection = new DefaultHttpCache(engine);
    this.description = description;
  }

  /** Starts building a client; see {@link CachedHttpClientBuilder} for the settings and defaults. */
  public static CachedHttpClientBuilder builder() {
    return new CachedHttpClientBuilder();
  }

  /**
   * Sends a request through the cache, blocking until the response (and, for handlers that read
   * the whole body, the body) is available. The store is read on this thread, through the
   * blocking {@link Cache} API (bounded by the backend's own timeouts), so that a hit involves no
   * other thread; the origin request and the store's writes run as for {@link #sendAsync}.
   *
   * @throws IOException when the origin fails and no stale response may answer
   * @throws InterruptedException when interrupted while waiting
   * @throws IllegalArgumentException when the delegate refuses the request
   */
  @Override
  public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return send(request, handler, CacheOptions.NONE);
  }

  /**
   * Like {@link #send(HttpRequest, BodyHandler)}, with Cachette's per-request options (which are
   * never sent to the origin).
   */
  public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler,
      CacheOptions options) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<T>> response = engine.send(request, handler, options, true);
    try {
      return response.get();
    } catch (InterruptedException e) {
      response.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = HttpCacheEngine.throwIfUnchecked(HttpCacheEngine.unwrap(e));
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause.getMessage(), cause);
    }
  }

  /**
   * Sends a request through the cache without blocking a thread on the store or the network.
   * The future fails as the delegate's would (with an {@link IOException} when the origin fails).
   */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      BodyHandler<T> handler) {
    return engine.send(request, handler, CacheOptions.NONE, false);
  }

  /** Like {@link #sendAsync(HttpRequest, BodyHandler)}, with Cachette's per-request options. */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      BodyHandler<T> handler, CacheOptions options) {
    return engine.send(request, handler, options, false);
  }

  /**
   * HTTP/2 server push is not cached: the request goes to the delegate as it is (its response
   * still carries {@link CacheInfo}, with status {@link CacheStatus#MISS}).
   */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      BodyHandler<T> handler, PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(request, handler, pushPromiseHandler)
        .thenApply(r -> CachedHttpResponse.of(r,
            new CacheInfo(CacheStatus.MISS, null, null, null, false)));
  }

  /** Inspection and pruning of the stored responses. */
  public HttpCache cache() {
    return inspection;
  }

  /** The client that does the network work. */
  public HttpClient delegate() {
    return delegate;
  }

  /** Closes the store when this client opened it from a URL; a cache or backend passed in stays open. */
  @Override
  public void close() {
    if (ownsCache) {
      engine.cache.close();
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  /** WebSockets are not cached: the delegate's builder. */
  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  /** The configuration, as the builder printed it (passwords in URLs masked). */
  @Override
  public String toString() {
    return "CachedHttpClient{" + description + "}";
  }
}
