package io.cachette.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.SerializationException;
import io.cachette.TypeRef;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.serial.CompressorProvider;
import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Chains that mix the codecs' layers with the core's, through Serializers and through a cache. */
class CodecChainsTest {
  record User(String name, int age, List<String> roles, LocalDate joined) implements Serializable {}

  static final User BOB = new User("Bob", 33, List.of("dev"), LocalDate.of(2020, 1, 15));
  static final List<String> COMPRESSORS = List.of("", "+zlib", "+gzip", "+zstd", "+lz4",
      "+zstd+gzip", "+lz4+zstd");

  static Stream<String> recordChains() {
    return Stream.of("json", "java", "msgpack").flatMap(v -> COMPRESSORS.stream().map(c -> v + c));
  }

  @ParameterizedTest
  @MethodSource("recordChains")
  void everyValueLayerAndCompressorChainRoundTripsARecord(String chain) {
    Serializer<User> serializer = Serializers.fromUrl(chain + "://", User.class);

    assertThat(serializer.id()).isEqualTo(chain);
    assertThat(serializer.deserialize(serializer.serialize(BOB))).isEqualTo(BOB);
  }

  @Test
  void stringAndByteChainsRoundTrip() {
    byte[] data = new byte[10_000];
    new Random(5).nextBytes(data);
    for (String compressors : COMPRESSORS) {
      if (compressors.isEmpty()) {
        continue;
      }
      Serializer<String> text = Serializers.fromUrl("string" + compressors + "://", String.class);
      Serializer<byte[]> noop = Serializers.fromUrl("noop" + compressors + "://", byte[].class);
      Serializer<byte[]> bare = Serializers.fromUrl(compressors.substring(1) + "://", byte[].class);
      assertThat(text.deserialize(text.serialize("\u00e9t\u00e9 ".repeat(50)))).isEqualTo("\u00e9t\u00e9 ".repeat(50));
      assertThat(noop.deserialize(noop.serialize(data))).isEqualTo(data);
      assertThat(bare.deserialize(bare.serialize(data))).isEqualTo(data);
    }
  }

