package io.cachette.jdbc;

import io.cachette.CacheException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a database call again while it fails with a transient error (a busy or locked SQLite file,
 * a deadlock), with exponential backoff and jitter, until a deadline.
 */
final class Retry {
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** A database call. */
  interface Call<T> {
    T run() throws SQLException;
  }

  private Retry() {}

  /**
   * Runs the call until it succeeds, fails with an error {@code isTransient} rejects, or the
   * timeout has passed; then throws its last error.
   *
   * @throws CacheException when interrupted while waiting to retry
   */
  static <T> T withBackoff(Duration timeout, Predicate<SQLException> isTransient, Call<T> call)
      throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      try {
        return call.run();
      } catch (SQLException e) {
        long left = deadline - System.nanoTime();
        if (!isTransient.test(e) || left <= 0) {
          throw e;
        }
        // Jitter keeps competing threads and processes from retrying in lockstep.
        long sleep = Math.min(left, pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1));
        try {
          TimeUnit.NANOSECONDS.sleep(sleep);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          CacheException stop = new CacheException("Interrupted while waiting for a lock", e);
          throw stop;
        }
        pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
      }
    }
  }
}
