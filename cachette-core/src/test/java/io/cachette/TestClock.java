package io.cachette;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand, for TTLs without sleeping (core tests; the testkit has MutableClock). */
public final class TestClock extends Clock {
  private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

  /** Moves the clock forward. */
  public void advance(Duration step) {
    now = now.plus(step);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock stays in UTC");
  }
}
