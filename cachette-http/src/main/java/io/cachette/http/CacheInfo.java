package io.cachette.http;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CachedHttpClient} did for one response: read it with {@link CachedResponses#of}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CacheInfo {
  private final CacheStatus status;
  private final @Nullable String cacheKey;
  private final @Nullable Instant createdAt;
  private final @Nullable Instant expiresAt;
  private final boolean expired;

  CacheInfo(CacheStatus status, @Nullable String cacheKey, @Nullable Instant createdAt,
      @Nullable Instant expiresAt, boolean expired) {
    this.status = Objects.requireNonNull(status, "status");
    this.cacheKey = cacheKey;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.expired = expired;
  }

  /** Whether the body came from the store (HIT, REVALIDATED or STALE), not from the origin. */
  public boolean fromCache() {
    return status == CacheStatus.HIT || status == CacheStatus.REVALIDATED
        || status == CacheStatus.STALE;
  }

  /** How the response was produced. */
  public CacheStatus status() {
    return status;
  }

  /** The key the response is (or would be) stored under; empty when the cache was bypassed. */
  public Optional<String> cacheKey() {
    return Optional.ofNullable(cacheKey);
  }

  /** When the stored response was received from the origin; empty when it was not stored. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /** When the stored response stops being fresh; empty when it never does or was not stored. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** Whether the stored response was already stale when it was served. */
  public boolean isExpired() {
    return expired;
  }

  @Override
  public String toString() {
    return "CacheInfo{status=" + status + ", fromCache=" + fromCache() + ", createdAt=" + createdAt
        + ", expiresAt=" + expiresAt + ", expired=" + expired + ", cacheKey=" + cacheKey + "}";
  }
}
