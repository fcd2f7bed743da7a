package io.cachette.codecs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cachette.SerializationException;
import io.cachette.serial.Serializer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.jackson.dataformat.MessagePackMapper;
import org.msgpack.jackson.dataformat.TimestampExtensionModule;

/**
 * {@code msgpack}: values as MessagePack, mapped by Jackson from the declared (generic) type, so
 * that no type tags are stored: a {@code List<User>} reads back as a list of {@code User}. Records,
 * beans, collections, {@code Optional} and {@code java.time} values work as with JSON.
 *
 * <p>Choices that keep values exact: {@code Instant} is a MessagePack timestamp; other
 * {@code java.time} values are ISO-8601 strings (zoned ones with their zone id, read back without
 * adjusting the zone); {@code BigDecimal} and {@code BigInteger} are strings (MessagePack has no
 * decimal, and a double would lose digits and scale). As with {@code json}, properties the stored
 * value has but the class no longer has are ignored, so adding or removing a field does not make
 * old entries unreadable. MessagePack has no checksum: where stored bytes may be damaged, follow it
 * with a compressor that has one ({@code zstd}, {@code lz4}, {@code gzip}, {@code zlib}).
 *
 * <p>For the undeclared type {@code Object}, values read back as natural Java types: maps as
 * {@code LinkedHashMap<String, Object>}, arrays as {@code ArrayList}, integers as {@code Integer},
 * {@code Long} or {@code BigInteger} by size, floats as {@code Double}, binary as {@code byte[]},
 * and strings (including decimals and dates written as strings) as {@code String}.
 *
 * <p>Immutable and thread-safe.
 */
final class MsgpackSerializer implements Serializer<Object> {
  private static final ObjectMapper MAPPER = MessagePackMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addModule(TimestampExtensionModule.INSTANCE) // after JavaTimeModule: its Instant wins
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS,
          SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE,
          DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build()
      .handleBigIntegerAndBigDecimalAsString();

  private final JavaType type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  MsgpackSerializer(Type valueType) {
    this.type = MAPPER.constructType(valueType);
    this.reader = MAPPER.readerFor(type);
    this.writer = MAPPER.writerFor(type);
  }

  @Override
  public String id() {
    return "msgpack";
  }

  @Override
  public byte[] serialize(Object value) {
    Objects.requireNonNull(value, "value");
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("The msgpack serializer cannot write a "
          + value.getClass().getName() + " as " + type.toCanonical() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Object deserialize(byte[] bytes) {
    Object value;
    try {
      skipPayloads(bytes);
      value = reader.readValue(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("The stored bytes are not a msgpack "
          + type.toCanonical() + " (corrupt, truncated or of another shape): "
          + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
    }
    if (value == null) {
      throw new SerializationException("The stored msgpack value is nil, not a "
          + type.toCanonical());
    }
    return value;
  }

  /**
   * Walks the stored value's headers, skipping its payloads, so that a string, binary, extension
   * or collection that claims more than the stored bytes hold fails here with nothing allocated:
   * Jackson would allocate what a binary header claims (up to 2 GiB) before finding it absent.
   */
  private static void skipPayloads(byte[] bytes) throws IOException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      unpacker.skipValue();
    }
  }

  @Override
  public String toString() {
    return "msgpack serializer for " + type.toCanonical();
  }
}
