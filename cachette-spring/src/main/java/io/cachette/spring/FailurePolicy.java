package io.cachette.spring;

/**
 * What a Spring cache of Cachette does when its store fails: the failure policy of the Cachette
 * {@link io.cachette.Cache} under it.
 */
public enum FailurePolicy {
  /**
   * The default: a store that fails or times out reads as a miss and a write that fails is logged
   * and counted, so the annotated method runs as if nothing were cached. Spring's
   * {@code CacheErrorHandler} is never called for store failures.
   */
  FAIL_OPEN,

  /**
   * Store failures are thrown as {@link io.cachette.CacheException}, which Spring hands to its
   * {@code CacheErrorHandler} (the default one rethrows them, so the annotated method fails;
   * {@code LoggingCacheErrorHandler} logs them and carries on).
   */
  STRICT
}
