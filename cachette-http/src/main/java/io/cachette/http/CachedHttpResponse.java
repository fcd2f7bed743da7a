package io.cachette.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/** Every response a {@link CachedHttpClient} returns: the parts of an HTTP response and its {@link CacheInfo}. */
final class CachedHttpResponse<T> implements HttpResponse<T> {
  private final int statusCode;
  private final HttpRequest request;
  private final HttpHeaders headers;
  private final T body;
  private final URI uri;
  private final HttpClient.Version version;
  private final @Nullable HttpResponse<T> previous;
  private final @Nullable SSLSession sslSession;
  private final CacheInfo info;

  CachedHttpResponse(int statusCode, HttpRequest request, HttpHeaders headers, T body, URI uri,
      HttpClient.Version version, @Nullable HttpResponse<T> previous,
      @Nullable SSLSession sslSession, CacheInfo info) {
    this.statusCode = statusCode;
    this.request = request;
    this.headers = headers;
    this.body = body;
    this.uri = uri;
    this.version = version;
    this.previous = previous;
    this.sslSession = sslSession;
    this.info = info;
  }

  /** The origin's response, with cache metadata. */
  static <T> CachedHttpResponse<T> of(HttpResponse<T> network, CacheInfo info) {
    return new CachedHttpResponse<>(network.statusCode(), network.request(), network.headers(),
        network.body(), network.uri(), network.version(), network.previousResponse().orElse(null),
        network.sslSession().orElse(null), info);
  }

  CacheInfo info() {
    return info;
  }

  @Override
  public int statusCode() {
    return statusCode;
  }

  @Override
  public HttpRequest request() {
    return request;
  }

  @Override
  public Optional<HttpResponse<T>> previousResponse() {
    return Optional.ofNullable(previous);
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public T body() {
    return body;
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return Optional.ofNullable(sslSession);
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public HttpClient.Version version() {
    return version;
  }

  @Override
  public String toString() {
    return "(" + request.method() + " " + uri + ") " + statusCode + " " + info.status();
  }
}
