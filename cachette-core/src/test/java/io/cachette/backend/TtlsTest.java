package io.cachette.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.ValueTooLargeException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TTL arithmetic and the argument checks that every backend shares. */
class TtlsTest {
  private static final Duration TWENTY_THOUSAND_WEEKS = Duration.ofDays(7 * 20_000);

  @Test
  void millisecondsAreRoundedUpNeverDownToZero() {
    assertThat(Ttls.toMillis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(Ttls.toMillis(Duration.ofNanos(999_999))).isEqualTo(1);
    assertThat(Ttls.toMillis(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(Ttls.toMillis(Duration.ofNanos(1_000_001))).isEqualTo(2);
    assertThat(Ttls.toMillis(Duration.ofMillis(1500))).isEqualTo(1500);
    assertThat(Ttls.toMillis(Duration.ofSeconds(3, 1))).isEqualTo(3001);
  }

  @Test
  void conversionsSaturateInsteadOfOverflowing() {
    Duration forever = ChronoUnit.FOREVER.getDuration();
    assertThat(Ttls.toMillis(forever)).isEqualTo(Long.MAX_VALUE);
    assertThat(Ttls.toMillis(Duration.ofMillis(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Ttls.toMillis(Duration.ofMillis(Long.MAX_VALUE).plusNanos(1)))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Ttls.toNanos(TWENTY_THOUSAND_WEEKS)).isEqualTo(Long.MAX_VALUE);
    assertThat(Ttls.toNanos(forever)).isEqualTo(Long.MAX_VALUE);
    assertThat(Ttls.toNanos(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Ttls.toNanos(Duration.ofSeconds(2, 5))).isEqualTo(2_000_000_005L);
  }

  @Test
  void expiryTimesAddTheTtlAndSaturate() {
    assertThat(Ttls.expiresAtMillis(1000, Duration.ofNanos(1))).isEqualTo(1001);
    assertThat(Ttls.expiresAtMillis(1000, Duration.ofNanos(1_500_001))).isEqualTo(1002);
    assertThat(Ttls.expiresAtMillis(1000, Duration.ofMillis(Long.MAX_VALUE - 10)))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Ttls.expiresAtMillis(System.currentTimeMillis(), TWENTY_THOUSAND_WEEKS))
        .isGreaterThan(System.currentTimeMillis() + TWENTY_THOUSAND_WEEKS.toMillis() - 1000);
    assertThat(Ttls.expiresAtNanos(-5, Duration.ofNanos(3))).isEqualTo(-2);
    assertThat(Ttls.expiresAtNanos(1_000, TWENTY_THOUSAND_WEEKS)).isEqualTo(Long.MAX_VALUE);
    assertThat(Ttls.expiresAtNanos(Long.MAX_VALUE - 1, Duration.ofNanos(5)))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void onlyNullOrPositiveTtlsAreValid() {
    assertThat(Ttls.check(null)).isNull();
    assertThat(Ttls.check(Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
    for (Duration bad : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofDays(-3))) {
      assertThatThrownBy(() -> Ttls.check(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positive").hasMessageContaining("null");
      assertThatThrownBy(() -> Ttls.toMillis(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Ttls.toNanos(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void keysMustBeNonEmpty() {
    assertThat(BackendArguments.key("k")).isEqualTo("k");
    assertThatThrownBy(() -> BackendArguments.key(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> BackendArguments.keys(List.of("a", "")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void byteValuesAreCheckedForTypeAndSize() {
    byte[] three = {1, 2, 3};
    assertThat(BackendArguments.bytes("k", three, 3, "test://")).isSameAs(three);
    assertThatThrownBy(() -> BackendArguments.bytes("k", three, 2, "test://"))
        .isInstanceOf(ValueTooLargeException.class).hasMessageContaining("'k'")
        .hasMessageContaining("3 bytes").hasMessageContaining("test://");
    assertThatThrownBy(() -> BackendArguments.bytes("k", "text", 10, "test://"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte[]")
        .hasMessageContaining("java.lang.String");
  }
}
