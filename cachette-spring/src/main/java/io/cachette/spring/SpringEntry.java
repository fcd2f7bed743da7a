package io.cachette.spring;

import java.io.Serializable;

/**
 * What the Spring cache adapter stores under a key of the adapted cache: the value's bytes and when
 * it expires ({@link Long#MAX_VALUE}: never), so that a store without TTLs still has them. A
 * {@link Serializable} record, so that adapted caches that serialize values (Spring's
 * {@code RedisCache}, a {@code ConcurrentMapCache} storing by value) can hold it.
 *
 * @param value the value's bytes
 * @param expiresAtMillis the epoch millisecond from which the entry is absent
 */
record SpringEntry(byte[] value, long expiresAtMillis) implements Serializable {
  private static final long serialVersionUID = 1L;

  static final long NEVER = Long.MAX_VALUE;

  boolean liveAt(long nowMillis) {
    return nowMillis < expiresAtMillis;
  }
}
