package io.cachette.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How long a stored response stays fresh, as requests-cache's {@code expire_after} says it: a
 * {@link Duration} after the response was received, a fixed {@link Instant}, or one of the constants
 * {@link #NEVER_EXPIRE}, {@link #EXPIRE_IMMEDIATELY} (stored, but revalidated before every use) and
 * {@link #DO_NOT_CACHE} (not stored at all).
 *
 * <p>Immutable and thread-safe.
 */
public final class Expiration {
  private enum Kind { NEVER, IMMEDIATELY, DO_NOT_CACHE, AFTER, AT }

  /** Responses stay fresh for good (requests-cache's {@code -1}); the default. */
  public static final Expiration NEVER_EXPIRE = new Expiration(Kind.NEVER, null, null);

  /**
   * Responses are stored but stale at once (requests-cache's {@code 0}): each use revalidates
   * them with the origin (a conditional request when they carry an ETag or Last-Modified).
   */
  public static final Expiration EXPIRE_IMMEDIATELY = new Expiration(Kind.IMMEDIATELY, null, null);

  /** Responses are not stored (requests-cache's {@code DO_NOT_CACHE}). */
  public static final Expiration DO_NOT_CACHE = new Expiration(Kind.DO_NOT_CACHE, null, null);

  private final Kind kind;
  private final @Nullable Duration after;
  private final @Nullable Instant at;

  private Expiration(Kind kind, @Nullable Duration after, @Nullable Instant at) {
    this.kind = kind;
    this.after = after;
    this.at = at;
  }

  /**
   * Fresh for {@code duration} after the response is received; zero is {@link #EXPIRE_IMMEDIATELY}.
   *
   * @throws NullPointerException when {@code duration} is null
   * @throws IllegalArgumentException when it is negative (use {@link #NEVER_EXPIRE} for never)
   */
  public static Expiration after(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("an expiration must not be negative, was " + duration
          + "; use Expiration.NEVER_EXPIRE for responses that never expire");
    }
    return duration.isZero() ? EXPIRE_IMMEDIATELY : new Expiration(Kind.AFTER, duration, null);
  }

  /**
   * Fresh until a fixed time (an instant in the past means stale at once).
   *
   * @throws NullPointerException when {@code instant} is null
   */
  public static Expiration at(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return new Expiration(Kind.AT, null, instant);
  }

  /** Whether responses with this expiration are not stored at all. */
  public boolean isDoNotCache() {
    return kind == Kind.DO_NOT_CACHE;
  }

  /**
   * The instant a response received at {@code receivedAt} stops being fresh; null when it never
   * does. Meaningless for {@link #DO_NOT_CACHE} (returns {@code receivedAt}).
   */
  @Nullable Instant expiresAt(Instant receivedAt) {
    switch (kind) {
      case NEVER:
        return null;
      case AFTER:
        return plusSaturating(receivedAt, Objects.requireNonNull(after));
      case AT:
        return Objects.requireNonNull(at);
      default:
        return receivedAt;
    }
  }

  static Instant plusSaturating(Instant instant, Duration duration) {
    try {
      Instant sum = instant.plus(duration);
      return sum.isAfter(Instant.MAX.minusSeconds(1)) ? Instant.MAX : sum;
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Expiration e && e.kind == kind && Objects.equals(e.after, after)
        && Objects.equals(e.at, at);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, after, at);
  }

  /** {@code NEVER_EXPIRE}, {@code EXPIRE_IMMEDIATELY}, {@code DO_NOT_CACHE}, {@code after PT1H} or {@code at <instant>}. */
  @Override
  public String toString() {
    switch (kind) {
      case NEVER:
        return "NEVER_EXPIRE";
      case IMMEDIATELY:
        return "EXPIRE_IMMEDIATELY";
      case DO_NOT_CACHE:
        return "DO_NOT_CACHE";
      case AFTER:
        return "after " + after;
      default:
        return "at " + at;
    }
  }
}
