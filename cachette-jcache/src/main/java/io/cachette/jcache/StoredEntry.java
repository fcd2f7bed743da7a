package io.cachette.jcache;

/**
 * What a JCache entry is in the Cachette cache beneath it: the caller's key (so that iteration and
 * {@code getAll} can hand it back), the value, and the wall-clock millisecond at which the entry
 * expires ({@link #NEVER} when it does not). The expiry time is kept beside the backend's own TTL
 * because JCache's update and access expiry rules may leave it unchanged, which needs the time left.
 */
record StoredEntry(Object key, Object value, long expiresAtMillis) {
  static final long NEVER = Long.MAX_VALUE;

  boolean isExpiredAt(long nowMillis) {
    return expiresAtMillis != NEVER && expiresAtMillis <= nowMillis;
  }

  StoredEntry withValue(Object newValue, long newExpiresAtMillis) {
    return new StoredEntry(key, newValue, newExpiresAtMillis);
  }
}
