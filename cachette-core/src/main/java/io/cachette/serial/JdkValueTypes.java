package io.cachette.serial;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The JDK value types Cachette knows, in one table that three readers share, so that they cannot
 * disagree about a type by accident:
 * <ul>
 *   <li>the tagged JSON of {@link JsonCoder}, which stores a row's values under its tag (or, for
 *       {@code String}, {@code Boolean} and the boxed numbers, writes them itself);</li>
 *   <li>readable memo keys ({@code io.cachette.memo}), which render a row marked for keys as
 *       {@code java.time.LocalDate("2024-05-01")}: the row's type name and canonical text (numbers,
 *       characters and booleans have key forms of their own);</li>
 *   <li>the default allow-list of {@link JavaSerializer}, which reads the rows that name a
 *       serialization pattern.</li>
 * </ul>
 * Where a row leaves a reader out, the table says why: a {@code URL} compares by resolving its
 * host name, a {@code Class} read from stored data would load a class that data names, a
 * {@code Path} is not {@code Serializable}.
 *
 * <p>Values of a subclass use the row of the first type in the table they are an instance of
 * (a {@code ZoneOffset} is a {@code ZoneId}). Immutable and thread-safe.
 */
public final class JdkValueTypes {
  /** java.time values serialize as {@code java.time.Ser}, its enums by name. */
  private static final String JAVA_TIME = "java.time.*";
  /** {@code YearMonth.toString} writes no {@code +} before a year over 9999, so cannot parse it. */
  private static final DateTimeFormatter YEAR_MONTH = new DateTimeFormatterBuilder()
      .appendValue(ChronoField.YEAR, 4, 10, SignStyle.EXCEEDS_PAD).appendLiteral('-')
      .appendValue(ChronoField.MONTH_OF_YEAR, 2).toFormatter();

  private static final List<Entry> TABLE = List.of(
      // written by the JSON format itself; keys have a form of their own for each
      row(String.class).java("java.lang.String"),
      row(Boolean.class).java("java.lang.Boolean"),
      row(Integer.class).java("java.lang.Integer"),
      row(Long.class).java("java.lang.Long"),
      row(Short.class).java("java.lang.Short"),
      row(Byte.class).java("java.lang.Byte"),
      row(Float.class).java("java.lang.Float"),
      row(Double.class).java("java.lang.Double"),
      // keys render these by value, not by text
      text(Character.class, String::valueOf).json("char", JdkValueTypes::parseChar)
          .java("java.lang.Character"),
      text(BigDecimal.class, d -> NumberBounds.checkBigDecimal(d).toString())
          .json("decimal", NumberBounds::parseBigDecimal).java("java.math.BigDecimal"),
      text(BigInteger.class, NumberBounds::bigIntegerText)
          .json("bigint", NumberBounds::parseBigInteger).java("java.math.BigInteger"),
      text(UUID.class, UUID::toString).keys().json("uuid", UUID::fromString)
          .java("java.util.UUID"),
      text(Path.class, Path::toString).keys().json("path", Path::of),
      // keys only: a URL compares by looking its host up, a Class would be loaded by name
      text(URI.class, URI::toString).keys(),
      text(URL.class, URL::toString).keys(),
      text(File.class, File::toString).keys(),
      text(Locale.class, Locale::toLanguageTag).keys(),
      text(Currency.class, Currency::getCurrencyCode).keys(),
      text(Charset.class, Charset::name).keys(),
      text(classOfClasses(), Class::getName).keys(),
      // keys keep the toString form a Pattern always had
      row(Pattern.class).json("regex", (Pattern p) -> List.of(p.pattern(), p.flags()),
          v -> Pattern.compile((String) ((List<?>) v).get(0), (Integer) ((List<?>) v).get(1))),
      // the literal address: its getters would look host names up; not Serializable as a value
      text(InetAddress.class, InetAddress::getHostAddress).keys().json("inet", InetLiteral::parse),
      text(Instant.class, Instant::toString).keys().json("instant", Instant::parse).java(JAVA_TIME),
      text(LocalDate.class, LocalDate::toString).keys().json("date", LocalDate::parse)
          .java(JAVA_TIME),
      text(LocalTime.class, LocalTime::toString).keys().json("time", LocalTime::parse)
          .java(JAVA_TIME),
      text(LocalDateTime.class, LocalDateTime::toString).keys()
          .json("datetime", LocalDateTime::parse).java(JAVA_TIME),
      text(OffsetDateTime.class, OffsetDateTime::toString).keys()
          .json("offsetdatetime", OffsetDateTime::parse).java(JAVA_TIME),
      text(OffsetTime.class, OffsetTime::toString).keys()
          .json("offsettime", OffsetTime::parse).java(JAVA_TIME),
      text(ZonedDateTime.class, ZonedDateTime::toString).keys()
          .json("zoneddatetime", ZonedDateTime::parse).java(JAVA_TIME),
      // ZoneId.of reads an offset id back as a ZoneOffset
      text(ZoneId.class, ZoneId::getId).keys().json("zone", ZoneId::of).java(JAVA_TIME),
      text(Duration.class, Duration::toString).keys().json("duration", Duration::parse)
          .java(JAVA_TIME),
      text(Period.class, Period::toString).keys().json("period", Period::parse).java(JAVA_TIME),
      text(Year.class, Year::toString).keys()
          .json("year", Year::getValue, v -> Year.of((Integer) v)).java(JAVA_TIME),
      text(YearMonth.class, YearMonth::toString).keys()
          .json("yearmonth", YEAR_MONTH::format, v -> YearMonth.parse((String) v, YEAR_MONTH))
          .java(JAVA_TIME),
      text(MonthDay.class, MonthDay::toString).keys().json("monthday", MonthDay::parse)
          .java(JAVA_TIME));

