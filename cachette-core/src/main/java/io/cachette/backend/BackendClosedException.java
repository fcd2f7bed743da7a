package io.cachette.backend;

import io.cachette.CacheException;

/**
 * An operation was called on a {@link Backend} (or its {@link AsyncBackend}) after
 * {@link Backend#close()}. Every backend reports use after close with this exception: thrown by
 * the sync face, and as the failure of the future on the async face.
 *
 * <p>It is a {@link CacheException}, so a cache applies its failure policy to it like to any
 * other store failure: with the default fail-open policy a read on a closed backend is a miss and
 * a write is logged; in strict mode it reaches the caller. A closed backend stays closed: open a
 * new one (or build a new cache) instead.
 */
public class BackendClosedException extends CacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a backend.
   *
   * @param backend the backend's {@link Backend#describe()} text
   */
  public BackendClosedException(String backend) {
    super(backend + " is closed; a closed backend cannot be used again: open a new one (and make"
        + " sure nothing closes a backend that caches still use)");
  }
}
