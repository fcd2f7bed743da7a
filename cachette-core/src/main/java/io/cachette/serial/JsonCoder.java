package io.cachette.serial;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.cachette.SerializationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * JSON for values whose type is not declared (a cache of {@code Object}): every value reads back
 * as the same type, because what plain JSON cannot tell apart is wrapped in a one-member object
 * whose name is a type tag. For example {@code List.of(1L, "a", LocalDate.of(2024, 5, 1))} is
 * written {@code [{"long":1},"a",{"date":"2024-05-01"}]}.
 *
 * <p>The wire format:
 * <ul>
 *   <li>Untagged: {@code null}, {@code String}, {@code Boolean}, {@code Integer}, finite
 *       {@code Double}, and lists as JSON arrays (read back as {@code ArrayList}).</li>
 *   <li>{@code long}, {@code short}, {@code byte}, {@code float}, {@code double} (NaN and
 *       infinities), {@code decimal} ({@code BigDecimal}, scale kept), {@code bigint},
 *       {@code char}, {@code bytes} ({@code byte[]}, base64).</li>
 *   <li>{@code set} (read back as {@code LinkedHashSet}, in the written order), {@code sortedset}
 *       ({@code TreeSet}), {@code deque} ({@code ArrayDeque}), {@code map} and {@code sortedmap}
 *       ({@code LinkedHashMap}, {@code TreeMap}; keys of any supported type, written as
 *       {@code [key1, value1, key2, value2, ...]}). Sorted collections must use natural ordering:
 *       a comparator is code and cannot be stored.</li>
 *   <li>{@code uuid}, {@code path}, {@code regex} (pattern and flags), and the {@code java.time}
 *       values: {@code date}, {@code time}, {@code datetime}, {@code offsetdatetime},
 *       {@code offsettime}, {@code zoneddatetime}, {@code instant}, {@code duration},
 *       {@code period}, {@code yearmonth}, {@code monthday} (ISO-8601 text), {@code year} (a
 *       number), {@code zone} ({@code ZoneId} and {@code ZoneOffset}, by id); {@code inet}
 *       ({@code InetAddress}, v4 or v6, as its literal address: reading accepts literal
 *       addresses only and never looks up a host name; an IPv6 zone that names an interface is
 *       looked up among this host's interfaces).</li>
 *   <li>{@code enum}: {@code ["com.example.Color","RED"]}; {@code record}:
 *       {@code ["com.example.User",{"name":"Ada","age":36}]}, components tagged recursively.</li>
 *   <li>Your own types, under the tag you {@linkplain Builder#register register} them with.</li>
 * </ul>
 * The JDK types and their tags are rows of one table, {@link JdkValueTypes}, which readable memo
 * keys and the java serializer's allow-list share.
 *
 * <p><b>Safety.</b> Decoding instantiates only the JDK types above, types you registered, and
 * records and enums of classes you allowed ({@link Builder#allowClasses},
 * {@link Builder#allowPattern}, {@link Builder#allowPackages}); JDK enums ({@code java.*}) are
 * allowed too. Any other class named in stored data is refused before it is loaded, with a {@link SerializationException} (a miss
 * when read through a cache). Encoding refuses what could not be decoded, so a value that cannot
 * be read back is never stored.
 *
 * <p><b>Bounds.</b> No stored value costs more to decode than its size suggests: a {@code bigint}
 * has at most 1,000 digits, a {@code decimal} at most 1,000 digits of precision, a scale between
 * -10,000 and 10,000 and text of at most 1,032 characters (the 1,000 is Jackson's default
 * {@code StreamReadConstraints.maxNumberLength}, which bounds untagged numbers). A stored value
 * over a bound is unreadable ({@link SerializationException}; through a cache, a miss that drops
 * the entry), and encoding refuses such a value.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonCoder {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  /** The tags the format writes itself; the JDK value types' tags are in {@link JdkValueTypes}. */
  private static final Set<String> FORMAT_TAGS = Set.of("long", "short", "byte", "float", "double",
      "bytes", "set", "sortedset", "deque", "map", "sortedmap", "enum", "record");
  private static final Set<Class<?>> FORMAT_TYPES = formatTypes();
  private static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
  private static final Pattern PACKAGE =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
  private static final JsonCoder DEFAULTS = builder().build();

  private final TaggedWriter writer;
  private final TaggedReader reader;
  private final Serializer<Object> serializer = new TaggedSerializer();

  private JsonCoder(Builder builder) {
    List<TagCodec<?>> codecs = new ArrayList<>(builder.codecs.values());
    codecs.addAll(JdkValueTypes.jsonCodecs());
    TaggedRecords records = new TaggedRecords(builder.allowedClasses,
        new ClassNamePatterns(builder.allowedPatterns));
    this.writer = new TaggedWriter(codecs, records);
    this.reader = new TaggedReader(codecs, records);
  }

  private static Set<Class<?>> formatTypes() {
    Set<Class<?>> types = new HashSet<>(JdkValueTypes.jsonFormatTypes());
    types.add(byte[].class);
    types.add(Object.class);
    return Set.copyOf(types);
  }

  /** The coder of the built-in types only, allowing no records or enums beyond the JDK's. */
  public static JsonCoder defaults() {
    return DEFAULTS;
  }

  /** Starts building a coder with your own types and allowed classes. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Encodes a value as tagged JSON in UTF-8.
   *
   * @throws SerializationException when the value, or a value inside it, is of a type this coder
   *     cannot encode (the message says which and how to add it), is over a bound, or nests too
   *     deeply
   */
  public byte[] encode(@Nullable Object value) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writer.write(g, value);
    } catch (IOException | RuntimeException e) {
      throw e instanceof SerializationException s ? s
          : new SerializationException("Cannot encode the value as tagged JSON: " + e, e);
    }
    return out.toByteArray();
  }

  /** Encodes a value as tagged JSON text; see {@link #encode(Object)}. */
  public String encodeToString(@Nullable Object value) {
    return new String(encode(value), StandardCharsets.UTF_8);
  }

  /**
   * Decodes tagged JSON in UTF-8.
   *
   * @throws SerializationException when the JSON is corrupt, is not of this format, has an unknown
   *     tag, holds a value over a bound, or names a class this coder does not allow
   */
  public @Nullable Object decode(byte[] json) {
    Objects.requireNonNull(json, "json");
    try (JsonParser p = JSON.createParser(json)) {
      return reader.readDocument(p);
    } catch (IOException | RuntimeException e) {
      throw decodeFailure(e);
    }
  }

  /** Decodes tagged JSON text; see {@link #decode(byte[])}. */
  public @Nullable Object decode(String json) {
    Objects.requireNonNull(json, "json");
    try (JsonParser p = JSON.createParser(json)) {
      return reader.readDocument(p);
    } catch (IOException | RuntimeException e) {
      throw decodeFailure(e);
    }
  }

  /** This coder as a serializer of {@code Object} values, with the id {@code json-tagged}. */
  public Serializer<Object> serializer() {
    return serializer;
  }

  private static SerializationException decodeFailure(Exception e) {
    return new SerializationException("Stored tagged JSON cannot be read (corrupt, or written by "
        + "another coder): " + e.getMessage(), e);
  }

  /** {@code json-tagged}: this coder as a {@link Serializer}. */
  private final class TaggedSerializer implements Serializer<Object> {
    @Override
    public String id() {
      return "json-tagged";
    }

    @Override
    public byte[] serialize(Object value) {
      return encode(value);
    }

    @Override
    public Object deserialize(byte[] bytes) {
      Object value = decode(bytes);
      if (value == null) {
        throw new SerializationException("stored tagged JSON is null, which a cache never stores");
      }
      return value;
    }

    @Override
    public String toString() {
      return "json-tagged";
    }
  }

  /**
   * Configures a {@link JsonCoder}: your own types, and the record and enum classes that stored
   * data may name. Not thread-safe; the built coder is.
   */
  public static final class Builder {
    private final Map<Class<?>, TagCodec<?>> codecs = new LinkedHashMap<>();
    private final Map<String, Class<?>> allowedClasses = new HashMap<>();
    private final Set<String> allowedPatterns = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Adds a type of your own, stored under a tag (the tag is stored, not the class name, so the
     * class may be renamed). The encoder turns a value into one this coder can encode (a string,
     * a number, a list, a map, another registered type...), and the decoder builds the value back
     * from that, decoded:
     *
     * <pre>{@code
     * JsonCoder.builder()
     *     .register(Money.class, "money",
     *         m -> List.of(m.amount(), m.currency().getCurrencyCode()),
     *         v -> new Money((BigDecimal) ((List<?>) v).get(0),
     *             Currency.getInstance((String) ((List<?>) v).get(1))))
     *     .build();
     * }</pre>
     *
     * <p>A registered type applies to its subclasses too, and takes precedence over the built-in
     * handling of collections, records and enums.
     *
     * @param tag 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, starting with a
     *     letter; not one of the built-in tags
     * @param encoder never returns null
     * @param decoder throws any runtime exception for a payload it cannot read: the read is then
     *     refused with a {@link SerializationException}
     * @throws IllegalArgumentException when the tag is malformed or taken, or the type is already
     *     registered or is one the format writes itself ({@code String}, {@code Long}, ...)
     */
    public <T> Builder register(Class<T> type, String tag, Function<? super T, ?> encoder,
        Function<@Nullable Object, ? extends T> decoder) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(decoder, "decoder");
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("Invalid tag '" + tag + "': use 1 to 64 letters, "
            + "digits, '.', '_' or '-', starting with a letter, such as 'money'");
      }
      boolean builtIn = FORMAT_TAGS.contains(tag)
          || JdkValueTypes.jsonCodecs().stream().anyMatch(c -> c.tag().equals(tag));
      if (builtIn || codecs.values().stream().anyMatch(c -> c.tag().equals(tag))) {
        throw new IllegalArgumentException("Tag '" + tag + "' is already taken"
            + (builtIn ? " by a built-in type" : "") + ": choose another one for "
            + type.getName());
      }
      if (FORMAT_TYPES.contains(type) || type.isPrimitive()) {
        throw new IllegalArgumentException(type.getName() + " is written by the format itself "
            + "and cannot be registered");
      }
      if (codecs.containsKey(type)) {
        throw new IllegalArgumentException(type.getName() + " is already registered with tag '"
            + codecs.get(type).tag() + "'");
      }
      codecs.put(type, new TagCodec<>(type, tag, encoder, decoder));
      return this;
    }

    /** Allows these record and enum classes to be decoded. */
    public Builder allowClasses(Class<?>... types) {
      for (Class<?> type : types) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord() && !type.isEnum()) {
          throw new IllegalArgumentException(type.getName() + " is neither a record nor an enum;"
              + " register other classes with register(type, tag, encoder, decoder)");
        }
        allowedClasses.put(type.getName(), type);
      }
      return this;
    }

    /**
     * Allows the record and enum classes that match these patterns to be decoded. The grammar is
     * the java serializer's ({@code JavaSerializer.Builder.allowPattern}, the {@code allow} URL
     * parameter of {@code java://} and {@code json://}): {@code com.myapp.User} (one class),
     * {@code com.myapp.model.*} (a package), {@code com.myapp.**} (a package and its
     * subpackages), {@code com.myapp.User*} (a name prefix). Other classes stay refused even when
     * they match.
     *
     * @throws IllegalArgumentException when a pattern is none of these (a bare {@code *} included)
     */
    public Builder allowPattern(String... patterns) {
      for (String pattern : patterns) {
        allowedPatterns.add(ClassNamePatterns.check(Objects.requireNonNull(pattern, "pattern")));
      }
      return this;
    }

    /**
     * Allows the record and enum classes of these packages, and of their subpackages, to be
     * decoded, such as {@code "com.example.model"}: the same as
     * {@code allowPattern("com.example.model.**")}.
     *
     * @throws IllegalArgumentException when a name is not a Java package name
     */
    public Builder allowPackages(String... packages) {
      for (String name : packages) {
        Objects.requireNonNull(name, "package");
        if (!PACKAGE.matcher(name).matches()) {
          throw new IllegalArgumentException("Invalid package name '" + name
              + "': write it as in Java, such as com.example.model");
        }
        allowedPatterns.add(name + ".**");
      }
      return this;
    }

    /** Builds the coder. */
    public JsonCoder build() {
      return new JsonCoder(this);
    }
  }
}
