package io.cachette.backend.memory;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.url.CacheUrl;
import java.time.Duration;
import java.util.Set;

/** Opens {@code memory://[?max-size=N][&sweep-interval=60s]}. */
public final class MemoryBackendProvider implements BackendProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public Backend open(CacheUrl url) {
    if (!url.authority().isEmpty() || !url.path().isEmpty()) {
      throw new IllegalArgumentException("memory:// takes no host or path, only parameters, in '"
          + url + "': write memory:// or memory://?max-size=10000");
    }
    MemoryBackend.Builder builder = MemoryBackend.builder();
    long maxSize = url.params().longValue("max-size", -1, 0, 1L << 62);
    if (maxSize >= 0) {
      builder.maxSize(maxSize);
    }
    Duration sweepInterval = url.params().duration("sweep-interval", null);
    if (sweepInterval != null) {
      builder.sweepInterval(sweepInterval);
    }
    url.params().rejectUnknown("memory://");
    return builder.build();
  }
}