  @Test
  void parametersReachEveryLayerOfTheChain() {
    Serializer<User> serializer = Serializers.fromUrl(
        "msgpack+zstd+gzip://?compression-level=9&max-decompressed-bytes=100000", User.class);

    assertThat(serializer.deserialize(serializer.serialize(BOB))).isEqualTo(BOB);
    // compression-level=9 is valid for gzip and zstd alike; 19 is only valid for zstd
    assertThatThrownBy(() -> Serializers.fromUrl("msgpack+zstd+gzip://?compression-level=19",
        User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'compression-level'")
        .hasMessageContaining("from -1 to 9");
  }

  @Test
  void impossibleChainsFailAtBuildTimeSayingWhy() {
    assertThatThrownBy(() -> Serializers.fromUrl("zstd+json://", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'zstd' compresses bytes, but the values are " + User.class.getName());
    assertThatThrownBy(() -> Serializers.fromUrl("zstd+java://", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'zstd' compresses bytes, but the values are " + User.class.getName())
        .hasMessageContaining("Start the chain with a value layer");
    assertThatThrownBy(() -> Serializers.fromUrl("java+msgpack://", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'msgpack' serializes values, but after 'java' the value is already bytes");
    assertThatThrownBy(() -> Serializers.fromUrl("lz4://", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'lz4' compresses bytes");
    assertThatThrownBy(() -> Serializers.fromUrl("noop+zstd://", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("noop passes values through unchanged");
    assertThatThrownBy(() -> Serializers.fromUrl("msgpack+brotli://", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown serializer layer 'brotli'")
        .hasMessageContaining("lz4").hasMessageContaining("zstd").hasMessageContaining("msgpack");
  }

  @ParameterizedTest
  @ValueSource(strings = {"msgpack+zstd://?compression-threads=-1", "msgpack+zstd://?level=3",
      "msgpack+lz4://?compression-threads=2", "java+zstd://?compression-level=99",
      "msgpack+zstd://?max-decompressed-bytes=0"})
  void unknownParametersAndValuesOutOfRangeAreRefused(String url) {
    assertThatThrownBy(() -> Serializers.fromUrl(url, User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("(?s).*(Invalid value|Unknown parameter).*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json+zstd", "json+lz4", "msgpack+zstd", "msgpack+lz4", "java+zstd",
      "java+lz4"})
  void corruptBytesThroughAChainFailWithSerializationException(String chain) {
    Serializer<User> serializer = Serializers.fromUrl(chain + "://", User.class);
    byte[] bytes = serializer.serialize(BOB);
    bytes[bytes.length / 2] ^= 0x20;

    assertThatThrownBy(() -> serializer.deserialize(bytes)).isInstanceOf(SerializationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"json+zstd://?compression-level=3", "json+lz4://", "java+zlib://",
      "msgpack+zstd://?compression-level=3", "msgpack+lz4://", "java+zstd://?compression-threads=1"})
  void aCacheOverMemoryRoundTripsARecordThroughTheChain(String url) {
    try (Cache<User> users = Cache.builder(User.class).backend("memory://").serializer(url)
        .namespace("users").build()) {
      assertThat(users.set("bob", BOB)).isTrue();
      assertThat(users.get("bob")).contains(BOB);
      assertThat(users.getMany(List.of("bob", "nobody"))).containsOnlyKeys("bob");
    }
  }

  @Test
  void aCacheOfAGenericTypeDecodesItsElementsThroughMsgpack() {
    try (Cache<List<User>> teams = Cache.builder(new TypeRef<List<User>>() {})
        .serializer("msgpack+zstd://").build()) {
      List<User> team = new ArrayList<>(List.of(BOB, new User("Ann", 29, List.of(), LocalDate.of(2021, 6, 1))));
      teams.set("core", team);

      assertThat(teams.get("core")).hasValueSatisfying(read -> {
        assertThat(read).isEqualTo(team);
        assertThat(read.get(1)).isInstanceOf(User.class);
      });
    }
  }

  @Test
  void zstandardIsAnotherNameForZstdWhoseEntriesBothRead() {
    Serializer<User> byAlias = Serializers.fromUrl("json+zstandard://?compression-level=5",
        User.class);
    Serializer<User> byName = Serializers.fromUrl("json+zstd://", User.class);

    assertThat(byAlias.id()).isEqualTo("json+zstd");
    assertThat(byName.deserialize(byAlias.serialize(BOB))).isEqualTo(BOB);
    assertThat(byAlias.deserialize(byName.serialize(BOB))).isEqualTo(BOB);
    Map<String, CompressorProvider> layers = Serializers.compressorProviders();
    assertThat(layers).containsKeys("zstd", "zstandard");
    assertThat(layers.get("zstandard")).isSameAs(layers.get("zstd"));
    assertThat(Serializers.fromUrl("zstandard://", byte[].class).id())
        .isEqualTo(Serializers.fromUrl("zstd://", byte[].class).id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4", "zlib", "gzip"})
  void aValueOverTheReadersLimitIsAMissAndItsEntryIsDroppedEvenInStrictMode(String layer) {
    try (Backend shared = Backends.fromUrl("memory://");
        Cache<byte[]> writer = Cache.builder(byte[].class).backend(shared)
            .serializer(layer + "://?max-decompressed-bytes=2000000").build();
        Cache<byte[]> reader = Cache.builder(byte[].class).backend(shared)
            .serializer(layer + "://?max-decompressed-bytes=1000000").build();
        Cache<byte[]> strictReader = Cache.builder(byte[].class).backend(shared).strict()
            .serializer(layer + "://?max-decompressed-bytes=1000000").build()) {
      writer.set("big", new byte[1_500_000]);
      writer.set("bigger", new byte[1_500_000]);

      assertThat(reader.get("big")).isEmpty();
      assertThat(strictReader.get("bigger")).isEmpty();
      assertThat(writer.exists("big")).isFalse();
      assertThat(writer.exists("bigger")).isFalse();
      assertThat(reader.stats().errorCount()).isEqualTo(1);
      assertThat(strictReader.stats().errorCount()).isEqualTo(1);
    }
  }
}
