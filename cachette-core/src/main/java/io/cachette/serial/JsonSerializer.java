package io.cachette.serial;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cachette.SerializationException;
import io.cachette.TypeRef;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The {@code json} value layer: values are written as JSON with Jackson.
 *
 * <p>When the value type is known ({@code User}, {@code List<User>}, {@code Map<String, Order>},
 * {@code Optional<User>}, records), values are written and read as exactly that generic type, so
 * the stored JSON holds no type tags: {@code {"name":"Ada","age":36}}. Fields the stored JSON has
 * but the class no longer has are ignored, so adding or removing a field does not make old entries
 * unreadable. When the value type is {@code Object} (or {@code Serializable}, or a type variable),
 * there is no type to read back into; values then go through {@link JsonCoder}, which tags what
 * plain JSON cannot tell apart (a {@code Long} from an {@code Integer}, a record from a map).
 *
 * <p>The two forms have different {@linkplain Serializer#id() ids}, {@code json} and
 * {@code json-tagged}, so an entry written in one form is never decoded as the other: reading it
 * is a miss.
 *
 * <pre>{@code
 * Serializer<List<User>> s = JsonSerializer.of(new TypeRef<List<User>>() {});
 * Serializer<User> custom = JsonSerializer.of(User.class, myObjectMapper);
 * }</pre>
 *
 * <p>The serializers are immutable and thread-safe; each prepares its Jackson reader and writer
 * once.
 */
public final class JsonSerializer {
  private static final ObjectMapper DEFAULT_MAPPER = mapperBuilder().build();

  private JsonSerializer() {}

  /**
   * A builder of the mapper Cachette uses by default, to start your own from: Java time types
   * ({@code java.time}) as ISO-8601 strings, zoned date-times with their zone id and read back
   * without adjusting the zone, {@code Optional} and the other JDK 8 types, unknown properties
   * ignored on read, trailing content after the value refused on read, and a {@code BigDecimal}
   * with a scale outside -10,000..10,000 refused on read (a few stored bytes such as
   * {@code 1e999999999} would otherwise make the first arithmetic on the value allocate a billion
   * digits; Jackson already bounds numbers to 1,000 characters).
   */
  public static JsonMapper.Builder mapperBuilder() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .addModule(new SimpleModule("cachette-number-bounds")
            .addDeserializer(BigDecimal.class, new BoundedDecimalDeserializer()))
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS,
            SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE,
            DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * A JSON serializer for values of a class, with the default mapper; for {@code Object} and
   * {@code Serializable}, the tagged form of {@link JsonCoder#defaults()}.
   */
  public static <T> Serializer<T> of(Class<T> type) {
    return of(TypeRef.of(type));
  }

  /**
   * A JSON serializer for values of a generic type such as {@code List<User>}, with the default
   * mapper; for {@code Object}, {@code Serializable} or a type variable, the tagged form of
   * {@link JsonCoder#defaults()}.
   */
  @SuppressWarnings("unchecked")
  public static <T> Serializer<T> of(TypeRef<T> type) {
    Objects.requireNonNull(type, "type");
    if (isUntyped(type.type())) {
      return (Serializer<T>) JsonCoder.defaults().serializer();
    }
    return new Typed<>(type.type(), DEFAULT_MAPPER);
  }

  /**
   * A JSON serializer for values of a class, written and read by your own mapper (start from
   * {@link #mapperBuilder()} to keep Cachette's defaults). The mapper is used for every type,
   * {@code Object} included: what an {@code Object} reads back as is then the mapper's choice.
   */
  public static <T> Serializer<T> of(Class<T> type, ObjectMapper mapper) {
    return of(TypeRef.of(type), mapper);
  }

  /** A JSON serializer for values of a generic type, written and read by your own mapper. */
  public static <T> Serializer<T> of(TypeRef<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mapper, "mapper");
    return new Typed<>(type.type(), mapper);
  }

  /** Whether a declared type gives Jackson nothing to read values back into. */
  static boolean isUntyped(Type type) {
    Class<?> raw = TypeRef.rawType(type);
    return raw == Object.class || raw == Serializable.class;
  }

  /** JSON through Jackson for one declared type, without type tags. */
  private static final class Typed<T> implements Serializer<T> {
    private final String typeName;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    Typed(Type type, ObjectMapper mapper) {
      this.typeName = type.getTypeName();
      var javaType = mapper.constructType(type);
      this.reader = mapper.readerFor(javaType);
      this.writer = mapper.writerFor(javaType);
    }

    @Override
    public String id() {
      return "json";
    }

    @Override
    public byte[] serialize(T value) {
      try {
        return writer.writeValueAsBytes(value);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("Cannot write a "
            + (value == null ? "null" : value.getClass().getName()) + " as JSON for values of "
            + typeName + ": " + reason(e) + ". Use a record or a class with getters, annotate it "
            + "for Jackson, or give JsonSerializer.of(type, mapper) a mapper that can write it", e);
      }
    }

    @Override
    public T deserialize(byte[] bytes) {
      try {
        return reader.readValue(bytes);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("Stored JSON cannot be read as " + typeName
            + " (corrupt, or written for another type): " + reason(e), e);
      }
    }

    private static String reason(Exception e) {
      return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
    }

    @Override
    public String toString() {
      return "json<" + typeName + ">";
    }
  }
}
