package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.cachette.SerializationException;
import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one table of JDK value types, and the readers that share it. */
class JdkValueTypesTest {
  /** A value of each row's type; a row added without a sample fails {@link #everyRowHasASample}. */
  private static final Map<Class<?>, Object> SAMPLES = samples();

  private static Map<Class<?>, Object> samples() {
    try {
      Map<Class<?>, Object> samples = new HashMap<>(Map.of(String.class, "s", Boolean.class, true,
          Integer.class, 1, Long.class, 2L, Short.class, (short) 3, Byte.class, (byte) 4,
          Float.class, 5.5f, Double.class, 6.5, Character.class, 'c'));
      samples.putAll(Map.of(BigDecimal.class, new BigDecimal("1.50"),
          BigInteger.class, BigInteger.TEN.pow(40), UUID.class,
          UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Path.class, Path.of("/tmp/x"),
          URI.class, URI.create("https://example.com/a?b"),
          URL.class, new URL("https://example.com/a"), File.class, new File("/tmp/f"),
          Locale.class, Locale.CANADA_FRENCH, Currency.class, Currency.getInstance("EUR"),
          Class.class, String.class));
      samples.putAll(Map.of(java.nio.charset.Charset.class, StandardCharsets.UTF_8,
          Pattern.class, Pattern.compile("a+"),
          InetAddress.class, InetAddress.getByName("10.0.0.1"),
          Instant.class, Instant.ofEpochSecond(1_700_000_000L, 5),
          LocalDate.class, LocalDate.of(2024, 2, 29), LocalTime.class, LocalTime.of(1, 2, 3),
          LocalDateTime.class, LocalDateTime.of(2024, 5, 1, 10, 15),
          OffsetDateTime.class, OffsetDateTime.of(2024, 5, 1, 10, 15, 0, 0, ZoneOffset.UTC),
          OffsetTime.class, OffsetTime.of(10, 15, 30, 7, ZoneOffset.ofHours(-3)),
          ZonedDateTime.class, ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0,
              ZoneId.of("Europe/Paris"))));
      samples.putAll(Map.of(ZoneId.class, ZoneId.of("America/New_York"),
          Duration.class, Duration.ofSeconds(90), Period.class, Period.of(1, -2, 3),
          Year.class, Year.of(2024), YearMonth.class, YearMonth.of(2024, 5),
          MonthDay.class, MonthDay.of(2, 29)));
      return samples;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyRowHasASample() {
    assertThat(JdkValueTypes.all()).allSatisfy(entry ->
        assertThat(SAMPLES).containsKey(entry.type()));
  }

  static Stream<Arguments> jsonRows() {
    return JdkValueTypes.all().stream().filter(e -> e.jsonTag() != null)
        .map(e -> arguments(e.jsonTag(), SAMPLES.get(e.type())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonRows")
  void everyRowWithAJsonTagIsStoredUnderItAndRoundTrips(String tag, Object sample) {
    String json = JsonCoder.defaults().encodeToString(sample);
    Object back = JsonCoder.defaults().decode(json);

    assertThat(json).startsWith("{\"" + tag + "\":");
    assertThat(back).isInstanceOf(sample.getClass());
    if (sample instanceof Pattern p) {
      assertThat(((Pattern) back).pattern()).isEqualTo(p.pattern());
    } else {
      assertThat(back).isEqualTo(sample);
    }
  }

  static Stream<Arguments> javaRows() {
    return JdkValueTypes.all().stream().filter(e -> e.javaSerialPattern() != null)
        .map(e -> arguments(e.type().getSimpleName(), SAMPLES.get(e.type())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javaRows")
  void everyRowWithAJavaPatternIsReadByTheJavaSerializerByDefault(String name, Object sample) {
    Serializer<Object> java = JavaSerializer.builder(Object.class).build();

    assertThat(java.deserialize(java.serialize(sample))).isEqualTo(sample);
  }

  @Test
  void rowsLeftOutOfTheJavaAllowListAreRefusedByIt() {
    Serializer<Object> java = JavaSerializer.builder(Object.class).build();

    assertThatThrownBy(() -> java.deserialize(java.serialize(SAMPLES.get(URI.class))))
        .isInstanceOf(SerializationException.class).hasMessageContaining("java.net.URI");
  }

  @Test
  void keysUseTheFirstRowASubclassIsAnInstanceOf() {
    assertThat(JdkValueTypes.textTypeOf(ZoneOffset.class).type()).isEqualTo(ZoneId.class);
    assertThat(JdkValueTypes.textTypeOf(ZoneOffset.class).text(ZoneOffset.ofHours(2)))
        .isEqualTo("+02:00");
    assertThat(JdkValueTypes.textTypeOf(Integer.class)).isNull();
    assertThat(JdkValueTypes.textTypeOf(Pattern.class)).isNull();
    assertThatThrownBy(() -> JdkValueTypes.textTypeOf(ZoneId.class).text("UTC"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newJavaTimeTagsHaveTheirWireForm() {
    JsonCoder coder = JsonCoder.defaults();

    assertThat(coder.encodeToString(List.of(Year.of(2024), ZoneOffset.UTC, ZoneId.of("UTC"),
        YearMonth.of(12345, 1), MonthDay.of(12, 24), Period.ofDays(3),
        OffsetTime.of(9, 30, 0, 0, ZoneOffset.ofHours(1)))))
        .isEqualTo("[{\"year\":2024},{\"zone\":\"Z\"},{\"zone\":\"UTC\"},"
            + "{\"yearmonth\":\"+12345-01\"},{\"monthday\":\"--12-24\"},{\"period\":\"P3D\"},"
            + "{\"offsettime\":\"09:30+01:00\"}]");
  }

  static Stream<Arguments> javaTimeValues() {
    return Stream.of(
        arguments("OffsetTime", OffsetTime.of(23, 59, 59, 1, ZoneOffset.ofHours(-18)),
            OffsetTime.class),
        arguments("Period", Period.of(-1, 14, 400), Period.class),
        arguments("Period zero", Period.ZERO, Period.class),
        arguments("Year", Year.of(-5), Year.class),
        arguments("Year max", Year.of(Year.MAX_VALUE), Year.class),
        arguments("YearMonth", YearMonth.of(2024, 5), YearMonth.class),
        arguments("YearMonth far", YearMonth.of(99_999, 12), YearMonth.class),
        arguments("YearMonth negative", YearMonth.of(-5, 1), YearMonth.class),
        arguments("MonthDay", MonthDay.of(2, 29), MonthDay.class),
        arguments("ZoneId region", ZoneId.of("Europe/Paris"), ZoneId.class),
        arguments("ZoneId UTC region", ZoneId.of("UTC"), ZoneId.class),
        arguments("ZoneId prefixed offset", ZoneId.of("UTC+01:30"), ZoneId.class),
        arguments("ZoneOffset", ZoneOffset.ofHoursMinutesSeconds(5, 30, 15), ZoneOffset.class),
        arguments("ZoneOffset UTC", ZoneOffset.UTC, ZoneOffset.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javaTimeValues")
  void javaTimeTypesRoundTripAsEqualValuesOfTheSameType(String name, Object value, Class<?> type) {
    JsonCoder coder = JsonCoder.defaults();

    Object back = coder.decode(coder.encode(Map.of("v", value)));

    assertThat(back).isEqualTo(Map.of("v", value));
    assertThat(((Map<?, ?>) back).get("v")).isInstanceOf(type);
  }
}
