package io.cachette.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.SerializationException;
import io.cachette.TypeRef;
import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

class MsgpackSerializerTest {
  enum Plan { FREE, PRO }

  record Address(String city, String zip) {}

  record User(String name, int age, Address address, List<String> tags, Map<String, Long> scores,
      Optional<String> nickname, LocalDate born, Instant seen, Duration session, Plan plan,
      BigDecimal balance, BigInteger big) {}

  /** No properties Jackson can see. */
  static final class Opaque {
    @SuppressWarnings("unused")
    private final int hidden = 1;
  }

  static final User ALICE = new User("Alice", 41, new Address("Lyon", "69001"),
      List.of("admin", "ops"), Map.of("chess", 1800L), Optional.of("al"), LocalDate.of(1984, 2, 29),
      Instant.parse("2024-05-01T10:15:30.123456789Z"), Duration.ofMillis(90_500), Plan.PRO,
      new BigDecimal("1234.5670"), new BigInteger("123456789012345678901234567890"));

  private static <T> T roundTrip(Serializer<T> serializer, T value) {
    return serializer.deserialize(serializer.serialize(value));
  }

  @Test
  void roundTripsARecordExactlyWithoutTypeTags() {
    Serializer<User> serializer = Serializers.fromUrl("msgpack://", User.class);

    byte[] bytes = serializer.serialize(ALICE);

    assertThat(serializer.id()).isEqualTo("msgpack");
    assertThat(serializer.deserialize(bytes)).isEqualTo(ALICE);
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("io.cachette")
        .contains("Alice", "Lyon", "1234.5670");
  }

  @Test
  void writesStandardMessagePackThatAnyReaderUnderstands() throws Exception {
    byte[] bytes = Serializers.fromUrl("msgpack://", Address.class)
        .serialize(new Address("Lyon", "69001"));

    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      Value value = unpacker.unpackValue();
      assertThat(value.isMapValue()).isTrue();
      assertThat(value.toJson()).isEqualTo("{\"city\":\"Lyon\",\"zip\":\"69001\"}");
      assertThat(unpacker.hasNext()).isFalse();
    }
  }

  @Test
  void theDeclaredGenericTypeDrivesDecoding() {
    Serializer<Map<String, List<Address>>> serializer =
        Serializers.fromUrl("msgpack://", new TypeRef<Map<String, List<Address>>>() {});
    Map<String, List<Address>> value = Map.of("fr", List.of(new Address("Lyon", "69001")));

    Map<String, List<Address>> read = roundTrip(serializer, value);

    assertThat(read).isEqualTo(value);
    assertThat(read.get("fr").get(0)).isInstanceOf(Address.class);
  }

  @Test
  void anUndeclaredTypeDecodesToNaturalJavaTypes() {
    Serializer<Object> serializer = Serializers.fromUrl("msgpack://");
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("int", 7);
    value.put("long", 10_000_000_000L);
    value.put("double", 2.5);
    value.put("bool", true);
    value.put("text", "hi");
    value.put("bytes", new byte[] {1, 2, 3});
    value.put("list", List.of(1, "two"));
    value.put("nested", Map.of("k", "v"));
    value.put("null", null);

    Object read = roundTrip(serializer, value);

    assertThat(read).isInstanceOf(LinkedHashMap.class);
    Map<?, ?> map = (Map<?, ?>) read;
    assertThat(new ArrayList<Object>(map.keySet())).containsExactlyElementsOf(value.keySet());
    assertThat(map.get("int")).isEqualTo(7);
    assertThat(map.get("long")).isEqualTo(10_000_000_000L);
    assertThat(map.get("double")).isEqualTo(2.5);
    assertThat(map.get("bool")).isEqualTo(true);
    assertThat((byte[]) map.get("bytes")).containsExactly(1, 2, 3);
    assertThat(map.get("list")).isInstanceOf(ArrayList.class).isEqualTo(List.of(1, "two"));
    assertThat(map.get("nested")).isEqualTo(Map.of("k", "v"));
    assertThat(map.containsKey("null")).isTrue();
    assertThat(map.get("null")).isNull();
  }

  @Test
  void byteArraysTravelAsMessagePackBinary() {
    Serializer<byte[]> serializer = Serializers.fromUrl("msgpack://", byte[].class);
    byte[] data = {0, -1, 42};

    byte[] bytes = serializer.serialize(data);

    assertThat(bytes).containsExactly(0xC4, 3, 0, 0xFF, 42); // bin 8, length 3
    assertThat(serializer.deserialize(bytes)).containsExactly(data);
  }

  @Test
  void corruptTruncatedOrForeignBytesFailWithSerializationException() {
    Serializer<User> serializer = Serializers.fromUrl("msgpack://", User.class);
    byte[] good = serializer.serialize(ALICE);

    for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(good, good.length / 2),
        {(byte) 0xC1}, "plain text".getBytes(StandardCharsets.UTF_8)}) {
      assertThatThrownBy(() -> serializer.deserialize(bad))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("not a msgpack " + User.class.getName());
    }
    assertThatThrownBy(() -> serializer.deserialize(new byte[] {(byte) 0xC0}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("nil");
  }

  @Test
  void propertiesTheClassNoLongerHasAreIgnoredAsWithJson() {
    record OldAddress(String city, String zip, String country) {}
    byte[] old = Serializers.fromUrl("msgpack://", OldAddress.class)
        .serialize(new OldAddress("Lyon", "69001", "FR"));

    assertThat(Serializers.fromUrl("msgpack://", Address.class).deserialize(old))
        .isEqualTo(new Address("Lyon", "69001"));
  }

  @Test
  void zonedDateTimesKeepTheirZone() {
    ZonedDateTime paris = ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 5, ZoneId.of("Europe/Paris"));
    Serializer<ZonedDateTime> serializer = Serializers.fromUrl("msgpack://", ZonedDateTime.class);

    assertThat(roundTrip(serializer, paris)).isEqualTo(paris);
  }

  @Test
  void aValueJacksonCannotWriteFailsNamingItsClass() {
    assertThatThrownBy(() -> Serializers.fromUrl("msgpack://").serialize(new Opaque()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot write a " + Opaque.class.getName());
  }

  @Test
  void takesNoParameters() {
    assertThatThrownBy(() -> Serializers.fromUrl("msgpack://?compact=true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown parameter [compact]")
        .hasMessageContaining("msgpack://");
  }

  @Test
  void lengthsThatTheStoredBytesCannotHoldFailWithSerializationException() {
    Serializer<Object> any = Serializers.fromUrl("msgpack://", Object.class);
    Serializer<byte[]> bytes = Serializers.fromUrl("msgpack://", byte[].class);
    Serializer<String> text = Serializers.fromUrl("msgpack://", String.class);
    // str 32, bin 32, array 32 and map 32 headers that claim about 2 GiB, followed by nothing
    for (int header : new int[] {0xDB, 0xC6, 0xDD, 0xDF}) {
      byte[] forged = {(byte) header, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0};
      for (Serializer<?> s : List.of(any, bytes, text)) {
        assertThatThrownBy(() -> s.deserialize(forged)).as("header %x", header)
            .isInstanceOf(SerializationException.class);
      }
    }
  }
}
