package io.cachette.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.memory.DummyBackend;
import io.cachette.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendsTest {

  @Test
  void opensCoreSchemesCaseInsensitively() {
    try (Backend m = Backends.fromUrl("MEMORY://"); Backend d = Backends.fromUrl("dummy://")) {
      assertThat(m).isInstanceOf(MemoryBackend.class);
      assertThat(d).isInstanceOf(DummyBackend.class);
    }
  }

  @Test
  void nullIsCachetorysNameForTheDummyBackend() {
    try (Backend n = Backends.fromUrl("null://")) {
      assertThat(n).isInstanceOf(DummyBackend.class);
      n.set("k", new byte[] {1}, null);
      assertThat(n.get("k")).isNull();
    }
  }

  @Test
  void memoryMaxSizeBoundsTheStore() {
    try (Backend m = Backends.fromUrl("memory://?max-size=10")) {
      for (int i = 0; i < 200; i++) {
        m.set("k" + i, "v", null);
      }
      assertThat(((MemoryBackend) m).estimatedSize()).isLessThanOrEqualTo(10);
      assertThat(m.evictionCount()).isGreaterThanOrEqualTo(190);
      assertThat(m.describe()).isEqualTo("memory://?max-size=10");
    }
  }

  @Test
  void unknownSchemeListsTheSupportedOnes() {
    assertThatThrownBy(() -> Backends.fromUrl("nosuch://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No backend for scheme 'nosuch://'")
        .hasMessageContaining("memory://").hasMessageContaining("dummy://");
  }

  @ParameterizedTest
  @CsvSource({"redis://localhost,cachette-redis", "rediss://h,cachette-redis",
      "redis+unix:///tmp/r.sock,cachette-redis", "sqlite://x.sqlite,cachette-jdbc",
      "postgresql://h/db,cachette-jdbc", "mongodb://h,cachette-mongodb",
      "gridfs://h/db,cachette-mongodb", "dynamodb://table,cachette-dynamodb"})
  void aKnownSchemeWhoseModuleIsAbsentNamesTheModule(String url, String module) {
    assertThatThrownBy(() -> Backends.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add io.cachette:" + module);
  }

  @ParameterizedTest
  @CsvSource({"cassandra://local"})
  void aSchemeOfAModuleNotYetBuiltNamesNoModule(String url) {
    assertThatThrownBy(() -> Backends.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No backend for scheme")
        .hasMessageContaining("Supported here: [")
        .hasMessageNotContaining("add io.cachette:");
  }

  @Test
  void everyModuleTheMessageNamesIsAModuleOfThisBuild() {
    // Tests run in cachette-core/, so the build's modules are its sibling folders.
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(Backends.KNOWN_MODULES.values()).isNotEmpty()
        .allSatisfy(module -> assertThat(root.resolve(module).resolve("pom.xml")).isRegularFile());
  }

  @Test
  void providersAreLoadedOnceNotOnEveryCall() {
    Map<String, BackendProvider> first = Backends.providers();
    for (int i = 0; i < 3; i++) {
      try (Backend counted = Backends.fromUrl("counting://")) {
        assertThat(counted.describe()).isEqualTo("dummy://");
      }
    }
    assertThat(Backends.providers()).isSameAs(first).containsKey("counting");
    assertThat(CountingBackendProvider.instances()).isEqualTo(1);
    assertThatThrownBy(() -> first.put("x", first.get("counting")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "memory://?max-size=-1     | an integer from 0",
      "memory://?max-size=lots   | an integer from 0",
      "memory://?size=10         | supported: [max-size, sweep-interval]",
      "memory://somewhere        | takes no host or path",
      "dummy://?x=1              | Unknown parameter",
      "dummy://host              | takes no host",
      "null://host               | null:// takes no host"})
  void badParametersAreRefusedNamingThem(String url, String message) {
    assertThatThrownBy(() -> Backends.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
