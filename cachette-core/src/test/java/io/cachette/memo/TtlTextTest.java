package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TtlTextTest {
  private static final Duration DEFAULT = Duration.ofSeconds(42);

  @ParameterizedTest
  @CsvSource({
      "300, PT5M",
      "300s, PT5M",
      "5m, PT5M",
      "1h, PT1H",
      "2d, PT48H",
      "250ms, PT0.25S",
      "PT5M, PT5M",
      "pt90s, PT1M30S",
      "P1D, PT24H",
      "' 10m ', PT10M",
      "7.5s, PT7.5S",
      "0.5, PT0.5S",
      "0.000000001, PT0.000000001S",
      "1.25S, PT1.25S"})
  void acceptedForms(String text, String iso) {
    assertThat(TtlText.parse(text, DEFAULT)).isEqualTo(Duration.parse(iso));
  }

  @Test
  void emptyMeansTheDefaultAndNeverMeansNoExpiry() {
    assertThat(TtlText.parse("", DEFAULT)).isEqualTo(DEFAULT);
    assertThat(TtlText.parse("  ", null)).isNull();
    assertThat(TtlText.parse("never", DEFAULT)).isNull();
    assertThat(TtlText.parse("NEVER", DEFAULT)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "5 minutes", "5w", "m5", "1.5h", "1.5m", "2.5ms", "1.", ".5", "1.5.5s", "0.0000000001", "PT", "-5m", "99999999999999999999"})
  void otherTextIsRefusedWithTheAcceptedForms(String text) {
    assertThatThrownBy(() -> TtlText.parse(text, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl '" + text + "'")
        .hasMessageContaining("\"5m\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0s", "PT0S", "-PT5M", "0.0", "0.000s"})
  void zeroAndNegativeTtlsAreRefused(String text) {
    assertThatThrownBy(() -> TtlText.parse(text, DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }
}
