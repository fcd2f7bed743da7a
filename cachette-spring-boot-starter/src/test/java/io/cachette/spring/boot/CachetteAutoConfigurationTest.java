package io.cachette.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.spring.CachetteCache;
import io.cachette.spring.CachetteCacheManager;
import io.cachette.spring.FailurePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the auto-configuration applies, how properties become specs, and what it refuses. */
class CachetteAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class,
          bootsCacheAutoConfiguration()));

  /** Boot's own cache auto-configuration, under its Boot 3 or its Boot 4 name. */
  static Class<?> bootsCacheAutoConfiguration() {
    for (String name : new String[] {
        "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration",
        "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration"}) {
      try {
        return Class.forName(name);
      } catch (ClassNotFoundException e) {
        // the other line of Boot
      }
    }
    throw new AssertionError("Boot's CacheAutoConfiguration is not on the test classpath");
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Caching {}

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class OwnManager {
    @Bean
    CacheManager cacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Test
  void withCachingEnabledTheCacheManagerIsCachettes() {
    runner.withUserConfiguration(Caching.class).run(context -> {
      assertThat(context).hasSingleBean(CacheManager.class);
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(CachetteCacheManager.class);
    });
  }

  @Test
  void withoutEnableCachingNothingIsMade() {
    runner.run(context -> assertThat(context).doesNotHaveBean(CacheManager.class));
  }

  @Test
  void anApplicationsOwnCacheManagerWins() {
    runner.withUserConfiguration(OwnManager.class).run(context ->
        assertThat(context.getBean(CacheManager.class))
            .isInstanceOf(ConcurrentMapCacheManager.class));
  }

  @Test
  void cachetteEnabledFalseLeavesTheCachesToBoot() {
    runner.withUserConfiguration(Caching.class).withPropertyValues("cachette.enabled=false")
        .run(context -> assertThat(context.getBean(CacheManager.class))
            .isNotInstanceOf(CachetteCacheManager.class));
  }

  @Test
  void propertiesBecomeTheDefaultAndPerCacheSpecs() {
    runner.withUserConfiguration(Caching.class).withPropertyValues(
        "cachette.default.backend=memory://?max-size=1000",
        "cachette.default.ttl=10m",
        "cachette.default.failure-policy=strict",
        "cachette.caches.users.ttl=5m",
        "cachette.caches.users.cache-nulls=false",
        "cachette.caches[my.Cache].namespace=mine",
        "cachette.dynamic=false").run(context -> {
          CachetteCacheManager manager = context.getBean(CachetteCacheManager.class);
          assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("users", "my.Cache");
          CachetteCache users = manager.getCache("users");
          assertThat(users.spec().ttl()).isEqualTo(Duration.ofMinutes(5));
          assertThat(users.spec().backendUrl()).isEqualTo("memory://?max-size=1000");
          assertThat(users.spec().failurePolicy()).isEqualTo(FailurePolicy.STRICT);
          assertThat(users.isAllowNullValues()).isFalse();
          assertThat(manager.getCache("my.Cache").getNativeCache().namespace()).isEqualTo("mine");
          assertThat(manager.getCache("other")).isNull();
        });
  }

  @Test
  void anInvalidPropertyFailsStartupNamingTheCacheAndTheProblem() {
    runner.withUserConfiguration(Caching.class)
        .withPropertyValues("cachette.caches.users.backend=nosuch://host")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("cache 'users': No backend for scheme 'nosuch://'"));
    runner.withUserConfiguration(Caching.class)
        .withPropertyValues("cachette.caches.users.ttl=0s")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("cachette.caches.users: ttl must be positive"));
  }

  @Test
  void withARegistryEveryCacheGetsMetersEvenOnesMadeLater() {
    runner.withUserConfiguration(Caching.class, Registry.class)
        .withPropertyValues("cachette.caches.users.ttl=5m").run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.find("cache.gets").tags("cache", "users", "backend", "memory")
              .meters()).hasSize(2);
          context.getBean(CacheManager.class).getCache("later");
          assertThat(registry.find("cache.puts").tags("cache", "later").meters()).hasSize(1);
        });
  }

  @Test
  void withoutMicrometerTheCachesWorkWithoutMeters() {
    runner.withUserConfiguration(Caching.class)
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> {
          assertThat(context).hasNotFailed();
          CacheManager manager = context.getBean(CacheManager.class);
          manager.getCache("c").put("k", "v");
          assertThat(manager.getCache("c").get("k").get()).isEqualTo("v");
        });
  }

  @Test
  void thePropertiesHaveGeneratedMetadata() throws IOException {
    try (InputStream in = getClass().getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(json).contains("\"cachette.default.backend\"", "\"cachette.default.ttl\"",
          "\"cachette.default.serializer\"", "\"cachette.default.cache-nulls\"",
          "\"cachette.default.failure-policy\"", "\"cachette.caches\"", "\"cachette.enabled\"");
    }
  }
}
