package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Priority three: per-request CacheOptions and request Cache-Control directives. */
class RequestOptionsTest extends HttpTestBase {

  private void etagRoute(String path) {
    origin.validated(path, "\"same\"");
  }

  @ParameterizedTest
  @MethodSource("setups")
  void refreshRevalidatesAFreshResponse(Setup setup) throws Exception {
    etagRoute("/r");
    CachedHttpClient http = client(setup);
    send(http, "/r");

    HttpResponse<String> refreshed = send(http, get("/r"), BodyHandlers.ofString(),
        CacheOptions.refresh());

    assertThat(status(refreshed)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(refreshed.body()).isEqualTo("full 1");
    assertThat(origin.requestHeader("/r", 2, "If-None-Match")).isEqualTo("\"same\"");
    assertThat(origin.count("/r")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void forceRefreshSendsAnUnconditionalRequestAndStoresTheAnswer(Setup setup) throws Exception {
    etagRoute("/r");
    CachedHttpClient http = client(setup);
    send(http, "/r");

    HttpResponse<String> forced = send(http, get("/r"), BodyHandlers.ofString(),
        CacheOptions.forceRefresh());
    HttpResponse<String> after = send(http, "/r");

    assertThat(status(forced)).isEqualTo(CacheStatus.MISS);
    assertThat(forced.body()).isEqualTo("full 2");
    assertThat(origin.requestHeader("/r", 2, "If-None-Match")).isNull();
    assertThat(after.body()).isEqualTo("full 2");
    assertThat(origin.count("/r")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void bypassNeitherReadsNorStores(Setup setup) throws Exception {
    origin.text("/b");
    CachedHttpClient http = client(setup);
    send(http, "/b");

    HttpResponse<String> bypassed = send(http, get("/b"), BodyHandlers.ofString(),
        CacheOptions.bypass());
    HttpResponse<String> cached = send(http, "/b");

    assertThat(status(bypassed)).isEqualTo(CacheStatus.MISS);
    assertThat(CachedResponses.of(bypassed).cacheKey()).isEmpty();
    assertThat(bypassed.body()).isEqualTo("body /b #2");
    assertThat(cached.body()).isEqualTo("body /b #1");
    assertThat(origin.count("/b")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aPerRequestExpirationOverridesTheSettings(Setup setup) throws Exception {
    origin.text("/x");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofHours(1)));

    send(http, get("/x"), BodyHandlers.ofString(), CacheOptions.expireAfter(Duration.ofSeconds(10)));
    advance(Duration.ofSeconds(20));

    assertThat(status(send(http, "/x"))).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/x")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void onlyIfCachedAnswers504WhenNothingIsStoredAndNeverCallsTheOrigin(Setup setup)
      throws Exception {
    origin.text("/o");
    CachedHttpClient http = client(setup);

    HttpResponse<String> option = send(http, get("/o"), BodyHandlers.ofString(),
        CacheOptions.onlyIfCached());
    HttpResponse<String> header = send(http,
        request("/o").header("Cache-Control", "only-if-cached").build());

    assertThat(option.statusCode()).isEqualTo(504);
    assertThat(status(option)).isEqualTo(CacheStatus.UNSATISFIABLE);
    assertThat(header.statusCode()).isEqualTo(504);
    assertThat(origin.count("/o")).isZero();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void onlyIfCachedServesAStaleResponse(Setup setup) throws Exception {
    origin.text("/o");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1)).staleIfError(true));
    send(http, "/o");
    advance(Duration.ofMinutes(5));

    HttpResponse<String> offline = send(http, get("/o"), BodyHandlers.ofString(),
        CacheOptions.onlyIfCached());

    assertThat(status(offline)).isEqualTo(CacheStatus.STALE);
    assertThat(CachedResponses.of(offline).isExpired()).isTrue();
    assertThat(offline.body()).isEqualTo("body /o #1");
    assertThat(origin.count("/o")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void theOfflineSettingAnswersEveryRequestFromTheStore(Setup setup) throws Exception {
    origin.text("/o");
    CachedHttpClient online = client(setup);
    send(online, "/o");
    CachedHttpClient offline = client(setup, b -> b.onlyIfCached(true));

    HttpResponse<String> missing = send(offline, "/other");

    assertThat(missing.statusCode()).isEqualTo(504);
    assertThat(origin.count("/other")).isZero();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void requestNoCacheAndMaxAgeZeroRevalidate(Setup setup) throws Exception {
    etagRoute("/n");
    CachedHttpClient http = client(setup);
    send(http, "/n");

    HttpResponse<String> noCache = send(http, request("/n").header("Cache-Control", "no-cache").build());
    HttpResponse<String> pragma = send(http, request("/n").header("Pragma", "no-cache").build());
    HttpResponse<String> maxAgeZero = send(http, request("/n").header("Cache-Control", "max-age=0").build());

    assertThat(status(noCache)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(status(pragma)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(status(maxAgeZero)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(origin.count("/n")).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void requestNoStoreIsNotStored(Setup setup) throws Exception {
    origin.text("/s");
    CachedHttpClient http = client(setup);

    send(http, request("/s").header("Cache-Control", "no-store").build());
    send(http, "/s");

    assertThat(origin.count("/s")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void maxStaleAcceptsAStaleResponseAndMinFreshRefusesAnAgeingOne(Setup setup) throws Exception {
    origin.text("/m");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1)));
    send(http, "/m");
    advance(Duration.ofSeconds(30));

    HttpResponse<String> minFresh = send(http, request("/m").header("Cache-Control", "min-fresh=60").build());
    advance(Duration.ofSeconds(70));
    HttpResponse<String> maxStale = send(http, request("/m").header("Cache-Control", "max-stale=120").build());
    HttpResponse<String> tooStale = send(http, request("/m").header("Cache-Control", "max-stale=5").build());

    assertThat(status(minFresh)).isEqualTo(CacheStatus.MISS);
    assertThat(status(maxStale)).isEqualTo(CacheStatus.STALE);
    assertThat(status(tooStale)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/m")).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void cachetteOptionsAreNeverSentToTheOrigin(Setup setup) throws Exception {
    origin.text("/w");
    CachedHttpClient http = client(setup);

    send(http, get("/w"), BodyHandlers.ofString(),
        CacheOptions.forceRefresh().and(CacheOptions.expireAfter(Duration.ofMinutes(1))));

    assertThat(origin.requestHeader("/w", 1, "Cache-Control")).isNull();
    for (String name : new String[] {"X-Cachette-Options", "Cachette", "X-Cache-Options"}) {
      assertThat(origin.requestHeader("/w", 1, name)).isNull();
    }
  }

  @Test
  void contradictoryOptionsAreRefused() {
    assertThatThrownBy(() -> CacheOptions.bypass().and(CacheOptions.onlyIfCached()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bypass");
    assertThatThrownBy(() -> CacheOptions.expireAfter(Duration.ofSeconds(1))
        .and(CacheOptions.expireAfter(Duration.ofSeconds(2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> CacheOptions.expireAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NEVER_EXPIRE");
  }
}
