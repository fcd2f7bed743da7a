package io.cachette.jcache;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.BeanProvider;
import javax.cache.configuration.MutableConfiguration;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The container the TCK's annotation tests ({@code org.jsr107.tck.annotation}) need: JSR-107's
 * {@code @CacheResult}, {@code @CacheRemove} and {@code @CacheRemoveAll} are applied by a
 * container's interceptor, not by a caching provider, and the TCK finds one through this
 * {@code ServiceLoader} service. Without it those tests pass without running. Here Spring's own
 * JSR-107 support ({@code @EnableCaching} with {@code spring-context-support}) intercepts the TCK's
 * three blog managers, and its caches are caches of this provider.
 */
public final class SpringAnnotationsBeanProvider implements BeanProvider {
  private final AnnotationConfigApplicationContext context =
      new AnnotationConfigApplicationContext(BlogManagers.class);

  @Override
  public <T> T getBeanByType(Class<T> type) {
    return context.getBean(type);
  }

  /** The TCK's blog managers, proxied by their classes (the tests ask for the classes). */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching(proxyTargetClass = true)
  static class BlogManagers {
    @Bean
    org.springframework.cache.CacheManager cacheManager() {
      return new DefaultProviderCaches();
    }

    @Bean
    ClassLevelCacheConfigBlogManagerImpl classLevelCacheConfig() {
      return new ClassLevelCacheConfigBlogManagerImpl();
    }

    @Bean
    CacheNameOnEachMethodBlogManagerImpl cacheNameOnEachMethod() {
      return new CacheNameOnEachMethodBlogManagerImpl();
    }

    @Bean
    UsingDefaultCacheNameBlogManagerImpl usingDefaultCacheName() {
      return new UsingDefaultCacheNameBlogManagerImpl();
    }
  }

  /**
   * The caches of the default caching provider's default manager, created on first use with a
   * plain {@code MutableConfiguration}, as JSR-107's default cache resolver does. The manager is
   * looked up on every call: other TCK tests in the same JVM close it, and the provider then gives
   * a new one.
   */
  static final class DefaultProviderCaches implements org.springframework.cache.CacheManager {
    @Override
    public org.springframework.cache.Cache getCache(String name) {
      CacheManager manager = Caching.getCachingProvider().getCacheManager();
      Cache<Object, Object> cache = manager.getCache(name);
      if (cache == null) {
        cache = manager.createCache(name, new MutableConfiguration<>());
      }
      return new JCacheCache(cache);
    }

    @Override
    public java.util.Collection<String> getCacheNames() {
      java.util.List<String> names = new java.util.ArrayList<>();
      Caching.getCachingProvider().getCacheManager().getCacheNames().forEach(names::add);
      return names;
    }
  }
}
