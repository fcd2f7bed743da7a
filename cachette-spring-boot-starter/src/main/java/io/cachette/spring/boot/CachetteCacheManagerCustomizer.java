package io.cachette.spring.boot;

import io.cachette.spring.CachetteCacheManager;

/**
 * Changes the {@link CachetteCacheManager.Builder} of the auto-configured cache manager after the
 * properties were applied: declare beans of this type to add caches on backend instances, or to
 * be told of each cache made ({@code builder.onCacheCreated(...)}). Called in bean order, once,
 * on the thread that makes the manager.
 */
@FunctionalInterface
public interface CachetteCacheManagerCustomizer {
  /** Customizes the builder; its settings from the properties are already there. */
  void customize(CachetteCacheManager.Builder builder);
}
