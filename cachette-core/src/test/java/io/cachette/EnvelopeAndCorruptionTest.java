package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.memory.MemoryBackend;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnvelopeAndCorruptionTest {
  private final MemoryBackend memory = MemoryBackend.builder().build();

  private Cache<String> cache(String serializerId) {
    return Cache.builder(String.class).backend(memory).serializer(new Utf8Serializer(serializerId))
        .strict().build();
  }

  @Test
  void storedBytesCarryMagicVersionAndSerializerId() {
    cache("utf8").set("k", "hi");
    byte[] stored = (byte[]) memory.get("default:k");
    assertThat(stored[0]).isEqualTo((byte) 0xCA);
    assertThat(stored[1]).isEqualTo((byte) 1);
    assertThat(new String(stored, 3, stored[2], StandardCharsets.US_ASCII)).isEqualTo("utf8");
    assertThat(new String(stored, 3 + stored[2], 2, StandardCharsets.UTF_8)).isEqualTo("hi");
  }

  @Test
  void anEntryOfAnotherSerializerIsAMissAndIsDropped() {
    cache("utf8").set("k", "hi");
    Cache<String> other = cache("utf8-v2");
    assertThat(other.get("k")).isEmpty();
    assertThat(memory.exists("default:k")).isFalse();
    assertThat(other.stats().errorCount()).isEqualTo(1);
    assertThat(other.stats().missCount()).isEqualTo(1);
  }

  @Test
  void anotherFormatVersionIsAMiss() {
    Cache<String> cache = cache("utf8");
    cache.set("k", "hi");
    byte[] stored = (byte[]) memory.get("default:k");
    stored[1] = 2;
    assertThat(cache.get("k")).isEmpty();
    assertThat(memory.exists("default:k")).isFalse();
  }

  @Test
  void garbageAndTruncatedBytesAreMissesInStrictModeToo() {
    Cache<String> cache = cache("utf8");
    memory.set("default:garbage", new byte[] {1, 2, 3}, null);
    memory.set("default:empty", new byte[0], null);
    memory.set("default:truncated", new byte[] {(byte) 0xCA, 1, 40, 'u'}, null);
    memory.set("default:object", "not bytes", null);
    assertThat(cache.getMany(List.of("garbage", "empty", "truncated", "object"))).isEmpty();
    assertThat(cache.get("garbage")).isEmpty();
    assertThat(memory.exists("default:truncated")).isFalse();
  }

  @Test
  void payloadTheSerializerRejectsIsAMissAndIsDropped() throws Exception {
    Cache<String> cache = cache("utf8");
    cache.set("bad", "!not-readable");
    assertThat(cache.async().get("bad").get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(memory.exists("default:bad")).isFalse();
  }

  @Test
  void valuesOverTheLimitAreRefusedWithAClearMessage() {
    Cache<String> cache = Cache.builder(String.class).backend(memory)
        .serializer(new Utf8Serializer()).maxValueBytes(100).build();
    assertThat(cache.set("small", "x".repeat(50))).isTrue();
    assertThatThrownBy(() -> cache.set("big", "x".repeat(200)))
        .isInstanceOf(ValueTooLargeException.class)
        .hasMessageContaining("'big'").hasMessageContaining("limit of 100 bytes")
        .hasMessageContaining("CacheBuilder.maxValueBytes");
    assertThat(cache.exists("big")).isFalse();
  }

  @Test
  void noopOverAByteBackendNeedsByteArrayValues() {
    assertThatThrownBy(() -> Cache.builder(String.class).backend(new FailingBackend())
        .serializer("noop://").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("noop").hasMessageContaining("json://");
    assertThat(Cache.builder(byte[].class).backend(new FailingBackend()).serializer("noop://")
        .build()).isNotNull();
  }
}