  private static final List<TagCodec<?>> JSON_CODECS = codecs();

  private JdkValueTypes() {}

  /** Every row of the table, in its order. */
  public static List<Entry> all() {
    return TABLE;
  }

  /**
   * The row whose canonical text renders values of a class in readable keys, such as the
   * {@code ZoneId} row for a {@code ZoneOffset}; null when keys render the class otherwise.
   */
  public static @Nullable Entry textTypeOf(Class<?> type) {
    Objects.requireNonNull(type, "type");
    for (Entry entry : TABLE) {
      if (entry.keys && entry.type.isAssignableFrom(type)) {
        return entry;
      }
    }
    return null;
  }

  /** The codecs of the rows the tagged JSON stores under a tag. */
  static List<TagCodec<?>> jsonCodecs() {
    return JSON_CODECS;
  }

  private static List<TagCodec<?>> codecs() {
    List<TagCodec<?>> codecs = new ArrayList<>();
    for (Entry entry : TABLE) {
      if (entry.jsonTag != null) {
        codecs.add(entry.codec(entry.jsonTag));
      }
    }
    return List.copyOf(codecs);
  }

  /** The types the tagged JSON writes itself, untagged or under a format tag. */
  static Set<Class<?>> jsonFormatTypes() {
    Set<Class<?>> types = new LinkedHashSet<>();
    for (Entry entry : TABLE) {
      if (entry.text == null && entry.jsonTag == null) {
        types.add(entry.type);
      }
    }
    return Set.copyOf(types);
  }

  /** The class-name patterns the java serializer allows by default for these types. */
  static List<String> javaSerialPatterns() {
    Set<String> patterns = new LinkedHashSet<>();
    for (Entry entry : TABLE) {
      if (entry.javaPattern != null) {
        patterns.add(entry.javaPattern);
      }
    }
    return List.copyOf(patterns);
  }

  private static <T> Entry row(Class<T> type) {
    return new Entry(type, null, false, null, null, null, null);
  }

  @SuppressWarnings("unchecked")
  private static <T> Entry text(Class<T> type, Function<? super T, String> text) {
    return new Entry(type, (Function<Object, String>) text, false, null, null, null, null);
  }

