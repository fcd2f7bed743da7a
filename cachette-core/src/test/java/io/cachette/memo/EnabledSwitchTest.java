package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnabledSwitchTest {
  private static boolean enabled(String text, Map<String, String> properties,
      Map<String, String> environment) {
    return EnabledSwitch.isEnabled(text, properties::get, environment::get);
  }

  @ParameterizedTest
  @CsvSource({"true, true", "false, false", "TRUE, true", "off, false", "yes, true", "0, false"})
  void constants(String text, boolean expected) {
    assertThat(enabled(text, Map.of(), Map.of())).isEqualTo(expected);
  }

  @Test
  void aSystemPropertyTurnsCachingOnOrOffAndWinsOverTheEnvironment() {
    assertThat(enabled("app.cache", Map.of("app.cache", "off"), Map.of("app.cache", "on")))
        .isFalse();
    assertThat(enabled("app.cache", Map.of("app.cache", "On"), Map.of("app.cache", "off")))
        .isTrue();
  }

  @Test
  void anEnvironmentVariableIsReadWhenNoPropertyIsSet() {
    assertThat(enabled("APP_CACHE", Map.of(), Map.of("APP_CACHE", "false"))).isFalse();
    assertThat(enabled("APP_CACHE", Map.of(), Map.of("APP_CACHE", "1"))).isTrue();
  }

  @Test
  void whenNeitherIsSetCachingIsOnUnlessADefaultSaysOtherwise() {
    assertThat(enabled("APP_CACHE", Map.of(), Map.of())).isTrue();
    assertThat(enabled("APP_CACHE:false", Map.of(), Map.of())).isFalse();
    assertThat(enabled("APP_CACHE:false", Map.of(), Map.of("APP_CACHE", "yes"))).isTrue();
  }

  @Test
  void valuesThatAreNotSwitchesAreRefusedWithTheirSource() {
    assertThatThrownBy(() -> enabled("app.cache", Map.of("app.cache", "maybe"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("system property app.cache='maybe'")
        .hasMessageContaining("true/false");
    assertThatThrownBy(() -> enabled("APP_CACHE:perhaps", Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be true or false");
    assertThatThrownBy(() -> enabled(":true", Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
