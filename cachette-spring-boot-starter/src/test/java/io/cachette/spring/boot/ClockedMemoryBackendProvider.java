package io.cachette.spring.boot;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.testkit.MutableClock;
import io.cachette.url.CacheUrl;
import java.util.Set;

/**
 * A test-only scheme, {@code clocked-memory://} (registered in the test resources): memory://
 * on {@link #CLOCK}, so that a TTL set by properties can be run out by moving the clock.
 */
public final class ClockedMemoryBackendProvider implements BackendProvider {
  /** The clock of every backend this provider opens. */
  static final MutableClock CLOCK = new MutableClock();

  @Override
  public Set<String> schemes() {
    return Set.of("clocked-memory");
  }

  @Override
  public Backend open(CacheUrl url) {
    url.params().rejectUnknown("clocked-memory://");
    return MemoryBackend.builder().clock(CLOCK).build();
  }
}
