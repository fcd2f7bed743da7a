package io.cachette;

import io.cachette.backend.Completions;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cache does when its backend fails or a stored entry cannot be read: the one failure
 * policy of a cache and of everything built on it (memoization included).
 *
 * <ul>
 *   <li>Argument errors ({@link IllegalArgumentException}, {@link NullPointerException},
 *       {@link ValueTooLargeException}) always reach the caller: they are the caller's to fix.</li>
 *   <li>Strict: any other failure is thrown as a {@link CacheException} naming the operation, the
 *       (redacted) key and the backend.</li>
 *   <li>Fail-open: the failure is counted and logged, at most one WARN line per 10 seconds (the rest
 *       at DEBUG), and the operation answers as on a miss / a write not done.</li>
 * </ul>
 *
 * <p>Log lines never carry values and show keys only in the redacted form of
 * {@link StoredKeys#redact}; the logger {@code io.cachette.Cache.keys} at DEBUG adds the full key.
 * Thread-safe.
 */
final class FailurePolicy {
  static final Logger LOG = LoggerFactory.getLogger(Cache.class);
  /** Full keys, for whoever turns this logger on at DEBUG. */
  private static final Logger KEYS = LoggerFactory.getLogger(Cache.class.getName() + ".keys");
  private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

  private final boolean strict;
  private final String backendName;
  final LongAdder errors = new LongAdder();
  private final AtomicLong lastFailureWarn = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
  private final AtomicLong lastDropWarn = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

  FailurePolicy(boolean strict, String backendName) {
    this.strict = strict;
    this.backendName = backendName;
  }

  boolean strict() {
    return strict;
  }

  /**
   * Applies the policy to a failed backend operation: rethrows argument errors, throws a
   * {@link CacheException} when strict, otherwise counts and logs and returns normally.
   *
   * @param operation the cache operation, as users call it ({@code "get"}, {@code "persist"}...)
   * @param storedKey the stored key, or null for operations on several keys
   */
  void failed(String operation, @Nullable String storedKey, Throwable error) {
    Throwable cause = Completions.unwrap(error);
    if (cause instanceof ValueTooLargeException
        || cause instanceof IllegalArgumentException
        || cause instanceof NullPointerException) {
      throw (RuntimeException) cause;
    }
    errors.increment();
    String what = operation + (storedKey == null ? "" : " of '" + StoredKeys.redact(storedKey) + "'")
        + " on " + backendName + " failed";
    String reason = cause instanceof TimeoutException
        ? "no answer within the operation timeout (" + cause.getClass().getSimpleName() + ")"
        : cause.toString();
    if (strict) {
      if (cause instanceof CacheException ce && !(cause instanceof SerializationException)) {
        throw new CacheException(what + ": " + ce.getMessage(), ce);
      }
      throw new CacheException(what + ": " + reason, cause);
    }
    if (tryWarn(lastFailureWarn)) {
      LOG.warn("{} (fail-open: treated as a miss / not stored): {}", what, reason);
    } else {
      LOG.debug("{} (fail-open): {}", what, reason);
    }
    logFullKey(storedKey);
  }

  /**
   * Reports a stored entry that could not be decoded (it is a miss and is being deleted). Only the
   * failure's type is logged: decoder messages may quote stored bytes.
   */
  void unreadable(String storedKey, Throwable error) {
    errors.increment();
    if (tryWarn(lastDropWarn)) {
      LOG.warn("Dropping unreadable entry '{}' from {}: {} (later ones for 10 s at DEBUG)",
          StoredKeys.redact(storedKey), backendName, error.getClass().getName());
    } else {
      LOG.debug("Dropping unreadable entry '{}' from {}: {}", StoredKeys.redact(storedKey),
          backendName, error.getClass().getName());
    }
    logFullKey(storedKey);
  }

  /**
   * Reports a loaded value that {@code get(key, loader)} could not store because it is over the size
   * limit: returned to its callers but not cached, whatever the policy (the loader's result is
   * not the caller's argument to fix).
   */
  void tooLargeToStore(String storedKey, ValueTooLargeException error) {
    errors.increment();
    if (tryWarn(lastFailureWarn)) {
      LOG.warn("Loaded value for '{}' not stored on {}: {} bytes serialized, over the limit of {}"
          + " bytes (compress it, or raise the limit)", StoredKeys.redact(storedKey), backendName,
          error.size(), error.limit());
    } else {
      LOG.debug("Loaded value for '{}' not stored: {} bytes over {}", StoredKeys.redact(storedKey),
          error.size(), error.limit());
    }
    logFullKey(storedKey);
  }

  private static void logFullKey(@Nullable String storedKey) {
    if (storedKey != null && KEYS.isDebugEnabled()) {
      KEYS.debug("'{}' is the key '{}'", StoredKeys.redact(storedKey), storedKey);
    }
  }

  private static boolean tryWarn(AtomicLong last) {
    long now = System.nanoTime();
    long then = last.get();
    return now - then >= WARN_INTERVAL_NANOS && last.compareAndSet(then, now);
  }
}
