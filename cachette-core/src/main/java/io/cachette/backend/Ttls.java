package io.cachette.backend;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The TTL arithmetic every backend shares, in one place: which TTLs are valid, how a TTL becomes a
 * whole number of milliseconds or nanoseconds, and how an expiry time is computed without
 * overflow.
 *
 * <ul>
 *   <li>A {@code null} TTL means "never expires"; a non-null TTL must be positive.</li>
 *   <li>Conversions round up, so that a sub-millisecond TTL becomes 1 ms rather than 0 (an entry
 *       is never stored already expired).</li>
 *   <li>Conversions and expiry times saturate at {@link Long#MAX_VALUE} instead of overflowing:
 *       a TTL of 20,000 weeks, or {@code ChronoUnit.FOREVER.getDuration()}, stores the value and
 *       it effectively never expires.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class Ttls {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private Ttls() {}

  /**
   * Checks a TTL argument.
   *
   * @param ttl null for an entry that never expires, else a positive duration
   * @return the same TTL
   * @throws IllegalArgumentException when the TTL is zero or negative
   */
  public static @Nullable Duration check(@Nullable Duration ttl) {
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("TTL must be positive, was " + ttl
          + "; use null for an entry that never expires, or delete(key) to remove one");
    }
    return ttl;
  }

  /**
   * A TTL in whole milliseconds: rounded up (at least 1), saturating at {@link Long#MAX_VALUE}.
   *
   * @throws NullPointerException when the TTL is null
   * @throws IllegalArgumentException when the TTL is zero or negative
   */
  public static long toMillis(Duration ttl) {
    positive(ttl);
    long seconds = ttl.getSeconds();
    long millisOfNanos = (ttl.getNano() + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
    if (seconds > (Long.MAX_VALUE - millisOfNanos) / 1000) {
      return Long.MAX_VALUE;
    }
    return seconds * 1000 + millisOfNanos;
  }

  /**
   * A TTL in nanoseconds, saturating at {@link Long#MAX_VALUE} (about 292 years).
   *
   * @throws NullPointerException when the TTL is null
   * @throws IllegalArgumentException when the TTL is zero or negative
   */
  public static long toNanos(Duration ttl) {
    positive(ttl);
    long seconds = ttl.getSeconds();
    if (seconds > (Long.MAX_VALUE - ttl.getNano()) / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    return seconds * 1_000_000_000L + ttl.getNano();
  }

  /**
   * When an entry written at {@code nowMillis} with this TTL expires, in the same milliseconds:
   * {@code nowMillis + toMillis(ttl)}, saturating at {@link Long#MAX_VALUE}.
   *
   * @throws NullPointerException when the TTL is null
   * @throws IllegalArgumentException when the TTL is zero or negative
   */
  public static long expiresAtMillis(long nowMillis, Duration ttl) {
    return saturatedAdd(nowMillis, toMillis(ttl));
  }

  /**
   * When an entry written at {@code nowNanos} (any fixed origin, such as {@link System#nanoTime()})
   * with this TTL expires, in the same nanoseconds, saturating at {@link Long#MAX_VALUE}.
   *
   * @throws NullPointerException when the TTL is null
   * @throws IllegalArgumentException when the TTL is zero or negative
   */
  public static long expiresAtNanos(long nowNanos, Duration ttl) {
    return saturatedAdd(nowNanos, toNanos(ttl));
  }

  private static void positive(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    check(ttl);
  }

  /** {@code now + amount} for a positive amount, {@link Long#MAX_VALUE} when it overflows. */
  private static long saturatedAdd(long now, long amount) {
    long sum = now + amount;
    return sum < now ? Long.MAX_VALUE : sum;
  }
}
