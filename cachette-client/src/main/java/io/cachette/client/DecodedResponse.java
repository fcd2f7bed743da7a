package io.cachette.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/** A response whose body was read as the method's type: everything else is the original's. */
final class DecodedResponse<T> implements HttpResponse<T> {
  private final HttpResponse<?> original;
  private final T body;

  DecodedResponse(HttpResponse<?> original, T body) {
    this.original = original;
    this.body = body;
  }

  @Override
  public int statusCode() {
    return original.statusCode();
  }

  @Override
  public HttpRequest request() {
    return original.request();
  }

  @Override
  public Optional<HttpResponse<T>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public HttpHeaders headers() {
    return original.headers();
  }

  @Override
  public T body() {
    return body;
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return original.sslSession();
  }

  @Override
  public URI uri() {
    return original.uri();
  }

  @Override
  public HttpClient.Version version() {
    return original.version();
  }

  @Override
  public String toString() {
    return "(" + request().method() + " " + uri() + ") " + statusCode();
  }

  @SuppressWarnings({"unchecked", "NullAway"}) // a HttpResponse<Void> has a null body
  static <T> HttpResponse<T> of(HttpResponse<?> original, @Nullable Object body) {
    return new DecodedResponse<>(original, (T) body);
  }
}
