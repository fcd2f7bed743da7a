package io.cachette.backend.memory;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.url.CacheUrl;
import java.util.Set;

/**
 * Opens {@code dummy://}, which takes no parameters; {@code null://} (cachetory's name for it) is
 * the same backend.
 */
public final class DummyBackendProvider implements BackendProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("dummy", "null");
  }

  @Override
  public Backend open(CacheUrl url) {
    if (!url.authority().isEmpty() || !url.path().isEmpty()) {
      throw new IllegalArgumentException(url.scheme() + ":// takes no host or path, in '" + url
          + "'");
    }
    url.params().rejectUnknown(url.scheme() + "://");
    return new DummyBackend();
  }
}
