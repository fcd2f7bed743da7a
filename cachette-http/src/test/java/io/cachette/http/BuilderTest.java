package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder fails fast, names what was already set, and has requests-cache's defaults. */
class BuilderTest {

  @Test
  void anOptionSetTwiceNamesTheOldValue() {
    assertThatThrownBy(() -> CachedHttpClient.builder().expireAfter(Duration.ofMinutes(1))
        .expireAfter(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expireAfter was already set to after PT1M");
    assertThatThrownBy(() -> CachedHttpClient.builder().backend("memory://").backend("memory://"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("backend was already set");
    assertThatThrownBy(() -> CachedHttpClient.builder().namespace("a").namespace("b"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("namespace was already set to a");
  }

  @Test
  void invalidValuesAreRefusedAtOnce() {
    assertThatThrownBy(() -> CachedHttpClient.builder().maxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> CachedHttpClient.builder().allowableCodes(42))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("42");
    assertThatThrownBy(() -> CachedHttpClient.builder().staleIfError(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pass false");
    Map<String, Expiration> unordered = new HashMap<>(Map.of("a", Expiration.NEVER_EXPIRE,
        "b", Expiration.DO_NOT_CACHE));
    assertThatThrownBy(() -> CachedHttpClient.builder().urlsExpireAfter(unordered))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LinkedHashMap");
    assertThatThrownBy(() -> CachedHttpClient.builder().backend("nosuch://x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch");
    HttpClient plain = HttpClient.newHttpClient();
    try (CachedHttpClient cached = CachedHttpClient.builder().backend("memory://").build()) {
      assertThatThrownBy(() -> CachedHttpClient.builder().client(cached))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(CachedHttpClient.builder().client(plain)).isNotNull();
  }

  @Test
  void defaultsAreRequestsCaches() {
    String defaults = CachedHttpClient.builder().toString();
    assertThat(defaults).contains("backend=sqlite://http_cache.sqlite (default)",
        "expireAfter=NEVER_EXPIRE", "cacheControl=false", "allowableCodes=[200]",
        "namespace=http_cache");
    assertThat(CachedHttpClientBuilder.DEFAULT_IGNORED_PARAMETERS).contains("Authorization",
        "X-API-Key", "api_key", "access_token");
  }

  @Test
  void theDelegateIsUsedAndItsSettingsShow() throws Exception {
    HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build();
    try (CachedHttpClient cached = CachedHttpClient.builder().backend("memory://").client(plain)
        .build()) {
      assertThat(cached.delegate()).isSameAs(plain);
      assertThat(cached.followRedirects()).isEqualTo(HttpClient.Redirect.ALWAYS);
      assertThat(cached.toString()).contains("memory://");
    }
  }
}
