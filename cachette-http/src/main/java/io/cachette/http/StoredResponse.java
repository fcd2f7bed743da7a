package io.cachette.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A response as the cache holds it: what {@link HttpCache#responses} lists and what the client's
 * {@code filter} judges. Ignored parameters (secrets) are never part of it: query values of ignored
 * parameters read {@code REDACTED}, and response headers named like them are not stored.
 *
 * <p>Immutable and thread-safe; {@link #body()} returns a copy.
 */
public final class StoredResponse {
  private final String cacheKey;
  private final StoredEntry.Response entry;
  private final boolean expired;

  StoredResponse(String cacheKey, StoredEntry.Response entry, Instant now) {
    this.cacheKey = cacheKey;
    this.entry = entry;
    this.expired = entry.isExpired(now);
  }

  StoredEntry.Response entry() {
    return entry;
  }

  /** The key it is stored under. */
  public String cacheKey() {
    return cacheKey;
  }

  /** The request method that produced it ({@code GET}, {@code HEAD}, or another allowed one). */
  public String method() {
    return entry.method();
  }

  /** The URL of the response (after redirects), with ignored query parameters redacted. */
  public URI uri() {
    return URI.create(entry.uri());
  }

  /** The status code. */
  public int statusCode() {
    return entry.status();
  }

  /** The stored response headers (lower-case names; hop-by-hop headers are never stored). */
  public HttpHeaders headers() {
    return entry.httpHeaders();
  }

  /** A copy of the body. */
  public byte[] body() {
    return entry.body().clone();
  }

  /** When it was received from the origin (by the client's clock). */
  public Instant createdAt() {
    return entry.createdAt();
  }

  /** When it stops being fresh; empty when it never does. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(entry.expiresAt());
  }

  /** Whether it was stale when it was read. */
  public boolean isExpired() {
    return expired;
  }

  @Override
  public String toString() {
    @Nullable Instant expiresAt = entry.expiresAt();
    return "StoredResponse{" + entry.method() + " " + entry.uri() + " -> " + entry.status()
        + ", key=" + cacheKey + ", createdAt=" + entry.createdAt() + ", expiresAt="
        + (expiresAt == null ? "never" : expiresAt) + ", expired=" + expired + "}";
  }
}
