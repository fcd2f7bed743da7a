package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Priority two: expiry settings, and RFC 9111 freshness from response headers. */
class FreshnessTest extends HttpTestBase {

  @ParameterizedTest
  @MethodSource("setups")
  void expireAfterKeepsAResponseFreshForThatLong(Setup setup) throws Exception {
    origin.text("/a");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(5)));

    HttpResponse<String> first = send(http, "/a");
    advance(Duration.ofMinutes(4));
    HttpResponse<String> fresh = send(http, "/a");
    advance(Duration.ofMinutes(2));
    HttpResponse<String> afterExpiry = send(http, "/a");

    assertThat(CachedResponses.of(first).expiresAt()).contains(
        CachedResponses.of(first).createdAt().orElseThrow().plus(Duration.ofMinutes(5)));
    assertThat(status(fresh)).isEqualTo(CacheStatus.HIT);
    assertThat(fresh.headers().firstValue("age")).contains("240");
    assertThat(status(afterExpiry)).isEqualTo(CacheStatus.MISS);
    assertThat(afterExpiry.body()).isEqualTo("body /a #2");
    assertThat(origin.count("/a")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void theDefaultNeverExpires(Setup setup) throws Exception {
    origin.text("/a", "Cache-Control", "max-age=1");
    CachedHttpClient http = client(setup);

    send(http, "/a");
    advance(Duration.ofDays(300));
    HttpResponse<String> later = send(http, "/a");

    assertThat(status(later)).isEqualTo(CacheStatus.HIT);
    assertThat(CachedResponses.of(later).expiresAt()).isEmpty();
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void expireAfterAnInstant(Setup setup) throws Exception {
    origin.text("/a");
    Instant end = clock.instant().plus(Duration.ofMinutes(10));
    CachedHttpClient http = client(setup, b -> b.expireAfter(end));

    send(http, "/a");
    advance(Duration.ofMinutes(9));
    assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.HIT);
    advance(Duration.ofMinutes(2));
    assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/a")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void doNotCacheAndExpireImmediately(Setup setup) throws Exception {
    origin.text("/never").text("/immediate").text("/validated", "ETag", "\"v1\"");
    CachedHttpClient http = client(setup, b -> b
        .urlExpireAfter("*/never", Expiration.DO_NOT_CACHE)
        .expireAfter(Expiration.EXPIRE_IMMEDIATELY));

    for (String path : new String[] {"/never", "/immediate", "/validated"}) {
      send(http, path);
      send(http, path);
    }

    assertThat(origin.count("/never")).isEqualTo(2);
    assertThat(origin.count("/immediate")).isEqualTo(2);
    // EXPIRE_IMMEDIATELY with a validator: stored, and revalidated on each use.
    assertThat(origin.count("/validated")).isEqualTo(2);
    assertThat(origin.requestHeader("/validated", 2, "If-None-Match")).isEqualTo("\"v1\"");
  }

  @ParameterizedTest
  @MethodSource("setups")
  void urlsExpireAfterFirstMatchWins(Setup setup) throws Exception {
    origin.text("/static/logo").text("/api/users").text("/other");
    Map<String, Expiration> rules = new LinkedHashMap<>();
    rules.put("127.0.0.1:*/static", Expiration.NEVER_EXPIRE);
    rules.put("*/api", Expiration.after(Duration.ofMinutes(1)));
    rules.put("*", Expiration.DO_NOT_CACHE);
    CachedHttpClient http = client(setup, b -> b.urlsExpireAfter(rules)
        .expireAfter(Duration.ofHours(1)));

    for (String path : new String[] {"/static/logo", "/api/users", "/other"}) {
      send(http, path);
    }
    advance(Duration.ofMinutes(2));
    for (String path : new String[] {"/static/logo", "/api/users", "/other"}) {
      send(http, path);
    }

    assertThat(origin.count("/static/logo")).isEqualTo(1);
    assertThat(origin.count("/api/users")).isEqualTo(2);
    assertThat(origin.count("/other")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aRegexRuleIsSearchedInTheWholeUrl(Setup setup) throws Exception {
    origin.text("/v2/items").text("/v1/items");
    CachedHttpClient http = client(setup, b -> b
        .urlExpireAfter(Pattern.compile("/v1/"), Expiration.DO_NOT_CACHE));

    send(http, "/v1/items");
    send(http, "/v1/items");
    send(http, "/v2/items");
    send(http, "/v2/items");

    assertThat(origin.count("/v1/items")).isEqualTo(2);
    assertThat(origin.count("/v2/items")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void cacheControlMaxAgeWinsOverTheSettings(Setup setup) throws Exception {
    origin.text("/a", "Cache-Control", "max-age=60");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true)
        .expireAfter(Duration.ofHours(1)));

    send(http, "/a");
    advance(Duration.ofSeconds(50));
    HttpResponse<String> fresh = send(http, "/a");
    advance(Duration.ofSeconds(20));
    HttpResponse<String> stale = send(http, "/a");

    assertThat(status(fresh)).isEqualTo(CacheStatus.HIT);
    assertThat(status(stale)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/a")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void withoutCacheControlTheHeadersAreIgnored(Setup setup) throws Exception {
    origin.text("/a", "Cache-Control", "max-age=60");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofHours(1)));

    send(http, "/a");
    advance(Duration.ofMinutes(30));

    assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.HIT);
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void expiresMinusDateGivesTheLifetime(Setup setup) throws Exception {
    origin.route("/a", (exchange, count) -> {
      // The JDK server sets Date to the real time; Expires is 100 s after it.
      exchange.getResponseHeaders().add("Expires",
          HttpDates.format(Instant.now().plusSeconds(100)));
      Origin.text(exchange, 200, "a" + count);
    });
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    send(http, "/a");
    advance(Duration.ofSeconds(90));
    assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.HIT);
    advance(Duration.ofSeconds(20));
    assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/a")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void anInvalidExpiresMeansAlreadyStale(Setup setup) throws Exception {
    origin.text("/a", "Expires", "0", "ETag", "\"e\"");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    send(http, "/a");
    send(http, "/a");

    assertThat(origin.count("/a")).isEqualTo(2);
    assertThat(origin.requestHeader("/a", 2, "If-None-Match")).isEqualTo("\"e\"");
  }

  @ParameterizedTest
  @MethodSource("setups")
  void theAgeHeaderShortensTheLifetime(Setup setup) throws Exception {
    origin.text("/a", "Cache-Control", "max-age=100", "Age", "90");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    send(http, "/a");
    advance(Duration.ofSeconds(5));
    HttpResponse<String> hit = send(http, "/a");
    advance(Duration.ofSeconds(10));
    HttpResponse<String> stale = send(http, "/a");

    assertThat(status(hit)).isEqualTo(CacheStatus.HIT);
    assertThat(hit.headers().firstValue("age")).contains("95");
    assertThat(status(stale)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/a")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void heuristicFreshnessIsATenthOfTheLastModifiedAge(Setup setup) throws Exception {
    origin.route("/a", (exchange, count) -> {
      exchange.getResponseHeaders().add("Last-Modified",
          HttpDates.format(Instant.now().minus(Duration.ofDays(10))));
      Origin.text(exchange, 200, "a" + count);
    });
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    send(http, "/a");
    advance(Duration.ofHours(23));
    assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.HIT);
    advance(Duration.ofHours(2));
    HttpResponse<String> revalidated = send(http, "/a");

    assertThat(origin.count("/a")).isEqualTo(2);
    assertThat(origin.requestHeader("/a", 2, "If-Modified-Since")).isNotNull();
    assertThat(revalidated.body()).isEqualTo("a2");
  }

  @ParameterizedTest
  @MethodSource("setups")
  void noStoreIsNeverStoredEvenWithoutCacheControl(Setup setup) throws Exception {
    origin.text("/a", "Cache-Control", "no-store");
    CachedHttpClient http = client(setup);

    send(http, "/a");
    send(http, "/a");

    assertThat(origin.count("/a")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void noCacheIsStoredButAlwaysRevalidated(Setup setup) throws Exception {
    origin.validated("/a", "\"v\"", "Cache-Control", "no-cache");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    send(http, "/a");
    HttpResponse<String> second = send(http, "/a");

    assertThat(status(second)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(second.body()).isEqualTo("full 1");
    assertThat(origin.count("/a")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void privateResponsesAreStoredByThisPrivateCache(Setup setup) throws Exception {
    origin.text("/a", "Cache-Control", "private, max-age=60");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    send(http, "/a");

    assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.HIT);
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void immutableIsNotRevalidatedWhileFresh(Setup setup) throws Exception {
    origin.text("/a", "Cache-Control", "max-age=600, immutable");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true).alwaysRevalidate(true));

    send(http, "/a");
    HttpResponse<String> refreshed = send(http, get("/a"), java.net.http.HttpResponse.BodyHandlers.ofString(),
        CacheOptions.refresh());

    assertThat(status(refreshed)).isEqualTo(CacheStatus.HIT);
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void requestMaxAgeSetsTheExpirationOfItsResponse(Setup setup) throws Exception {
    origin.text("/a");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofHours(1)));

    HttpResponse<String> first = send(http, request("/a").header("Cache-Control", "max-age=30").build());
    advance(Duration.ofSeconds(40));
    HttpResponse<String> second = send(http, "/a");

    assertThat(CachedResponses.of(first).expiresAt()).contains(
        CachedResponses.of(first).createdAt().orElseThrow().plusSeconds(30));
    assertThat(status(second)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/a")).isEqualTo(2);
  }
}
