package io.cachette.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Boot app on memory://; the cache "short" is on clocked-memory:// (memory:// on a test clock)
 * so that its TTL from the properties is run out by moving the clock.
 */
@SpringBootTest(classes = LibraryApp.class, properties = {
    "cachette.default.backend=memory://",
    "cachette.caches.short.backend=clocked-memory://",
    "cachette.caches.short.ttl=5m"})
class MemoryBootAppTest extends BootAppContract {
  @Override
  String scheme() {
    return "memory";
  }

  @Override
  Duration shortTtl() {
    return Duration.ofMinutes(5);
  }

  @Override
  void passTheShortTtl() {
    int before = library.calls();
    ClockedMemoryBackendProvider.CLOCK.advance(Duration.ofMinutes(4));
    library.shortLived(1);
    assertThat(library.calls()).as("still cached a minute before its TTL").isEqualTo(before);
    ClockedMemoryBackendProvider.CLOCK.advance(Duration.ofMinutes(1).plusMillis(1));
  }

  @Test
  void theShortCacheIsOnTheClockedStore() {
    library.shortLived(9);
    ClockedMemoryBackendProvider.CLOCK.advance(Duration.ofMinutes(6));
    int before = library.calls();
    library.shortLived(9);
    assertThat(library.calls()).isEqualTo(before + 1);
  }
}
