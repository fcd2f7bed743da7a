package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A URL whose responses start or stop varying, or vary on other headers: the variants of before
 * are deleted, and never served again.
 */
class VaryChangeTest extends HttpTestBase {
  private static final String JSON = "application/json";
  private static final String XML = "application/xml";

  /** A route whose n-th response varies on {@code varyByCount[n - 1]} ("" for no Vary). */
  private void route(String path, String... varyByCount) {
    origin.route(path, (exchange, count) -> {
      String vary = varyByCount[Math.min(count, varyByCount.length) - 1];
      if (!vary.isEmpty()) {
        exchange.getResponseHeaders().add("Vary", vary);
      }
      Origin.text(exchange, 200, (vary.isEmpty() ? "plain" : "varied") + " #" + count);
    });
  }

  private HttpRequest accept(String path, String accept) {
    return request(path).header("Accept", accept).build();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aResponseThatStopsVaryingDeletesEveryVariant(Setup setup) throws Exception {
    route("/v", "Accept", "Accept", "");
    CachedHttpClient http = rawClient(setup, b -> b.expireAfter(Duration.ofMinutes(1)));
    send(http, accept("/v", JSON));
    send(http, accept("/v", XML));
    assertThat(storedKeys()).as("the URL index, the Vary index, two variants").hasSize(4);
    advance(Duration.ofMinutes(2));

    HttpResponse<String> plain = send(http, accept("/v", JSON));

    assertThat(plain.body()).isEqualTo("plain #3");
    assertThat(storedKeys()).as("the URL index and the response").hasSize(2);
    assertThat(http.cache().count()).isEqualTo(1);
    HttpResponse<String> xml = send(http, accept("/v", XML));
    assertThat(status(xml)).isEqualTo(CacheStatus.HIT);
    assertThat(xml.body()).isEqualTo("plain #3");
    assertThat(origin.count("/v")).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aResponseThatVariesOnOtherHeadersDeletesTheOldVariants(Setup setup) throws Exception {
    route("/v", "Accept", "Accept", "Accept-Language");
    CachedHttpClient http = rawClient(setup, b -> b.expireAfter(Duration.ofMinutes(1)));
    send(http, accept("/v", JSON));
    send(http, accept("/v", XML));
    advance(Duration.ofMinutes(2));

    send(http, request("/v").header("Accept", JSON).header("Accept-Language", "en").build());

    assertThat(storedKeys()).as("the URL index, the Vary index, one variant").hasSize(3);
    HttpResponse<String> english = send(http,
        request("/v").header("Accept", XML).header("Accept-Language", "en").build());
    HttpResponse<String> french = send(http,
        request("/v").header("Accept", JSON).header("Accept-Language", "fr").build());
    assertThat(status(english)).isEqualTo(CacheStatus.HIT);
    assertThat(english.body()).isEqualTo("varied #3");
    assertThat(status(french)).isEqualTo(CacheStatus.MISS);
    assertThat(french.body()).isEqualTo("varied #4");
    assertThat(http.cache().count()).isEqualTo(2);
    assertThat(origin.count("/v")).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aVariantFromBeforeTheResponseStoppedVaryingIsNeverServedAgain(Setup setup)
      throws Exception {
    route("/v", "Accept", "", "Accept");
    CachedHttpClient http = rawClient(setup, b -> { });
    // Fresh for good (the default): reached again, it would be served without asking the origin.
    send(http, accept("/v", JSON));
    send(http, accept("/v", JSON), BodyHandlers.ofString(), CacheOptions.forceRefresh());
    send(http, accept("/v", XML), BodyHandlers.ofString(), CacheOptions.forceRefresh());

    HttpResponse<String> json = send(http, accept("/v", JSON));

    assertThat(status(json)).isEqualTo(CacheStatus.MISS);
    assertThat(json.body()).isEqualTo("varied #4");
    assertThat(storedKeys()).as("the URL index, the Vary index, two variants").hasSize(4);
    assertThat(origin.count("/v")).isEqualTo(4);
  }
}