  @SuppressWarnings("unchecked")
  private static Class<Class<?>> classOfClasses() {
    return (Class<Class<?>>) (Class<?>) Class.class;
  }

  private static Character parseChar(String text) {
    if (text.length() != 1) {
      throw new IllegalArgumentException("a char is one UTF-16 unit, not " + text.length()
          + " units");
    }
    return text.charAt(0);
  }

  /**
   * One row: a JDK value type, its canonical text, and what the tagged JSON, readable keys and
   * the java serializer do with it. Immutable and thread-safe.
   */
  public static final class Entry {
    private final Class<?> type;
    private final @Nullable Function<Object, String> text;
    private final boolean keys;
    private final @Nullable String jsonTag;
    private final @Nullable Function<Object, ?> jsonEncoder;
    private final @Nullable Function<@Nullable Object, ?> jsonDecoder;
    private final @Nullable String javaPattern;

    private Entry(Class<?> type, @Nullable Function<Object, String> text, boolean keys,
        @Nullable String jsonTag, @Nullable Function<Object, ?> jsonEncoder,
        @Nullable Function<@Nullable Object, ?> jsonDecoder, @Nullable String javaPattern) {
      this.type = type;
      this.text = text;
      this.keys = keys;
      this.jsonTag = jsonTag;
      this.jsonEncoder = jsonEncoder;
      this.jsonDecoder = jsonDecoder;
      this.javaPattern = javaPattern;
    }

    /** The public type of the row, such as {@code java.time.ZoneId}. */
    public Class<?> type() {
      return type;
    }

    /**
     * The canonical text of a value of this row's type, the same in every JVM.
     *
     * @throws IllegalArgumentException when the value is not of this type, or the row has no
     *     text form
     */
    public String text(Object value) {
      if (text == null || !type.isInstance(value)) {
        throw new IllegalArgumentException("The " + type.getName() + " row has no text for a "
            + value.getClass().getName());
      }
      return text.apply(value);
    }

    /** The tag under which the tagged JSON stores this type; null when it does not. */
    public @Nullable String jsonTag() {
      return jsonTag;
    }

    /** Whether readable memo keys render values of this type as name and canonical text. */
    public boolean renderedInKeys() {
      return keys;
    }

    /** The class-name pattern the java serializer allows by default for it; null when none. */
    @Nullable String javaSerialPattern() {
      return javaPattern;
    }

    @Override
    public String toString() {
      return type.getName() + (jsonTag != null ? " json:" + jsonTag : "")
          + (keys ? " keys" : "") + (javaPattern != null ? " java:" + javaPattern : "");
    }

    private Entry keys() {
      return new Entry(type, text, true, jsonTag, jsonEncoder, jsonDecoder, javaPattern);
    }

    /** Stored under a tag, as the canonical text, read back by {@code parse}. */
    private Entry json(String tag, Function<String, ?> parse) {
      Function<Object, String> write = Objects.requireNonNull(text, "text");
      return json(tag, write, v -> parse.apply((String) Objects.requireNonNull(v)));
    }

    /** Stored under a tag as the encoder's payload, read back by the decoder. */
    @SuppressWarnings("unchecked")
    private <T> Entry json(String tag, Function<T, ?> encoder,
        Function<@Nullable Object, ?> decoder) {
      return new Entry(type, text, keys, tag, (Function<Object, ?>) encoder, decoder,
          javaPattern);
    }

    private Entry java(String pattern) {
      return new Entry(type, text, keys, jsonTag, jsonEncoder, jsonDecoder, pattern);
    }

    @SuppressWarnings("unchecked")
    private TagCodec<?> codec(String tag) {
      return new TagCodec<>((Class<Object>) type, tag, Objects.requireNonNull(jsonEncoder),
          (Function<@Nullable Object, Object>) Objects.requireNonNull(jsonDecoder));
    }
  }
}
