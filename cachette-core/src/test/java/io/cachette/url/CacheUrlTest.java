package io.cachette.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CacheUrlTest {

  @Test
  void parsesEveryPart() {
    CacheUrl url = CacheUrl.parse("REDIS://user:p%40ss@cache.local:6380/2?timeout=2s&Client-Name=app");
    assertThat(url.scheme()).isEqualTo("redis");
    assertThat(url.user()).isEqualTo("user");
    assertThat(url.password()).isEqualTo("p@ss");
    assertThat(url.hosts()).containsExactly(new CacheUrl.HostAndPort("cache.local", 6380));
    assertThat(url.path()).isEqualTo("/2");
    assertThat(url.params().asMap()).containsEntry("timeout", "2s").containsEntry("client-name", "app");
    assertThat(url.toString()).doesNotContain("p%40ss").contains("***");
  }

  @Test
  void parsesHostListsIpv6AndMissingPorts() {
    CacheUrl url = CacheUrl.parse("redis-sentinel://h1:26379,[::1]:26380,h3/0?master=m");
    assertThat(url.hosts()).containsExactly(new CacheUrl.HostAndPort("h1", 26379),
        new CacheUrl.HostAndPort("::1", 26380), new CacheUrl.HostAndPort("h3", -1));
    assertThat(url.hosts().get(2).portOr(26379)).isEqualTo(26379);
  }

  @Test
  void fileSystemPathCoversAbsoluteAndRelativeForms() {
    assertThat(CacheUrl.parse("file:///var/cache/app").fileSystemPath()).isEqualTo("/var/cache/app");
    assertThat(CacheUrl.parse("file://relative/dir").fileSystemPath()).isEqualTo("relative/dir");
    assertThat(CacheUrl.parse("sqlite://x.sqlite").fileSystemPath()).isEqualTo("x.sqlite");
    assertThat(CacheUrl.parse("file://~/c").fileSystemPath()).isEqualTo("~/c");
    assertThat(CacheUrl.parse("file:///dir%20with%20space").fileSystemPath())
        .isEqualTo("/dir with space");
  }

  @Test
  void serializerChainsHaveEmptyAuthority() {
    CacheUrl url = CacheUrl.parse("json+zstd://?compression-level=3");
    assertThat(url.scheme()).isEqualTo("json+zstd");
    assertThat(url.authority()).isEmpty();
    assertThat(url.params().integer("compression-level", 0, 1, 22)).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "localhost:6379                | expected the form scheme://",
      "://host                       | expected the form scheme://",
      "re dis://host                 | may only hold letters",
      "redis://host:99999            | out of range",
      "redis://host:abc              | not a number",
      "redis://[::1                  | unclosed '['",
      "redis://h1,,h2                | empty host",
      "redis://host?a=1&a=2          | given twice",
      "redis://host/%zz              | bad percent escape"})
  void malformedUrlsFailWithAReason(String url, String reason) {
    assertThatThrownBy(() -> CacheUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Malformed URL").hasMessageContaining(reason);
  }

  @Test
  void passwordsAreMaskedInErrors() {
    assertThatThrownBy(() -> CacheUrl.parse("redis://u:secret@host:0"))
        .hasMessageNotContaining("secret").hasMessageContaining("u:***@");
  }

  @Test
  void typedParametersValidateRangesAndChoices() {
    UrlParams p = CacheUrl.parse("x://?n=5&big=99&flag=yes&t=250ms&mode=fast&bad=maybe").params();
    assertThat(p.integer("n", 0, 1, 10)).isEqualTo(5);
    assertThat(p.integer("missing", 7, 1, 10)).isEqualTo(7);
    assertThatThrownBy(() -> p.integer("big", 0, 1, 10))
        .hasMessageContaining("'big'").hasMessageContaining("an integer from 1 to 10");
    assertThat(p.bool("flag", false)).isTrue();
    assertThatThrownBy(() -> p.bool("bad", false)).hasMessageContaining("true or false");
    assertThat(p.duration("t", null)).isEqualTo(Duration.ofMillis(250));
    assertThat(p.choice("mode", "slow", Set.of("fast", "slow"))).isEqualTo("fast");
  }

  @Test
  void unknownParametersAreRejectedListingTheSupportedOnes() {
    UrlParams p = CacheUrl.parse("memory://?max-size=1&colour=red").params();
    p.longValue("max-size", -1, 0, 100);
    assertThatThrownBy(() -> p.rejectUnknown("memory://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[colour]").hasMessageContaining("supported: [max-size]");
  }

  @ParameterizedTest
  @CsvSource({"300,PT5M", "300s,PT5M", "5m,PT5M", "1h,PT1H", "2d,PT48H", "PT5M,PT5M", "250ms,PT0.25S",
      "1.5s,PT1.5S", "p1d,PT24H"})
  void durationsParseInEveryForm(String text, String iso) {
    assertThat(UrlParams.parseDuration(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5x", "-1s", "PT", "five minutes"})
  void badDurationsAreRefused(String text) {
    assertThatThrownBy(() -> UrlParams.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
