package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.MonthDay;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Key forms that come from the shared table of JDK value types, and the rule order around it. */
class ArgumentRendererTest {
  private static String render(@Nullable Object... args) {
    StringBuilder out = new StringBuilder();
    ArgumentRenderer.UNTYPED.renderAll(out, args);
    return out.toString();
  }

  @Test
  void javaTimeValuesRenderAsTheirTypeAndIsoText() {
    assertThat(render(OffsetTime.of(9, 30, 0, 0, ZoneOffset.ofHours(1)), Period.ofDays(3),
        Year.of(2024), YearMonth.of(2024, 5), MonthDay.of(12, 24)))
        .isEqualTo("java.time.OffsetTime(\"09:30+01:00\"), java.time.Period(\"P3D\"), "
            + "java.time.Year(\"2024\"), java.time.YearMonth(\"2024-05\"), "
            + "java.time.MonthDay(\"--12-24\")");
  }

  @Test
  void zoneOffsetsAndRegionsRenderAsZoneIds() {
    assertThat(render(ZoneOffset.ofHours(-3), ZoneOffset.UTC, ZoneId.of("Europe/Paris")))
        .isEqualTo("java.time.ZoneId(\"-03:00\"), java.time.ZoneId(\"Z\"), "
            + "java.time.ZoneId(\"Europe/Paris\")");
  }

  @Test
  void patternKeepsItsToStringForm() {
    assertThat(render(Pattern.compile("a+\"b")))
        .isEqualTo("java.util.regex.Pattern(\"a+\\\"b\")");
  }

  @Test
  void inetAddressRendersAsItsLiteralWithoutLookingUpItsName() throws Exception {
    InetAddress v4 = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
    InetAddress v6 = InetAddress.getByName("2001:db8::1");

    assertThat(render(v4, v6)).isEqualTo("java.net.InetAddress(\"10.0.0.1\"), "
        + "java.net.InetAddress(\"2001:db8:0:0:0:0:0:1\")");
  }
}
