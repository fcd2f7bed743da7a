package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.cachette.SerializationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCoderTest {
  enum Color { RED, GREEN }

  record Point(int x, long y) {}

  record Order(String id, List<Object> lines, Map<Object, Object> meta, Point at, Color color,
      String note) {}

  record Positive(int value) {
    Positive {
      if (value <= 0) {
        throw new IllegalArgumentException("not positive: " + value);
      }
    }
  }

  /** A type of the user's own, neither record nor enum. */
  static final class Money {
    final BigDecimal amount;
    final Currency currency;

    Money(BigDecimal amount, Currency currency) {
      this.amount = amount;
      this.currency = currency;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Money m && m.amount.equals(amount) && m.currency.equals(currency);
    }

    @Override
    public int hashCode() {
      return Objects.hash(amount, currency);
    }
  }

  private final JsonCoder coder = JsonCoder.builder()
      .allowClasses(Point.class, Order.class, Color.class, Positive.class)
      .build();

  private final JsonCoder withMoney = JsonCoder.builder()
      .register(Money.class, "money",
          m -> List.of(m.amount, m.currency.getCurrencyCode()),
          v -> new Money((BigDecimal) ((List<?>) v).get(0),
              Currency.getInstance((String) ((List<?>) v).get(1))))
      .build();

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(JsonCoder c, Object value) {
    return (T) c.decode(c.encode(value));
  }

  static Stream<Arguments> builtInValues() throws Exception {
    return Stream.of(
        arguments("String", "héllo \"quoted\"\n\u2603", String.class),
        arguments("empty String", "", String.class),
        arguments("Integer", 42, Integer.class),
        arguments("Integer min", Integer.MIN_VALUE, Integer.class),
        arguments("Long", 42L, Long.class),
        arguments("Long max", Long.MAX_VALUE, Long.class),
        arguments("Double", 1.0, Double.class),
        arguments("Double tiny", 4.9e-324, Double.class),
        arguments("Double negative zero", -0.0, Double.class),
        arguments("Double NaN", Double.NaN, Double.class),
        arguments("Double -Infinity", Double.NEGATIVE_INFINITY, Double.class),
        arguments("Float", 1.1f, Float.class),
        arguments("Float NaN", Float.NaN, Float.class),
        arguments("Short", (short) -7, Short.class),
        arguments("Byte", (byte) 127, Byte.class),
        arguments("BigDecimal keeps scale", new BigDecimal("1.50"), BigDecimal.class),
        arguments("BigDecimal exponent", new BigDecimal("1E+1000"), BigDecimal.class),
        arguments("BigInteger", new BigInteger("123456789012345678901234567890"),
            BigInteger.class),
        arguments("Boolean", true, Boolean.class),
        arguments("Character", '\u00e9', Character.class),
        arguments("byte[]", new byte[] {0, -1, 127, 42}, byte[].class),
        arguments("List", List.of(1, 2), ArrayList.class),
        arguments("List with null", Arrays.asList(1, null, "x"), ArrayList.class),
        arguments("LinkedList", new LinkedList<>(List.of(3, 1)), List.class),
        arguments("HashSet", new HashSet<>(Set.of(1, 2, 3)), HashSet.class),
        arguments("LinkedHashSet", new LinkedHashSet<>(List.of(3, 1, 2)), LinkedHashSet.class),
        arguments("TreeSet", new TreeSet<>(Set.of("b", "a")), TreeSet.class),
        arguments("HashMap", new HashMap<>(Map.of("a", 1, "b", 2L)), HashMap.class),
        arguments("LinkedHashMap", new LinkedHashMap<>(Map.of(1L, "a")), LinkedHashMap.class),
        arguments("TreeMap", new TreeMap<>(Map.of(2, "b", 1, "a")), TreeMap.class),
        arguments("UUID", UUID.randomUUID(), UUID.class),
        arguments("absolute Path", Path.of("/tmp/a b/c.txt"), Path.class),
        arguments("relative Path", Path.of("x", "y"), Path.class),
        arguments("LocalDate", LocalDate.of(2024, 2, 29), LocalDate.class),
        arguments("LocalTime", LocalTime.of(23, 59, 59, 123_456_789), LocalTime.class),
        arguments("LocalDateTime", LocalDateTime.of(2024, 5, 1, 10, 15), LocalDateTime.class),
        arguments("OffsetDateTime", OffsetDateTime.of(2024, 5, 1, 10, 15, 30, 5,
            ZoneOffset.ofHoursMinutes(5, 30)), OffsetDateTime.class),
        arguments("ZonedDateTime region", ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0,
            ZoneId.of("Europe/Paris")), ZonedDateTime.class),
        arguments("ZonedDateTime offset", ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0,
            ZoneOffset.UTC), ZonedDateTime.class),
        arguments("Instant", Instant.ofEpochSecond(1_700_000_000L, 123), Instant.class),
        arguments("Duration", Duration.ofHours(25).plusNanos(1), Duration.class),
        arguments("IPv4", InetAddress.getByName("192.168.1.20"), InetAddress.class),
        arguments("IPv6", InetAddress.getByName("2001:db8::1"), InetAddress.class),
        arguments("enum", Color.GREEN, Color.class),
        arguments("JDK enum", DayOfWeek.FRIDAY, DayOfWeek.class),
        arguments("record", new Point(-1, Long.MIN_VALUE), Point.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtInValues")
  void builtInTypesRoundTripAsEqualValuesOfTheSameType(String name, Object value, Class<?> type) {
    Object back = roundTrip(coder, value);

    assertThat(back).isEqualTo(value).isInstanceOf(type);
  }

  @Test
  void nullRoundTrips() {
    assertThat(coder.encodeToString(null)).isEqualTo("null");
    assertThat(coder.decode("null")).isNull();
  }

  @Test
  void wireFormatTagsOnlyWhatPlainJsonCannotTellApart() {
    String json = coder.encodeToString(List.of(1, 1L, "a", 2.5, true, LocalDate.of(2024, 5, 1)));

    assertThat(json).isEqualTo("[1,{\"long\":1},\"a\",2.5,true,{\"date\":\"2024-05-01\"}]");
  }

  @Test
  void elementTypesInsideCollectionsAreKept() {
    List<Object> mixed = List.of(1, 1L, (short) 1, (byte) 1, 1.0, 1.0f, BigDecimal.ONE,
        BigInteger.ONE, '1', "1", true);

    List<Object> back = roundTrip(coder, mixed);

    assertThat(back).isEqualTo(mixed);
    assertThat(back).extracting(Object::getClass)
        .containsExactlyElementsOf(mixed.stream().map(Object::getClass).toList());
  }

  @Test
  void mapKeysOfAnyTypeRoundTripInOrder() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(1, "int");
    map.put(1L, "long");
    map.put("1", "string");
    map.put(new Point(1, 2), List.of());
    map.put(List.of(1, 2), Set.of());
    map.put(LocalDate.of(2024, 1, 1), null);
    map.put(null, "null key");

    Map<Object, Object> back = roundTrip(coder, map);

    assertThat(back).isEqualTo(map);
    assertThat(back.keySet()).containsExactlyElementsOf(map.keySet());
  }

  @Test
  void setsKeepTheirIterationOrderAndSortedSetsStaySorted() {
    Set<String> linked = new LinkedHashSet<>(List.of("c", "a", "b"));
    TreeSet<String> sorted = new TreeSet<>(List.of("c", "a", "b"));

    Set<Object> linkedBack = roundTrip(coder, linked);
    TreeSet<Object> back = roundTrip(coder, sorted);

    assertThat(linkedBack).containsExactly("c", "a", "b");
    assertThat(back.comparator()).isNull();
    assertThat(back).containsExactly("a", "b", "c");
  }

  @Test
  void dequeRoundTripsAsArrayDequeInOrder() {
    ArrayDeque<Object> deque = new ArrayDeque<>(List.of(3L, "two", 1));

    ArrayDeque<Object> back = roundTrip(coder, deque);

    assertThat(back).containsExactly(3L, "two", 1);
  }

  @Test
  void patternKeepsItsFlags() {
    Pattern pattern = Pattern.compile("a+\\s(b|c)$", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    Pattern back = roundTrip(coder, pattern);

    assertThat(back.pattern()).isEqualTo(pattern.pattern());
    assertThat(back.flags()).isEqualTo(pattern.flags());
    assertThat(back.matcher("x\nAAA C").find()).isTrue();
  }

  @Test
  void nestedRecordsCollectionsAndDatesRoundTrip() {
    Map<Object, Object> meta = new HashMap<>();
    meta.put(new Point(1, 2), new TreeSet<>(Set.of(LocalDate.of(2024, 1, 2))));
    meta.put("weights", List.of(0.5, Double.NaN));
    meta.put(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        Map.of(Color.RED, 0));
    Order order = new Order("o-1",
        List.of(List.of(1L, new BigDecimal("9.99")), Set.of(Color.RED), new Point(0, 0)),
        meta, new Point(3, 4), Color.GREEN, null);

    assertThat(JsonCoderTest.<Object>roundTrip(coder, order)).isEqualTo(order);
  }

  @Test
  void recordsAreTaggedWithTheirClassAndComponents() {
    assertThat(coder.encodeToString(new Point(1, 2))).isEqualTo(
        "{\"record\":[\"io.cachette.serial.JsonCoderTest$Point\",{\"x\":1,\"y\":{\"long\":2}}]}");
  }

  @Test
  void recordConstructorValidationStillRunsOnDecode() {
    String tampered = "{\"record\":[\"io.cachette.serial.JsonCoderTest$Positive\",{\"value\":-1}]}";

    assertThatThrownBy(() -> coder.decode(tampered))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not positive: -1");
  }

  @Test
  void registeredTypeRoundTripsUnderItsTagWithoutItsClassName() {
    Money price = new Money(new BigDecimal("12.30"), Currency.getInstance("EUR"));
    Map<String, Object> basket = Map.of("price", price, "items", List.of(price, price));

    String json = withMoney.encodeToString(price);

    assertThat(json).isEqualTo("{\"money\":[{\"decimal\":\"12.30\"},\"EUR\"]}");
    assertThat(withMoney.decode(json)).isEqualTo(price);
    assertThat(JsonCoderTest.<Object>roundTrip(withMoney, basket)).isEqualTo(basket);
  }

  @Test
  void registeredTypeCoversSubclassesAndTakesPrecedenceOverBuiltIns() {
    JsonCoder chars = JsonCoder.builder()
        .register(CharSequence.class, "chars", CharSequence::toString,
            v -> new StringBuilder((String) v))
        .build();

    List<Object> back = roundTrip(chars, List.of(new StringBuilder("ab"), "cd"));

    assertThat(back).satisfiesExactly(
        first -> assertThat(first).isInstanceOf(StringBuilder.class).hasToString("ab"),
        second -> assertThat(second).isEqualTo("cd"));
  }

  @Test
  void unknownTagIsRefusedOnRead() {
    byte[] json = withMoney.encode(new Money(BigDecimal.ONE, Currency.getInstance("USD")));

    assertThatThrownBy(() -> JsonCoder.defaults().decode(json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown type tag 'money'");
  }

  @Test
  void decoderFailureIsASerializationExceptionNamingTheTag() {
    assertThatThrownBy(() -> withMoney.decode("{\"money\":\"not a list\"}"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'money'");
  }

  @Test
  void recordOfAClassNotAllowedIsRefusedOnWrite() {
    assertThatThrownBy(() -> JsonCoder.defaults().encode(List.of(new Point(1, 2))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("io.cachette.serial.JsonCoderTest$Point")
        .hasMessageContaining("allowClasses");
  }

  @Test
  void recordAndEnumOfAClassNotAllowedAreRefusedOnRead() {
    String record = coder.encodeToString(new Point(1, 2));
    String constant = coder.encodeToString(Color.RED);

    assertThatThrownBy(() -> JsonCoder.defaults().decode(record))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Refusing class io.cachette.serial.JsonCoderTest$Point");
    assertThatThrownBy(() -> JsonCoder.defaults().decode(constant))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Refusing class io.cachette.serial.JsonCoderTest$Color");
  }

  @Test
  void allowedPackageCoversItsSubpackagesButNotLookalikes() {
    Point point = new Point(5, 6);

    JsonCoder allowingOurs = JsonCoder.builder().allowPackages("io.cachette").build();
    assertThat(JsonCoderTest.<Object>roundTrip(allowingOurs, point)).isEqualTo(point);
    assertThatThrownBy(() -> JsonCoder.builder().allowPackages("io.cache").build().encode(point))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void allowPatternTakesTheGrammarOfTheJavaSerializer() {
    Point point = new Point(5, 6);
    JsonCoder byPackage = JsonCoder.builder().allowPattern("io.cachette.serial.*").build();
    JsonCoder byTree = JsonCoder.builder().allowPattern("io.cachette.**").build();
    JsonCoder byPrefix =
        JsonCoder.builder().allowPattern("io.cachette.serial.JsonCoderTest$Po*").build();

    assertThat(JsonCoderTest.<Object>roundTrip(byPackage, point)).isEqualTo(point);
    assertThat(JsonCoderTest.<Object>roundTrip(byTree, Color.RED)).isEqualTo(Color.RED);
    assertThat(JsonCoderTest.<Object>roundTrip(byPrefix, point)).isEqualTo(point);
    assertThatThrownBy(() -> JsonCoder.builder().allowPattern("io.cachette.*").build()
        .encode(point)).isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> JsonCoder.builder().allowPattern("*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid allow pattern '*'");
  }

  @Test
  void allowedPackageStillRefusesClassesThatAreNotRecordsOrEnums() {
    JsonCoder lenient = JsonCoder.builder().allowPackages("io.cachette.serial").build();

    assertThatThrownBy(() -> lenient.decode("{\"record\":[\"io.cachette.serial.JsonCoder\",{}]}"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("io.cachette.serial.JsonCoder is not a record");
    assertThatThrownBy(() -> lenient.decode("{\"enum\":[\"io.cachette.serial.JsonCoder\",\"X\"]}"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("is not an enum");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "{", "[1,", "nope", "[1] [2]", "{}", "{\"long\":1,\"short\":2}", "{\"long\":\"x\"}",
      "{\"long\":1.5}", "12345678901", "{\"short\":70000}", "{\"nope\":1}", "{\"char\":\"ab\"}",
      "{\"inet\":\"example.com\"}", "{\"uuid\":\"not-a-uuid\"}", "{\"sortedset\":[1,\"a\"]}",
      "{\"deque\":[null]}", "{\"map\":[1]}", "{\"bytes\":\"%%\"}",
      "{\"enum\":[\"io.cachette.serial.JsonCoderTest$Color\",\"BLUE\"]}",
      "{\"record\":[\"io.cachette.serial.JsonCoderTest$Point\",{\"x\":1}]}",
      "{\"record\":[\"io.cachette.serial.JsonCoderTest$Point\",{\"x\":1,\"y\":\"s\"}]}",
      "{\"record\":[\"io.cachette.serial.NoSuchRecord\",{}]}"})
  void corruptOrForeignJsonIsASerializationException(String json) {
    JsonCoder lenient = JsonCoder.builder().allowPackages("io.cachette.serial").build();

    assertThatThrownBy(() -> lenient.decode(json)).isInstanceOf(SerializationException.class);
  }

  @Test
  void missingRecordComponentOfAReferenceTypeReadsAsNull() {
    String older = "{\"record\":[\"io.cachette.serial.JsonCoderTest$Order\",{\"id\":\"o\","
        + "\"lines\":[],\"meta\":{\"map\":[]},\"at\":{\"record\":[\"io.cachette.serial."
        + "JsonCoderTest$Point\",{\"x\":1,\"y\":{\"long\":2}}]},\"color\":null,\"gone\":1}]}";

    assertThat(coder.decode(older))
        .isEqualTo(new Order("o", List.of(), Map.of(), new Point(1, 2), null, null));
  }

  static Stream<Arguments> unsupportedValues() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    return Stream.of(
        arguments("plain object", new Object()),
        arguments("Optional", Optional.of(1)),
        arguments("int[]", new int[] {1}),
        arguments("PriorityQueue", new PriorityQueue<>(List.of(1))),
        arguments("TreeSet with comparator", new TreeSet<>(Comparator.reverseOrder())),
        arguments("TreeMap with comparator", new TreeMap<>(Comparator.reverseOrder())),
        arguments("cycle", cycle),
        arguments("nested unsupported", Map.of("k", List.of(new Object()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedValues")
  void valuesThatCouldNotBeReadBackAreRefusedOnWrite(String name, Object value) {
    assertThatThrownBy(() -> coder.encode(value))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot encode");
  }

  @Test
  void unsupportedTypeMessageSaysHowToRegisterIt() {
    assertThatThrownBy(() -> coder.encode(Optional.of(1)))
        .hasMessageContaining("java.util.Optional")
        .hasMessageContaining("register(type, tag, encoder, decoder)");
  }

  @Test
  void registrationRefusesTakenTagsFormatTypesAndMalformedNames() {
    JsonCoder.Builder builder = JsonCoder.builder()
        .register(Money.class, "money", m -> "x", v -> null);

    assertThatThrownBy(() -> builder.register(Currency.class, "money", c -> "x", v -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already taken");
    assertThatThrownBy(() -> builder.register(Currency.class, "uuid", c -> "x", v -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built-in");
    assertThatThrownBy(() -> builder.register(Currency.class, "record", c -> "x", v -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built-in");
    assertThatThrownBy(() -> builder.register(Money.class, "cash", c -> "x", v -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    assertThatThrownBy(() -> builder.register(Long.class, "mylong", c -> "x", v -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format itself");
    assertThatThrownBy(() -> builder.register(Currency.class, "9lives", c -> "x", v -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid tag");
  }

  @Test
  void allowListRefusesOtherClassesAndMalformedPackages() {
    assertThatThrownBy(() -> JsonCoder.builder().allowClasses(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither a record nor an enum");
    assertThatThrownBy(() -> JsonCoder.builder().allowPackages("com..example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid package name");
    assertThatThrownBy(() -> JsonCoder.builder().allowPackages(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void millionDigitBigintIsUnreadable() {
    String json = "{\"bigint\":\"" + "9".repeat(1_000_000) + "\"}";

    assertThatThrownBy(() -> coder.decode(json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("over the bound of 1000 digits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "1e-999999999", "1E+10001", "1E-10001"})
  void decimalWithAScaleOutOfBoundsIsUnreadable(String decimal) {
    assertThatThrownBy(() -> coder.decode("{\"decimal\":\"" + decimal + "\"}"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("scale between -10000 and 10000");
  }

  @Test
  void millionCharacterDecimalIsUnreadable() {
    String json = "{\"decimal\":\"0." + "1".repeat(1_000_000) + "\"}";

    assertThatThrownBy(() -> coder.decode(json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("over the bound of 1032 characters");
  }

  @Test
  void bigNumbersAtTheBoundRoundTripAndBeyondItAreRefusedOnWrite() {
    BigInteger thousandDigits = new BigInteger("-" + "9".repeat(1000));
    BigDecimal thousandDigitDecimal = new BigDecimal(new BigInteger("7".repeat(1000)), -10_000);

    assertThat(JsonCoderTest.<Object>roundTrip(coder, thousandDigits)).isEqualTo(thousandDigits);
    assertThat(JsonCoderTest.<Object>roundTrip(coder, thousandDigitDecimal))
        .isEqualTo(thousandDigitDecimal);
    assertThatThrownBy(() -> coder.encode(thousandDigits.multiply(BigInteger.TEN)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("over 1000 digits");
    assertThatThrownBy(() -> coder.encode(BigInteger.TWO.pow(3323)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("over 1000 digits");
    assertThatThrownBy(() -> coder.encode(new BigDecimal(BigInteger.ONE, 10_001)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("scale 10001");
    assertThatThrownBy(() -> coder.encode(new BigDecimal(new BigInteger("1".repeat(1001)), 0)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("1001 digits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost:1", "example.invalid:1", "x:evil.example",
      "[::1]", "999.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4%1", "::1%", "::1%a b",
      "1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "::g", "::1.2.3.4.5",
      "1.2.3.4::", "\uff11.2.3.4", "::1%nosuchinterface0"})
  void inetThatIsNotALiteralAddressIsUnreadableWithoutANameLookup(String text) {
    assertThatThrownBy(() -> coder.decode("{\"inet\":\"" + text + "\"}"))
        .isInstanceOf(SerializationException.class)
        .satisfies(e -> assertThat(causes(e)).noneMatch(c -> c instanceof UnknownHostException));
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.0.0.1", "::", "::1", "1::",
      "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A", "fe80::1%1", "::ffff:192.0.2.1",
      "64:ff9b::192.0.2.33", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4"})
  void literalAddressesReadAsTheAddressTheyDenote(String text) throws Exception {
    InetAddress expected = InetAddress.getByName(text);

    Object read = coder.decode("{\"inet\":\"" + text + "\"}");

    assertThat(read).isEqualTo(expected).isInstanceOf(expected.getClass());
    assertThat(JsonCoderTest.<Object>roundTrip(coder, read)).isEqualTo(expected);
  }

  @Test
  void scopedIpv6AddressKeepsItsScope() throws Exception {
    Inet6Address scoped = (Inet6Address) InetAddress.getByName("fe80::1%7");

    Inet6Address back = roundTrip(coder, scoped);

    assertThat(back.getScopeId()).isEqualTo(7);
    assertThat(back.getHostAddress()).isEqualTo(scoped.getHostAddress());
  }

  @Test
  void serializerHasTheTaggedIdAndRoundTrips() {
    Serializer<Object> serializer = coder.serializer();
    Map<Object, Object> value = Map.of(1L, new Point(1, 2));

    assertThat(serializer.id()).isEqualTo("json-tagged");
    assertThat(serializer.deserialize(serializer.serialize(value))).isEqualTo(value);
  }
}
