package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backend;
import io.cachette.backend.memory.MemoryBackend;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** CacheBuilder fails fast like Caffeine's, prints its configuration and owns what it opens. */
class CacheBuilderTest {
  private final Backend memory = MemoryBackend.builder().build();

  private static CacheBuilder<String> builder() {
    return Cache.builder(String.class);
  }

  @Test
  void eachOptionSetTwiceThrowsNamingTheValueAlreadySet() {
    assertThatThrownBy(() -> builder().namespace("users").namespace("orders"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("namespace was already set to users; set each option once");
    assertThatThrownBy(() -> builder().defaultTtl(Duration.ofMinutes(5)).defaultTtl(Cache.NEVER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("defaultTtl was already set to PT5M");
    assertThatThrownBy(() -> builder().defaultTtl(Cache.NEVER).defaultTtl(Duration.ofMinutes(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("defaultTtl was already set to NEVER");
    assertThatThrownBy(() -> builder().strict().strict())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("strict was already set to true");
    assertThatThrownBy(() -> builder().operationTimeout(Duration.ofSeconds(1))
        .operationTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("operationTimeout was already set to PT1S");
    assertThatThrownBy(() -> builder().loadTimeout(Duration.ofSeconds(1))
        .loadTimeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("loadTimeout was already set to PT1S");
    assertThatThrownBy(() -> builder().maxValueBytes(100).maxValueBytes(200))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("maxValueBytes was already set to 100");
    assertThatThrownBy(() -> builder().backend("memory://").backend("dummy://"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("backend was already set to memory://");
    assertThatThrownBy(() -> builder().serializer("json://").serializer("java://"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("serializer was already set to json://");
  }

  @Test
  void aUrlAndAnInstanceOfOneSettingContradictEachOther() {
    assertThatThrownBy(() -> builder().backend("file:///tmp/cache").backend(memory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("backend was already set to file:///tmp/cache");
    assertThatThrownBy(() -> builder().backend(memory).backend("memory://"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("backend was already set to " + memory.describe() + " (an instance)");
    assertThatThrownBy(() -> builder().serializer("json://").serializer(new Utf8Serializer()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("serializer was already set to json://");
    assertThatThrownBy(() -> builder().serializer(new Utf8Serializer()).serializer("json://"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("serializer was already set to " + new Utf8Serializer().id()
            + " (an instance)");
  }

  @Test
  void anInvalidValueLeavesTheOptionUnsetAndAnOptionSetTwiceIsNotChanged() {
    CacheBuilder<String> builder = builder();
    assertThatThrownBy(() -> builder.namespace("a:b")).isInstanceOf(IllegalArgumentException.class);
    builder.namespace("users");
    assertThatThrownBy(() -> builder.namespace("orders")).isInstanceOf(IllegalStateException.class);
    try (Cache<String> cache = builder.backend(memory).build()) {
      assertThat(cache.namespace()).isEqualTo("users");
    }
  }

  @Test
  void passwordsInBackendUrlsAreMaskedInMessagesAndToString() {
    CacheBuilder<String> builder = builder().backend("redis://app:s3cret@cache.local:6379/0");

    assertThatThrownBy(() -> builder.backend("memory://"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis://app:***@cache.local:6379/0")
        .hasMessageNotContaining("s3cret");
    assertThat(builder.toString()).contains("backend=redis://app:***@cache.local:6379/0")
        .doesNotContain("s3cret");
  }

  @Test
  void toStringShowsTheConfigurationWithItsDefaults() {
    assertThat(builder().toString()).isEqualTo("CacheBuilder{valueType=" + TypeRef.of(String.class)
        + ", backend=memory:// (default), serializer=default (noop:// for object stores, json://"
        + " otherwise), namespace=default, defaultTtl=NEVER, strict=false,"
        + " operationTimeout=PT5S, loadTimeout=PT30S, maxValueBytes=none, recordStats=true}");
    assertThat(builder().backend(memory).serializer("json+zlib://").namespace("users")
        .defaultTtl(Duration.ofMinutes(5)).strict().operationTimeout(Duration.ofMillis(250))
        .loadTimeout(Duration.ofSeconds(2)).maxValueBytes(4096).toString())
        .isEqualTo("CacheBuilder{valueType=" + TypeRef.of(String.class) + ", backend="
            + memory.describe() + " (instance, not owned), serializer=json+zlib://,"
            + " namespace=users, defaultTtl=PT5M, strict=true, operationTimeout=PT0.25S,"
            + " loadTimeout=PT2S, maxValueBytes=4096, recordStats=true}");
  }

  @Test
  void aBackendOpenedFromAUrlIsClosedWhenTheBuildFails() {
    assertThatThrownBy(() -> builder().backend("recording://?id=cache-bad-serializer")
        .serializer("noop://").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("json://");

    assertThat(RecordingBackendProvider.events("cache-bad-serializer"))
        .containsExactly("open", "close");
  }

  @Test
  void theCacheOwnsABackendFromAUrlButNotAnInstance() {
    Cache<String> owned = builder().backend("recording://?id=cache-owned").build();
    assertThat(RecordingBackendProvider.events("cache-owned")).containsExactly("open");
    owned.close();
    assertThat(RecordingBackendProvider.events("cache-owned")).containsExactly("open", "close");

    Cache<String> borrowed = builder().backend(memory).build();
    borrowed.close();
    memory.set("still", "open", null);
    assertThat(memory.get("still")).isEqualTo("open");
  }

  @Test
  void byteBackendsDefaultToJsonAndObjectBackendsToNoop() {
    try (Cache<String> bytes = builder().backend("recording://?id=cache-default-json").build();
        Cache<String> objects = builder().backend(memory).build()) {
      assertThat(bytes.toString()).contains("serializer=json");
      assertThat(objects.toString()).contains("serializer=noop");
    }
  }
}
