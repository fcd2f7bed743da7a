package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.SerializationException;
import io.cachette.TypeRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringSerializerTest {

  @Test
  void storesStringsAsUtf8Bytes() {
    Serializer<String> serializer = Serializers.fromUrl("string://", String.class);
    String text = "caf\u00e9 \u2603 \uD83D\uDE00 \u65e5\u672c";

    byte[] bytes = serializer.serialize(text);

    assertThat(serializer.id()).isEqualTo("string");
    assertThat(bytes).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(serializer.deserialize(bytes)).isEqualTo(text);
    assertThat(serializer.deserialize(serializer.serialize(""))).isEmpty();
  }

  @Test
  void anotherCharsetChangesTheBytesAndTheId() {
    Serializer<String> serializer = Serializers.fromUrl("string://?charset=iso-8859-1", String.class);

    assertThat(serializer.serialize("caf\u00e9")).containsExactly('c', 'a', 'f', 0xE9);
    assertThat(serializer.deserialize(new byte[] {'c', 'a', 'f', (byte) 0xE9})).isEqualTo("caf\u00e9");
    assertThat(serializer.id()).isEqualTo("string-ISO-8859-1");
  }

  @Test
  void textTheCharsetCannotHoldFailsInsteadOfTurningIntoQuestionMarks() {
    Serializer<String> ascii = Serializers.fromUrl("string://?charset=US-ASCII", String.class);
    Serializer<String> utf8 = Serializers.fromUrl("string://", String.class);

    assertThatThrownBy(() -> ascii.serialize("caf\u00e9"))
        .isInstanceOf(SerializationException.class).hasMessageContaining("US-ASCII");
    assertThatThrownBy(() -> utf8.deserialize(new byte[] {'a', (byte) 0xC3, (byte) 0x28}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not valid UTF-8 text");
  }

  @Test
  void refusesUnknownAndMalformedCharsets() {
    assertThatThrownBy(() -> Serializers.fromUrl("string://?charset=klingon-8", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid value 'klingon-8' for parameter 'charset'")
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> Serializers.fromUrl("string://?charset=", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'charset'");
  }

  @Test
  void refusesDeclaredTypesOtherThanStringAtBuildTime() {
    assertThatThrownBy(() -> Serializers.fromUrl("string://", Integer.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only stores String values")
        .hasMessageContaining("java.lang.Integer");
    assertThatThrownBy(() -> Serializers.fromUrl("string+gzip://", new TypeRef<List<String>>() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.List<java.lang.String>");
  }

  @Test
  void anUndeclaredTypeAcceptsStringsAndRefusesOtherValuesClearly() {
    Serializer<Object> serializer = Serializers.fromUrl("string://");

    assertThat(serializer.deserialize(serializer.serialize("text"))).isEqualTo("text");
    assertThatThrownBy(() -> serializer.serialize(42))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("writes String values, not java.lang.Integer");
  }
}
