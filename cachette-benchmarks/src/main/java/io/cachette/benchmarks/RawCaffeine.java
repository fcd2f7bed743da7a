package io.cachette.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;

/** The raw Caffeine baselines the memory benchmarks compare against, built one way for all. */
final class RawCaffeine {
  private RawCaffeine() {}

  /** A bare, unbounded Caffeine: no expiry at all. */
  static Cache<String, String> bare() {
    return Caffeine.newBuilder().build();
  }

  /** Bounded, as a user writes a plain Caffeine: {@code maximumSize} and nothing else. */
  static Cache<String, String> bounded(long maximumSize) {
    return Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /** Bounded and counting hits and misses ({@code recordStats()}), as a user who reads stats writes it. */
  static Cache<String, String> boundedWithStats(long maximumSize) {
    return Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
  }

  /** Bounded with one TTL for every entry ({@code expireAfterWrite}). */
  static Cache<String, String> boundedWriteTtl(long maximumSize, Duration ttl) {
    return Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
  }

  /** One TTL for every entry, as hand-written caching with a TTL would do. */
  static Cache<String, String> writeTtl() {
    return Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5)).build();
  }

  /**
   * Configured as the memory backend is: variable (per-entry) expiry, maintenance on the caller's
   * thread; entries never expire here, so only the policy's cost is measured.
   */
  static Cache<String, String> perEntryExpiry() {
    return Caffeine.newBuilder().executor(Runnable::run).expireAfter(new Expiry<String, String>() {
      @Override
      public long expireAfterCreate(String key, String value, long currentTime) {
        return Long.MAX_VALUE;
      }

      @Override
      public long expireAfterUpdate(String k, String v, long currentTime, long currentDuration) {
        return currentDuration;
      }

      @Override
      public long expireAfterRead(String k, String v, long currentTime, long currentDuration) {
        return currentDuration;
      }
    }).build();
  }
}
