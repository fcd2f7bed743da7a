package io.cachette;

import org.jspecify.annotations.Nullable;

/**
 * The root of Cachette's exceptions: a backend failed, timed out, or (in strict mode) could not be
 * reached. With the default fail-open policy, backend failures are logged and counted instead of
 * thrown; {@link CacheBuilder#strict()} makes them reach the caller as this exception, with the
 * backend's own exception as the cause.
 */
public class CacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message and an optional cause. */
  public CacheException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception with a message. */
  public CacheException(String message) {
    super(message);
  }
}
