package io.cachette.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the conformance suite cannot see: how memory:// reaps what has expired. */
class MemoryBackendTest {
  private final TestClock clock = new TestClock();
  private final MemoryBackend memory = MemoryBackend.builder().clock(clock).build();

  @Test
  void expiredEntriesAreReapedOnceTheBackendSeesTheTimeMove() {
    for (int i = 0; i < 100; i++) {
      memory.set("ttl" + i, "v", Duration.ofSeconds(10));
    }
    memory.set("eternal", "v", null);
    assertThat(memory.estimatedSize()).isEqualTo(101);
    clock.advance(Duration.ofSeconds(11));
    // Reads of eternal entries do not read the clock; the next write does, and reaping follows.
    assertThat(memory.get("eternal")).isEqualTo("v");
    memory.set("other", "v", null);
    assertThat(memory.estimatedSize()).isEqualTo(2);
  }

  @Test
  void anExpiredEntryIsInvisibleBeforeItIsReaped() {
    memory.set("k", "v", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(memory.exists("k")).isFalse();
    assertThat(memory.get("k")).isNull();
    assertThat(memory.delete("k")).isFalse();
    assertThat(memory.expireIn("k", Duration.ofSeconds(5))).isFalse();
  }
}
