package io.cachette.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The Boot test application: caching enabled, the annotated {@link Library}, a meter registry, and
 * no cache configuration but properties.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@Import(Library.class)
public class LibraryApp {
  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }
}
