package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Chain building rules that hold whatever layers are installed. */
class SerializersTest {

  @Test
  void noopPassesValuesThrough() {
    Serializer<Object> noop = Serializers.fromUrl("noop://");
    assertThat(noop.isPassThrough()).isTrue();
    assertThat(noop.id()).isEqualTo("noop");
    byte[] bytes = {1, 2};
    assertThat(noop.serialize(bytes)).isSameAs(bytes);
  }

  @Test
  void unknownLayerListsKnownLayersAndTheModuleForCodecs() {
    assertThatThrownBy(() -> Serializers.fromUrl("yaml://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown serializer layer 'yaml'").hasMessageContaining("noop");
    if (!Serializers.valueProviders().containsKey("msgpack")) {
      assertThatThrownBy(() -> Serializers.fromUrl("msgpack://"))
          .hasMessageContaining("add io.cachette:cachette-codecs");
    }
  }

  @Test
  void serializerUrlsTakeNoHostOrPath() {
    assertThatThrownBy(() -> Serializers.fromUrl("noop://host/path"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host or path");
  }

  @Test
  void unknownParametersAreRefused() {
    assertThatThrownBy(() -> Serializers.fromUrl("noop://?level=3"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[level]");
  }

  @Test
  void aValueLayerAfterAnotherIsAnImpossibleChain() {
    assertThatThrownBy(() -> Serializers.fromUrl("noop+noop://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Impossible serializer chain").hasMessageContaining("already bytes");
  }
}
