package io.cachette.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/**
 * This module's reason to exist: the Spring and starter tests next to this one run on the Boot line
 * of the root POM's {@code spring-boot4.version}, not on the main line the two modules are built
 * with.
 */
class BootLineTest {

  @Test
  void theTestsRunOnTheSecondBootLine() {
    String expected = System.getProperty("cachette.test.spring-boot.version");
    assertThat(expected).as("surefire passes spring-boot4.version").isNotBlank();
    assertThat(SpringBootVersion.getVersion()).isEqualTo(expected);
    assertThat(SpringVersion.getVersion()).as("Spring Framework 7 under Boot 4").startsWith("7.");
  }

  @Test
  void theStarterComesFromItsOwnModule() {
    // The starter's classes are the jar built for the main line, not recompiled here.
    String location = io.cachette.spring.boot.CachetteAutoConfiguration.class
        .getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(location).contains("cachette-spring-boot-starter");
  }
}
