package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.KeyInfo;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 5861: a response's own {@code stale-while-revalidate} and {@code stale-if-error} (with
 * cacheControl), and the request's {@code stale-if-error}, next to the client's settings.
 */
class StaleDirectivesTest extends HttpTestBase {
  private static final int CALLERS = 8;

  /** A route whose first response carries this Cache-Control and whose later ones are 503s. */
  private void failingAfterFirst(String path, String cacheControl) {
    origin.route(path, (exchange, count) -> {
      exchange.getResponseHeaders().add("Cache-Control", cacheControl);
      Origin.text(exchange, count == 1 ? 200 : 503, "answer #" + count);
    });
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aResponsesStaleWhileRevalidateServesItStaleWhileOneRequestRefreshesIt(Setup setup)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    heldAfterFirst("/swr", release, "Cache-Control", "max-age=60, stale-while-revalidate=120");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));
    send(http, "/swr");
    advance(Duration.ofSeconds(150));

    assertServedStaleWhileOneRequestRefreshes(http, "/swr", release, CALLERS);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void pastItsStaleWhileRevalidateWindowAResponseIsRefreshedBeforeItIsServed(Setup setup)
      throws Exception {
    origin.text("/swr", "Cache-Control", "max-age=60, stale-while-revalidate=30");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));
    send(http, "/swr");
    advance(Duration.ofSeconds(100));

    HttpResponse<String> refreshed = send(http, "/swr");

    assertThat(status(refreshed)).isEqualTo(CacheStatus.MISS);
    assertThat(refreshed.body()).isEqualTo("body /swr #2");
    assertThat(origin.count("/swr")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aResponsesStaleIfErrorServesItInsteadOfA5xxWithinItsWindow(Setup setup) throws Exception {
    failingAfterFirst("/sie", "max-age=60, stale-if-error=300");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));
    send(http, "/sie");
    advance(Duration.ofSeconds(200));

    HttpResponse<String> stale = send(http, "/sie");
    advance(Duration.ofSeconds(200));
    HttpResponse<String> error = send(http, "/sie");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(status(stale)).isEqualTo(CacheStatus.STALE);
    assertThat(stale.body()).isEqualTo("answer #1");
    assertThat(error.statusCode()).isEqualTo(503);
    assertThat(status(error)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/sie")).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aResponsesStaleIfErrorServesItWhenTheOriginIsDown(Setup setup) throws Exception {
    origin.text("/sie", "Cache-Control", "max-age=60, stale-if-error=300");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));
    send(http, "/sie");
    advance(Duration.ofSeconds(200));
    origin.stop();

    HttpResponse<String> stale = send(http, "/sie");
    advance(Duration.ofSeconds(200));

    assertThat(status(stale)).isEqualTo(CacheStatus.STALE);
    assertThat(stale.body()).isEqualTo("body /sie #1");
    assertThatThrownBy(() -> send(http, "/sie")).isInstanceOf(IOException.class);
    assertThat(origin.count("/sie")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aRequestsStaleIfErrorAcceptsAStaleResponseWhenTheOriginFails(Setup setup)
      throws Exception {
    failingAfterFirst("/sie", "no-transform");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1)));
    send(http, "/sie");
    advance(Duration.ofMinutes(5));

    HttpResponse<String> accepted = send(http,
        request("/sie").header("Cache-Control", "stale-if-error=600").build());
    HttpResponse<String> tooStale = send(http,
        request("/sie").header("Cache-Control", "stale-if-error=60").build());
    HttpResponse<String> without = send(http, "/sie");

    assertThat(status(accepted)).isEqualTo(CacheStatus.STALE);
    assertThat(accepted.body()).isEqualTo("answer #1");
    assertThat(tooStale.statusCode()).isEqualTo(503);
    assertThat(without.statusCode()).isEqualTo(503);
    assertThat(origin.count("/sie")).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void withoutCacheControlAResponsesDirectivesAreIgnored(Setup setup) throws Exception {
    failingAfterFirst("/sie", "stale-if-error=3600, stale-while-revalidate=3600");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1)));
    send(http, "/sie");
    advance(Duration.ofMinutes(2));

    HttpResponse<String> error = send(http, "/sie");

    assertThat(error.statusCode()).isEqualTo(503);
    assertThat(status(error)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/sie")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void malformedWindowsAreIgnored(Setup setup) throws Exception {
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));
    for (String window : new String[] {"abc", "-5", "", "1.5"}) {
      String path = "/bad" + window.length() + (window.isEmpty() ? "" : window.charAt(0));
      failingAfterFirst(path, "max-age=60, stale-if-error=" + window
          + ", stale-while-revalidate=" + window);
      send(http, path);
      advance(Duration.ofSeconds(61));

      HttpResponse<String> error = send(http, path);

      assertThat(error.statusCode()).as(window).isEqualTo(503);
      assertThat(status(error)).as(window).isEqualTo(CacheStatus.MISS);
      assertThat(origin.count(path)).as(window).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("setups")
  void mustRevalidateOverridesAResponsesWindows(Setup setup) throws Exception {
    failingAfterFirst("/m", "max-age=60, must-revalidate, stale-if-error=600, "
        + "stale-while-revalidate=600");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));
    send(http, "/m");
    advance(Duration.ofSeconds(120));

    HttpResponse<String> error = send(http, "/m");

    assertThat(error.statusCode()).isEqualTo(503);
    assertThat(origin.count("/m")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void theStoreKeepsAResponseThroughItsStaleWindows(Setup setup) throws Exception {
    origin.text("/kept", "Cache-Control", "max-age=60, stale-if-error=300, "
        + "stale-while-revalidate=120");
    CachedHttpClient http = rawClient(setup, b -> b.cacheControl(true));

    String key = CachedResponses.of(send(http, "/kept")).cacheKey().orElseThrow();

    // max-age plus the longest window (less the little time the request took).
    try (Stream<KeyInfo> keys = rawCaches.get(0).keys()) {
      Duration ttl = keys.filter(info -> info.key().equals(key)).findFirst().orElseThrow().ttl();
      assertThat(ttl).isNotNull().isGreaterThan(Duration.ofSeconds(300))
          .isLessThanOrEqualTo(Duration.ofSeconds(360));
    }
  }
}
