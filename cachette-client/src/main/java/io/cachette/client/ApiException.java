package io.cachette.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response that the method could not return: a status outside 2xx (except 404 for a method
 * returning {@code Optional}), or a 2xx body that could not be read as the method's return type
 * (then {@link #getCause()} is Jackson's error). Carries the status, the response headers and a
 * bounded copy of the body ({@value #MAX_BODY_BYTES} bytes at most). The message names the request
 * method and URL (with the values of secret-looking query parameters hidden) and the status, and
 * shows the start of the body; it never shows headers.
 *
 * <p>Immutable.
 */
public class ApiException extends RuntimeException {
  /** The most body bytes an exception keeps. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final int MESSAGE_BODY_CHARS = 200;

  private final String method;
  private final URI uri;
  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;
  private final boolean bodyTruncated;

  /**
   * An exception for a response.
   *
   * @param method the request method, such as {@code GET}
   * @param uri the request URI
   * @param status the response status
   * @param headers the response headers
   * @param body the response body (copied, up to {@link #MAX_BODY_BYTES})
   * @param problem what went wrong, or null for an error status
   * @param cause the cause, such as a decoding error, or null
   */
  public ApiException(String method, URI uri, int status, HttpHeaders headers, byte[] body,
      @Nullable String problem, @Nullable Throwable cause) {
    super(message(method, uri, status, body, problem), cause);
    this.method = Objects.requireNonNull(method, "method");
    this.uri = Objects.requireNonNull(uri, "uri");
    this.status = status;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.bodyTruncated = body.length > MAX_BODY_BYTES;
    this.body = bodyTruncated ? java.util.Arrays.copyOf(body, MAX_BODY_BYTES) : body.clone();
  }

  /** The request method, such as {@code GET}. */
  public String method() {
    return method;
  }

  /** The request URI, as sent. */
  public URI uri() {
    return uri;
  }

  /** The response status, such as 404. */
  public int status() {
    return status;
  }

  /** The response headers. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The start of the response body (at most {@link #MAX_BODY_BYTES} bytes), a copy. */
  public byte[] body() {
    return body.clone();
  }

  /** {@link #body()} as UTF-8 text (malformed bytes replaced). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Whether the body was longer than {@link #MAX_BODY_BYTES} and {@link #body()} is its start. */
  public boolean bodyTruncated() {
    return bodyTruncated;
  }

  private static String message(String method, URI uri, int status, byte[] body,
      @Nullable String problem) {
    StringBuilder out = new StringBuilder(method).append(' ').append(Secrets.maskQuery(uri))
        .append(problem == null ? " returned " + status : " returned " + status + " but " + problem);
    if (body.length > 0) {
      String text = new String(body, 0, Math.min(body.length, MESSAGE_BODY_CHARS * 4),
          StandardCharsets.UTF_8);
      if (text.length() > MESSAGE_BODY_CHARS) {
        text = text.substring(0, MESSAGE_BODY_CHARS) + "...";
      }
      out.append(": ").append(text.replaceAll("\\s+", " ").strip());
    }
    return out.toString();
  }
}
