package io.cachette.serial;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.cachette.SerializationException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
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
 *   <li>{@code uuid}, {@code path}, {@code regex} (pattern and flags), {@code date}, {@code time},
 *       {@code datetime}, {@code offsetdatetime}, {@code zoneddatetime}, {@code instant},
 *       {@code duration} (ISO-8601 text), {@code inet} ({@code InetAddress}, v4 or v6, as its
 *       literal address: reading accepts literal addresses only and never looks up a host name;
 *       an IPv6 zone that names an interface is looked up among this host's interfaces).</li>
 *   <li>{@code enum}: {@code ["com.example.Color","RED"]}; {@code record}:
 *       {@code ["com.example.User",{"name":"Ada","age":36}]}, components tagged recursively.</li>
 *   <li>Your own types, under the tag you {@linkplain Builder#register register} them with.</li>
 * </ul>
 *
 * <p><b>Safety.</b> Decoding instantiates only the JDK types above, types you registered, and
 * records and enums of classes you allowed ({@link Builder#allowClasses},
 * {@link Builder#allowPackages}); JDK enums ({@code java.*}) are allowed too. Any other class named
 * in stored data is refused before it is loaded, with a {@link SerializationException} (a miss
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
  private static final Set<String> FORMAT_TAGS = Set.of("long", "short", "byte", "float", "double",
      "bytes", "set", "sortedset", "deque", "map", "sortedmap", "enum", "record");
  private static final Set<Class<?>> FORMAT_TYPES = Set.of(String.class, Boolean.class,
      Integer.class, Double.class, Long.class, Short.class, Byte.class, Float.class, byte[].class,
      Object.class);
  private static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
  private static final Pattern PACKAGE =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
  private static final List<Codec<?>> BUILT_IN = List.of(
      text(BigDecimal.class, "decimal", d -> NumberBounds.checkBigDecimal(d).toString(),
          NumberBounds::parseBigDecimal),
      text(BigInteger.class, "bigint", NumberBounds::bigIntegerText, NumberBounds::parseBigInteger),
      text(Character.class, "char", String::valueOf, JsonCoder::parseChar),
      text(UUID.class, "uuid", UUID::toString, UUID::fromString),
      text(Path.class, "path", Path::toString, Path::of),
      new Codec<>(Pattern.class, "regex", p -> List.of(p.pattern(), p.flags()),
          v -> Pattern.compile((String) ((List<?>) v).get(0), (Integer) ((List<?>) v).get(1))),
      text(LocalDate.class, "date", LocalDate::toString, LocalDate::parse),
      text(LocalTime.class, "time", LocalTime::toString, LocalTime::parse),
      text(LocalDateTime.class, "datetime", LocalDateTime::toString, LocalDateTime::parse),
      text(OffsetDateTime.class, "offsetdatetime", OffsetDateTime::toString,
          OffsetDateTime::parse),
      text(ZonedDateTime.class, "zoneddatetime", ZonedDateTime::toString, ZonedDateTime::parse),
      text(Instant.class, "instant", Instant::toString, Instant::parse),
      text(Duration.class, "duration", Duration::toString, Duration::parse),
      text(InetAddress.class, "inet", InetAddress::getHostAddress, InetLiteral::parse));
  private static final JsonCoder DEFAULTS = builder().build();

  /** Record shapes, found once per class. */
  private static final ClassValue<RecordShape> RECORDS = new ClassValue<>() {
    @Override
    protected RecordShape computeValue(Class<?> type) {
      return RecordShape.of(type);
    }
  };

  private final List<Codec<?>> codecs;
  private final Map<String, Codec<?>> codecsByTag;
  private final Map<String, Class<?>> allowedClasses;
  private final List<String> allowedPackages;
  private final ClassLoader loader;
  private final Serializer<Object> serializer = new TaggedSerializer();
  private final ClassValue<Optional<Codec<?>>> codecOf = new ClassValue<>() {
    @Override
    protected Optional<Codec<?>> computeValue(Class<?> type) {
      return codecs.stream().<Codec<?>>filter(c -> c.type().isAssignableFrom(type)).findFirst();
    }
  };

  private JsonCoder(Builder builder) {
    List<Codec<?>> all = new ArrayList<>(builder.codecs.values());
    all.addAll(BUILT_IN);
    this.codecs = List.copyOf(all);
    Map<String, Codec<?>> byTag = new HashMap<>();
    all.forEach(c -> byTag.put(c.tag(), c));
    this.codecsByTag = Map.copyOf(byTag);
    this.allowedClasses = Map.copyOf(builder.allowedClasses);
    this.allowedPackages = List.copyOf(builder.allowedPackages);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = context != null ? context : JsonCoder.class.getClassLoader();
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
   *     cannot encode (the message says which and how to add it), or nests too deeply
   */
  public byte[] encode(@Nullable Object value) {
    ByteArrayBuilder out = new ByteArrayBuilder();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, value);
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
   *     tag, or names a class this coder does not allow
   */
  public @Nullable Object decode(byte[] json) {
    Objects.requireNonNull(json, "json");
    try (JsonParser p = JSON.createParser(json)) {
      return readDocument(p);
    } catch (IOException | RuntimeException e) {
      throw decodeFailure(e);
    }
  }

  /** Decodes tagged JSON text; see {@link #decode(byte[])}. */
  public @Nullable Object decode(String json) {
    Objects.requireNonNull(json, "json");
    try (JsonParser p = JSON.createParser(json)) {
      return readDocument(p);
    } catch (IOException | RuntimeException e) {
      throw decodeFailure(e);
    }
  }

  /** This coder as a serializer of {@code Object} values, with the id {@code json-tagged}. */
  public Serializer<Object> serializer() {
    return serializer;
  }

  // ---- writing ----

  private void write(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Double d && Double.isFinite(d)) {
      g.writeNumber(d);
    } else if (value instanceof List<?> list && codecOf.get(value.getClass()).isEmpty()) {
      writeArray(g, list);
    } else {
      g.writeStartObject();
      writeTagged(g, value);
      g.writeEndObject();
    }
  }

  /** Writes the one member of a tagged value: its tag and payload. */
  private void writeTagged(JsonGenerator g, Object value) throws IOException {
    Optional<Codec<?>> codec = codecOf.get(value.getClass());
    if (value instanceof Long l) {
      g.writeNumberField("long", l);
    } else if (value instanceof Short s) {
      g.writeFieldName("short");
      g.writeNumber(s);
    } else if (value instanceof Byte b) {
      g.writeNumberField("byte", b);
    } else if (value instanceof Float f) {
      if (Float.isFinite(f)) {
        g.writeNumberField("float", f);
      } else {
        g.writeStringField("float", f.toString());
      }
    } else if (value instanceof Double d) {
      g.writeStringField("double", d.toString());
    } else if (value instanceof byte[] bytes) {
      g.writeFieldName("bytes");
      g.writeBinary(bytes);
    } else if (codec.isPresent()) {
      g.writeFieldName(codec.get().tag());
      write(g, codec.get().encode(value));
    } else if (value instanceof Deque<?> deque) {
      g.writeFieldName("deque");
      writeArray(g, deque);
    } else if (value instanceof SortedSet<?> set) {
      requireNaturalOrder(set.comparator(), value);
      g.writeFieldName("sortedset");
      writeArray(g, set);
    } else if (value instanceof Set<?> set) {
      g.writeFieldName("set");
      writeArray(g, set);
    } else if (value instanceof SortedMap<?, ?> map) {
      requireNaturalOrder(map.comparator(), value);
      g.writeFieldName("sortedmap");
      writeMap(g, map);
    } else if (value instanceof Map<?, ?> map) {
      g.writeFieldName("map");
      writeMap(g, map);
    } else if (value instanceof Enum<?> e) {
      g.writeFieldName("enum");
      g.writeStartArray();
      g.writeString(requireAllowed(e.getDeclaringClass()).getName());
      g.writeString(e.name());
      g.writeEndArray();
    } else if (value.getClass().isRecord()) {
      g.writeFieldName("record");
      g.writeStartArray();
      g.writeString(requireAllowed(value.getClass()).getName());
      RECORDS.get(value.getClass()).write(value, this, g);
      g.writeEndArray();
    } else {
      throw new SerializationException("Cannot encode a " + value.getClass().getName()
          + " as tagged JSON: not a supported type. Register it with JsonCoder.builder()"
          + ".register(type, tag, encoder, decoder), make it a record, or declare the cache's value"
          + " type so that plain JSON can be used");
    }
  }

  private void writeArray(JsonGenerator g, Collection<?> values) throws IOException {
    g.writeStartArray();
    for (Object element : values) {
      write(g, element);
    }
    g.writeEndArray();
  }

  private void writeMap(JsonGenerator g, Map<?, ?> map) throws IOException {
    g.writeStartArray();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      write(g, entry.getKey());
      write(g, entry.getValue());
    }
    g.writeEndArray();
  }

  private static void requireNaturalOrder(@Nullable Object comparator, Object value) {
    if (comparator != null) {
      throw new SerializationException("Cannot encode a " + value.getClass().getName()
          + " with a comparator as tagged JSON: a comparator is code, not data. Use natural "
          + "ordering, copy it into a LinkedHashSet / LinkedHashMap, or declare the value type");
    }
  }

  private Class<?> requireAllowed(Class<?> type) {
    Class<?> listed = allowedClasses.get(type.getName());
    if (listed == type || (listed == null && isAllowed(type.getName(), type.isEnum()))) {
      return type;
    }
    throw new SerializationException(notAllowed(type.getName()));
  }

  // ---- reading ----

  private @Nullable Object readDocument(JsonParser p) throws IOException {
    Object value = read(p, p.nextToken());
    if (p.nextToken() != null) {
      throw new SerializationException("unexpected content after the value at "
          + p.currentLocation().getCharOffset());
    }
    return value;
  }

  private @Nullable Object read(JsonParser p, @Nullable JsonToken token) throws IOException {
    if (token == null) {
      throw new SerializationException("the JSON ends before a value");
    }
    switch (token) {
      case VALUE_NULL:
        return null;
      case VALUE_STRING:
        return p.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NUMBER_INT:
        return p.getIntValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case START_ARRAY:
        return readElements(p, new ArrayList<>());
      case START_OBJECT:
        return readTagged(p);
      default:
        throw new SerializationException("unexpected " + token + " where a value was expected");
    }
  }

  private Object readTagged(JsonParser p) throws IOException {
    String tag = p.nextFieldName();
    if (tag == null) {
      throw new SerializationException("an object must have one member, a type tag");
    }
    JsonToken token = p.nextToken();
    Object value = switch (tag) {
      case "long" -> integral(p).getLongValue();
      case "short" -> integral(p).getShortValue();
      case "byte" -> integral(p).getByteValue();
      case "float" -> token == JsonToken.VALUE_STRING ? Float.parseFloat(p.getText())
          : p.getFloatValue();
      case "double" -> Double.parseDouble(p.getValueAsString(""));
      case "bytes" -> p.getBinaryValue();
      case "deque" -> readElements(p, new ArrayDeque<>());
      case "set" -> readElements(p, new LinkedHashSet<>());
      case "sortedset" -> readElements(p, new TreeSet<>());
      case "map" -> readMap(p, new LinkedHashMap<>());
      case "sortedmap" -> readMap(p, new TreeMap<>());
      case "enum" -> readEnum(p);
      case "record" -> readRecord(p);
      default -> decodeRegistered(tag, read(p, token));
    };
    if (p.nextToken() != JsonToken.END_OBJECT) {
      throw new SerializationException("the tagged value '" + tag + "' has more than one member");
    }
    return value;
  }

  private Object decodeRegistered(String tag, @Nullable Object payload) {
    Codec<?> codec = codecsByTag.get(tag);
    if (codec == null) {
      throw new SerializationException("unknown type tag '" + tag + "': register the type with "
          + "JsonCoder.builder().register(type, \"" + tag + "\", encoder, decoder)");
    }
    try {
      return Objects.requireNonNull(codec.decoder().apply(payload), "decoder result");
    } catch (RuntimeException e) {
      throw new SerializationException("cannot decode the tagged value '" + tag + "' as "
          + codec.type().getName() + ": " + e, e);
    }
  }

  private <C extends Collection<Object>> C readElements(JsonParser p, C into) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      into.add(read(p, token));
    }
    return into;
  }

  private Map<Object, Object> readMap(JsonParser p, Map<Object, Object> into) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      into.put(read(p, token), read(p, p.nextToken()));
    }
    return into;
  }

  private Object readEnum(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    Class<?> type = allowedClass(p.nextTextValue(), true);
    String name = p.nextTextValue();
    p.nextToken();
    expect(p, JsonToken.END_ARRAY);
    if (!type.isEnum()) {
      throw new SerializationException(type.getName() + " is not an enum");
    }
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new SerializationException(type.getName() + " has no constant '" + name + "'");
  }

  private Object readRecord(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    Class<?> type = allowedClass(p.nextTextValue(), false);
    if (!type.isRecord()) {
      throw new SerializationException(type.getName() + " is not a record");
    }
    p.nextToken();
    expect(p, JsonToken.START_OBJECT);
    Map<String, @Nullable Object> components = new HashMap<>();
    String name;
    while ((name = p.nextFieldName()) != null) {
      components.put(name, read(p, p.nextToken()));
    }
    expect(p, JsonToken.END_OBJECT);
    p.nextToken();
    expect(p, JsonToken.END_ARRAY);
    return RECORDS.get(type).create(components);
  }

  private static JsonParser integral(JsonParser p) {
    expect(p, JsonToken.VALUE_NUMBER_INT);
    return p;
  }

  private static void expect(JsonParser p, JsonToken expected) {
    if (p.currentToken() != expected) {
      throw new SerializationException("expected " + expected + " but found "
          + p.currentToken() + " at " + p.currentLocation().getCharOffset());
    }
  }

  /** The class a stored record or enum names, if allowed: checked before the class is loaded. */
  private Class<?> allowedClass(@Nullable String name, boolean isEnum) {
    if (name == null) {
      throw new SerializationException("expected a class name");
    }
    Class<?> allowed = allowedClasses.get(name);
    if (allowed != null) {
      return allowed;
    }
    if (!isAllowed(name, isEnum)) {
      throw new SerializationException(notAllowed(name));
    }
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SerializationException("class " + name + " named in stored JSON is not found", e);
    }
  }

  /** Whether a class not listed by {@link Builder#allowClasses} is allowed by its package. */
  private boolean isAllowed(String className, boolean isEnum) {
    if (isEnum && className.startsWith("java.")) {
      return true;
    }
    for (String prefix : allowedPackages) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String notAllowed(String className) {
    return "Refusing class " + className + ": this JsonCoder does not allow it. Allow it with "
        + "JsonCoder.builder().allowClasses(...) or .allowPackages(\""
        + (className.lastIndexOf('.') > 0 ? className.substring(0, className.lastIndexOf('.'))
            : className)
        + "\"), or with json://?allow-packages=... in a serializer URL";
  }

  private static SerializationException decodeFailure(Exception e) {
    return new SerializationException("Stored tagged JSON cannot be read (corrupt, or written by "
        + "another coder): " + e.getMessage(), e);
  }

  // ---- built-in conversions ----

  private static <T> Codec<T> text(Class<T> type, String tag, Function<T, String> encoder,
      Function<String, T> decoder) {
    return new Codec<>(type, tag, encoder, v -> decoder.apply((String) Objects.requireNonNull(v)));
  }

  private static Character parseChar(String text) {
    if (text.length() != 1) {
      throw new IllegalArgumentException("a char is one UTF-16 unit, not '" + text + "'");
    }
    return text.charAt(0);
  }

  /** A type with its tag and conversions to and from a value this coder can encode. */
  private record Codec<T>(Class<T> type, String tag, Function<? super T, ?> encoder,
      Function<@Nullable Object, ? extends T> decoder) {

    Object encode(Object value) {
      Object payload = encoder.apply(type.cast(value));
      if (payload == null) {
        throw new SerializationException("the encoder of tag '" + tag + "' returned null for a "
            + value.getClass().getName());
      }
      return payload;
    }
  }

  /** A record class's components and canonical constructor. */
  private record RecordShape(Class<?> type, String[] names, Method[] accessors,
      Constructor<?> constructor) {

    static RecordShape of(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      String[] names = new String[components.length];
      Method[] accessors = new Method[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        names[i] = components[i].getName();
        accessors[i] = components[i].getAccessor();
        accessors[i].trySetAccessible();
        types[i] = components[i].getType();
      }
      try {
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.trySetAccessible();
        return new RecordShape(type, names, accessors, constructor);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("record " + type.getName() + " has no canonical "
            + "constructor", e);
      }
    }

    void write(Object record, JsonCoder coder, JsonGenerator g) throws IOException {
      g.writeStartObject();
      for (int i = 0; i < names.length; i++) {
        g.writeFieldName(names[i]);
        try {
          coder.write(g, accessors[i].invoke(record));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new SerializationException("cannot read component '" + names[i] + "' of "
              + type.getName() + " (open its package to Cachette if it is in a module): " + e, e);
        }
      }
      g.writeEndObject();
    }

    Object create(Map<String, @Nullable Object> stored) {
      Object[] arguments = new Object[names.length];
      for (int i = 0; i < names.length; i++) {
        arguments[i] = stored.get(names[i]);
        if (arguments[i] == null && constructor.getParameterTypes()[i].isPrimitive()) {
          throw new SerializationException("stored " + type.getName() + " has no value for its "
              + "component '" + names[i] + "' (written by an older version of the class?)");
        }
      }
      try {
        return constructor.newInstance(arguments);
      } catch (InvocationTargetException e) {
        throw new SerializationException("the constructor of " + type.getName()
            + " refused the stored components: " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        throw new SerializationException("cannot create " + type.getName()
            + " from the stored components: " + e, e);
      }
    }
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
    private final Map<Class<?>, Codec<?>> codecs = new LinkedHashMap<>();
    private final Map<String, Class<?>> allowedClasses = new HashMap<>();
    private final Set<String> allowedPackages = new LinkedHashSet<>();

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
          || BUILT_IN.stream().anyMatch(c -> c.tag().equals(tag));
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
      codecs.put(type, new Codec<>(type, tag, encoder, decoder));
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
     * Allows the record and enum classes of these packages, and of their subpackages, to be
     * decoded, such as {@code "com.example.model"}.
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
        allowedPackages.add(name + ".");
      }
      return this;
    }

    /** Builds the coder. */
    public JsonCoder build() {
      return new JsonCoder(this);
    }
  }
}
