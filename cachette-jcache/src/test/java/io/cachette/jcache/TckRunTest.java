package io.cachette.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import domain.Blog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import javax.cache.annotation.BeanProvider;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import org.jsr107.tck.CachingTest;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;

/**
 * Guards of the TCK run's count: the TCK turns a test into an empty pass when its exclude list
 * names it, and every annotation test into one when its container cannot be loaded (it prints the
 * error and carries on), so these check that neither happens beyond the TCK's own exclusion check.
 */
class TckRunTest {

  @Test
  void theExcludeListHoldsOnlyTheTcksCheckOfItsExclusionMechanism() throws IOException {
    List<String> entries;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("ExcludeList")) {
      assertThat(in).as("ExcludeList on the test class path").isNotNull();
      entries = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    }
    assertThat(entries).containsExactly("org.jsr107.tck.CachingTest#dummyTest");
  }

  @Test
  void theExcludedDummyTestFailsWhateverTheProvider() {
    // Its whole body is fail(): it can only pass by being excluded.
    assertThatThrownBy(() -> new CachingTest().dummyTest()).isInstanceOf(AssertionError.class);
  }

  @Test
  void theAnnotationTestsHaveAContainerThatIntercepts() {
    List<BeanProvider> providers = ServiceLoader.load(BeanProvider.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    assertThat(providers).singleElement().isInstanceOf(SpringAnnotationsBeanProvider.class);

    ClassLevelCacheConfigBlogManagerImpl blogs =
        providers.get(0).getBeanByType(ClassLevelCacheConfigBlogManagerImpl.class);
    assertThat(AopUtils.isAopProxy(blogs)).isTrue();
    blogs.clearCache();
    blogs.createEntry(new Blog("guard", "body"));
    assertThat(blogs.getEntryCached("guard").getBody()).isEqualTo("body");
    blogs.clearEntry("guard");   // from the manager's map only, not from the cache
    assertThat(blogs.getEntryRaw("guard")).isNull();
    assertThat(blogs.getEntryCached("guard")).as("@CacheResult answered from the cache")
        .isNotNull();
    blogs.clearCache();
  }
}
