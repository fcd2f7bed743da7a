package io.cachette.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that stands still until a test moves it with {@link #advance(Duration)}, for
 * backends that read time from an injected clock. Thread-safe; nanosecond resolution.
 */
public final class MutableClock extends Clock {
  private final AtomicLong epochNanos;
  private final ZoneId zone;

  /** A clock at the given instant, in UTC. */
  public MutableClock(Instant start) {
    this(new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano()), ZoneOffset.UTC);
  }

  /** A clock at the current system time, in UTC. */
  public MutableClock() {
    this(Instant.now());
  }

  private MutableClock(AtomicLong epochNanos, ZoneId zone) {
    this.epochNanos = epochNanos;
    this.zone = zone;
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    epochNanos.addAndGet(duration.toNanos());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(epochNanos, zone);
  }

  @Override
  public Instant instant() {
    long nanos = epochNanos.get();
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public long millis() {
    return Math.floorDiv(epochNanos.get(), 1_000_000L);
  }
}
