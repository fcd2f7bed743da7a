package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings that choose what is stored and under which key: filter, readOnly, matchHeaders, keyFunction. */
class SettingsTest extends HttpTestBase {

  @ParameterizedTest
  @MethodSource("setups")
  void theFilterDecidesWhatIsStored(Setup setup) throws Exception {
    origin.text("/keep").text("/skip", "X-Do-Not-Cache", "1");
    CachedHttpClient http = client(setup,
        b -> b.filter(r -> r.headers().firstValue("x-do-not-cache").isEmpty()));

    send(http, "/keep");
    send(http, "/skip");

    assertThat(status(send(http, "/keep"))).isEqualTo(CacheStatus.HIT);
    assertThat(status(send(http, "/skip"))).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/keep")).isEqualTo(1);
    assertThat(origin.count("/skip")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("persistentSetups")
  void aStoredResponseTheFilterNowRejectsIsDeletedOnRead(Setup setup) throws Exception {
    origin.text("/a");
    String url = setup.store().url();
    String namespace = Store.uniqueNamespace();
    this.setup = setup;
    try (CachedHttpClient writer = CachedHttpClient.builder().backend(url).namespace(namespace)
        .clock(clock).build();
        CachedHttpClient strict = CachedHttpClient.builder().backend(url).namespace(namespace)
        .clock(clock).filter(r -> r.statusCode() != 200).build()) {
      send(writer, "/a");
      HttpResponse<String> rejected = send(strict, "/a");
      HttpResponse<String> writerAgain = send(writer, "/a");

      assertThat(status(rejected)).isEqualTo(CacheStatus.MISS);
      assertThat(status(writerAgain)).as("the rejected entry was deleted").isEqualTo(CacheStatus.MISS);
      assertThat(origin.count("/a")).isEqualTo(3);
      writer.cache().clear();
    }
  }

  @ParameterizedTest
  @MethodSource("persistentSetups")
  void readOnlyReadsButNeverWrites(Setup setup) throws Exception {
    origin.text("/stored").text("/new");
    String url = setup.store().url();
    String namespace = Store.uniqueNamespace();
    this.setup = setup;
    try (CachedHttpClient writer = CachedHttpClient.builder().backend(url).namespace(namespace)
        .clock(clock).build();
        CachedHttpClient reader = CachedHttpClient.builder().backend(url).namespace(namespace)
        .clock(clock).readOnly(true).build()) {
      send(writer, "/stored");

      assertThat(status(send(reader, "/stored"))).isEqualTo(CacheStatus.HIT);
      send(reader, "/new");
      assertThat(status(send(reader, "/new"))).isEqualTo(CacheStatus.MISS);
      assertThat(origin.count("/new")).isEqualTo(2);
      assertThat(origin.count("/stored")).isEqualTo(1);
      writer.cache().clear();
    }
  }

  @ParameterizedTest
  @MethodSource("setups")
  void matchedHeadersArePartOfTheKey(Setup setup) throws Exception {
    origin.text("/lang");
    CachedHttpClient http = client(setup, b -> b.matchHeaders("Accept-Language"));

    send(http, request("/lang").header("Accept-Language", "fr").build());
    HttpResponse<String> other = send(http, request("/lang").header("Accept-Language", "de").build());
    HttpResponse<String> same = send(http, request("/lang").header("accept-language", "fr")
        .header("X-Unmatched", "anything").build());

    assertThat(status(other)).isEqualTo(CacheStatus.MISS);
    assertThat(status(same)).isEqualTo(CacheStatus.HIT);
    assertThat(origin.count("/lang")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aKeyFunctionReplacesTheDefaultKey(Setup setup) throws Exception {
    origin.text("/page");
    // One entry per path, whatever the query string.
    CachedHttpClient http = client(setup, b -> b.keyFunction(r -> r.uri().getPath()));

    HttpResponse<String> first = send(http, "/page?session=1");
    HttpResponse<String> second = send(http, "/page?session=2");

    assertThat(status(second)).isEqualTo(CacheStatus.HIT);
    assertThat(second.body()).isEqualTo("body /page #1");
    assertThat(CachedResponses.of(second).cacheKey()).isEqualTo(CachedResponses.of(first).cacheKey());
    assertThat(origin.count("/page")).isEqualTo(1);
  }
}
