package io.cachette.backend;

import io.cachette.url.CacheUrl;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only provider of {@code counting://} (registered in the test resources) that counts how
 * often {@link java.util.ServiceLoader} instantiates it; it opens a dummy backend.
 */
public final class CountingBackendProvider implements BackendProvider {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** Called by {@link java.util.ServiceLoader}; counts the instance. */
  public CountingBackendProvider() {
    INSTANCES.incrementAndGet();
  }

  static int instances() {
    return INSTANCES.get();
  }

  @Override
  public Set<String> schemes() {
    return Set.of("counting");
  }

  @Override
  public Backend open(CacheUrl url) {
    return Backends.fromUrl("dummy://");
  }
}
