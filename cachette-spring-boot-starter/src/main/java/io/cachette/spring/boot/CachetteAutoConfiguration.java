package io.cachette.spring.boot;

import io.cachette.micrometer.CachetteCacheMetrics;
import io.cachette.spring.CachetteCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the application's {@link CacheManager} a {@link CachetteCacheManager} configured by
 * {@link CachetteProperties}, when caching is enabled ({@code @EnableCaching}), the application
 * defines no {@code CacheManager} of its own, and {@code cachette.enabled} is not false. It runs
 * before Boot's own cache auto-configuration, which then backs off.
 *
 * <p>When Micrometer is on the classpath and the application has one {@link MeterRegistry} (Boot's
 * actuator makes one), every cache the manager makes, at startup or later, gets the meters of
 * {@link CachetteCacheMetrics}, tagged with the cache's name and its backend's scheme.
 *
 * <p>Invalid properties (an unknown backend scheme, a bad URL parameter, a zero TTL) fail startup
 * with a message naming the cache and the property.
 */
@AutoConfiguration(beforeName = {
    // Boot's own cache auto-configuration: its Boot 3 name, then its Boot 4 name (spring-boot-cache).
    "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration",
    "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration"})
@ConditionalOnClass({CacheManager.class, CachetteCacheManager.class})
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(CacheManager.class)
@ConditionalOnProperty(prefix = "cachette", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CachetteProperties.class)
public class CachetteAutoConfiguration {

  /** The cache manager, from the properties and then the customizers. */
  @Bean
  public CachetteCacheManager cacheManager(CachetteProperties properties,
      ObjectProvider<CachetteCacheManagerCustomizer> customizers) {
    CachetteCacheManager.Builder builder = CachetteCacheManager.builder()
        .defaultSpec(properties.getDefault().toSpec("cachette.default"))
        .dynamic(properties.isDynamic());
    for (Map.Entry<String, CachetteProperties.Spec> cache : properties.getCaches().entrySet()) {
      builder.cache(cache.getKey(),
          cache.getValue().toSpec("cachette.caches." + cache.getKey()));
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** Meters for every cache, when Micrometer is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
      "io.cachette.micrometer.CachetteCacheMetrics"})
  static class MetricsConfiguration {
    /** Binds each cache made to the application's meter registry, if it has exactly one. */
    @Bean
    CachetteCacheManagerCustomizer cachetteCacheMetrics(ObjectProvider<MeterRegistry> registries) {
      return builder -> builder.onCacheCreated(cache -> registries.ifUnique(registry ->
          CachetteCacheMetrics.monitor(registry, cache.getNativeCache(), cache.getName(),
              cache.backendName())));
    }
  }
}
