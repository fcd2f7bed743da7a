package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.SerializationException;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.serial.gadget.Gadget;
import io.cachette.serial.gadget.GadgetBase;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chains of the core's layers through {@link Serializers#fromUrl} and through a real cache. */
class CoreChainsTest {
  record Order(String id, List<String> items, LocalDate placed) implements Serializable {}

  static final Order ORDER = new Order("o-1", List.of("tea", "milk"), LocalDate.of(2024, 3, 1));

  @ParameterizedTest
  @ValueSource(strings = {"java+zlib://", "java+gzip://?compression-level=9",
      "java+zlib+gzip://", "java+zlib://?compression-level=0&max-decompressed-bytes=4096",
      "json+zlib://", "json+gzip://?compression-level=1"})
  void valueLayerAndCompressorChainsRoundTripARecord(String url) {
    Serializer<Order> serializer = Serializers.fromUrl(url, Order.class);

    assertThat(serializer.deserialize(serializer.serialize(ORDER))).isEqualTo(ORDER);
    assertThat(serializer.id()).isEqualTo(url.substring(0, url.indexOf(':')));
  }

  @Test
  void stringAndByteChainsRoundTrip() {
    Serializer<String> text = Serializers.fromUrl("string+gzip://?charset=UTF-16", String.class);
    Serializer<byte[]> bytes = Serializers.fromUrl("zlib://", byte[].class);
    Serializer<byte[]> noop = Serializers.fromUrl("noop+gzip://", byte[].class);
    byte[] data = new byte[4096];
    new Random(3).nextBytes(data);

    assertThat(text.deserialize(text.serialize("h\u00e9llo ".repeat(100)))).isEqualTo("h\u00e9llo ".repeat(100));
    assertThat(text.id()).isEqualTo("string-UTF-16+gzip");
    assertThat(bytes.deserialize(bytes.serialize(data))).isEqualTo(data);
    assertThat(noop.deserialize(noop.serialize(data))).isEqualTo(data);
  }

  @Test
  void impossibleChainsFailAtBuildTimeSayingWhy() {
    assertThatThrownBy(() -> Serializers.fromUrl("gzip+json://", Order.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gzip' compresses bytes, but the values are " + Order.class.getName());
    assertThatThrownBy(() -> Serializers.fromUrl("zlib+java://", Order.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'zlib' compresses bytes, but the values are " + Order.class.getName());
    assertThatThrownBy(() -> Serializers.fromUrl("json+java://", Order.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'java' serializes values, but after 'json' the value is already bytes");
    assertThatThrownBy(() -> Serializers.fromUrl("java+string://", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'string' serializes values, but after 'java' the value is already bytes");
    assertThatThrownBy(() -> Serializers.fromUrl("string+zlib://", Order.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only stores String values");
    assertThatThrownBy(() -> Serializers.fromUrl("java+zlib://?compression-level=11", Order.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'compression-level'");
  }

  @Test
  void layersOfTheCodecsModuleNameItWhenItIsAbsent() {
    for (String url : new String[] {"msgpack://", "java+zstd://", "string+lz4://",
        "json+zstandard://"}) {
      assertThatThrownBy(() -> Serializers.fromUrl(url, String.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("add io.cachette:cachette-codecs to your dependencies");
    }
  }

  @Test
  void corruptBytesThroughAChainFailWithSerializationException() {
    Serializer<Order> serializer = Serializers.fromUrl("java+gzip://", Order.class);
    byte[] bytes = serializer.serialize(ORDER);
    bytes[bytes.length - 3] ^= 1; // inside the CRC trailer

    assertThatThrownBy(() -> serializer.deserialize(bytes)).isInstanceOf(SerializationException.class);
  }

  @Test
  void aCacheOverMemoryRoundTripsARecordThroughJavaAndZlib() {
    try (Cache<Order> orders = Cache.builder(Order.class).backend("memory://")
        .serializer("java+zlib://?compression-level=6").build()) {
      assertThat(orders.set("o-1", ORDER)).isTrue();
      assertThat(orders.get("o-1")).contains(ORDER);
      assertThat(orders.toString()).contains("serializer=java+zlib");
    }
  }

  @Test
  void aPlantedGadgetIsAMissThatIsDeletedWithoutRunningItsCode() {
    MemoryBackend store = MemoryBackend.builder().build();
    try (Cache<Object> attacker = Cache.builder(Object.class).backend(store).namespace("shared")
            .serializer("java://?allow=io.cachette.serial.gadget.*").build();
        Cache<Object> victim = Cache.builder(Object.class).backend(store).namespace("shared")
            .serializer("java://").build()) {
      attacker.set("k", new Gadget("payload"));
      Gadget.resetCounters();

      assertThat(victim.get("k")).isEmpty();
      assertThat(Gadget.READS).hasValue(0);
      assertThat(GadgetBase.CONSTRUCTIONS).hasValue(0);
      assertThat(attacker.exists("k")).isFalse();
    } finally {
      store.close();
    }
  }

  @Test
  void aCacheTakesAJavaSerializerBuiltWithItsOwnAllowList() {
    record Holder(Object content) implements Serializable {}
    Holder value = new Holder(new Gadget("trusted"));
    try (Cache<Holder> cache = Cache.builder(Holder.class)
        .serializer(JavaSerializer.builder(Holder.class).allow(Gadget.class).build()).build()) {
      cache.set("h", value);
      Gadget.resetCounters();

      assertThat(cache.get("h")).hasValueSatisfying(
          h -> assertThat(((Gadget) h.content()).command).isEqualTo("trusted"));
      assertThat(Gadget.READS).hasValue(1);
    }
  }
}
