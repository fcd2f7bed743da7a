package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Priority five: {@code client.cache()}. Listing needs {@code Backend.scan}: on memory:// today;
 * SQLite, file and Redis pass once their scan is merged.
 */
class InspectionTest extends HttpTestBase {

  private CachedHttpClient filled(Store store) throws Exception {
    origin.text("/a").text("/b").text("/c");
    origin.route("/v", (exchange, count) -> {
      exchange.getResponseHeaders().add("Vary", "Accept");
      Origin.text(exchange, 200, "v " + count);
    });
    CachedHttpClient http = client(new Setup(store, false), b -> b
        .urlExpireAfter("*/a", Expiration.after(Duration.ofMinutes(1)))
        .expireAfter(Duration.ofHours(1)));
    send(http, "/a");
    send(http, "/b");
    send(http, "/c");
    send(http, request("/v").header("Accept", "text/plain").build());
    send(http, request("/v").header("Accept", "text/html").build());
    return http;
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void countsAndListsTheStoredResponses(Store store) throws Exception {
    CachedHttpClient http = filled(store);

    assertThat(http.cache().count()).isEqualTo(5);
    try (Stream<URI> urls = http.cache().urls()) {
      assertThat(urls.collect(Collectors.toList())).containsExactlyInAnyOrder(uri("/a"), uri("/b"),
          uri("/c"), uri("/v"));
    }
    try (Stream<StoredResponse> responses = http.cache().responses()) {
      List<StoredResponse> all = responses.collect(Collectors.toList());
      assertThat(all).extracting(StoredResponse::statusCode).containsOnly(200);
      assertThat(all).extracting(StoredResponse::method).containsOnly("GET");
      assertThat(all).filteredOn(r -> r.uri().equals(uri("/b"))).singleElement()
          .satisfies(r -> assertThat(new String(r.body())).isEqualTo("body /b #1"));
    }
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void containsAndDeleteByUrlAndRequest(Store store) throws Exception {
    CachedHttpClient http = filled(store);

    assertThat(http.cache().contains(uri("/a"))).isTrue();
    assertThat(http.cache().contains(uri("/nothing"))).isFalse();
    HttpRequest html = request("/v").header("Accept", "text/html").build();
    HttpRequest json = request("/v").header("Accept", "application/json").build();
    assertThat(http.cache().contains(html)).isTrue();
    assertThat(http.cache().contains(json)).isFalse();

    assertThat(http.cache().delete(uri("/a"))).isEqualTo(1);
    assertThat(http.cache().delete(get("/b"))).isEqualTo(1);
    assertThat(http.cache().delete(uri("/v"))).as("both variants").isEqualTo(2);

    assertThat(http.cache().contains(uri("/a"))).isFalse();
    assertThat(http.cache().count()).isEqualTo(1);
    send(http, "/a");
    assertThat(origin.count("/a")).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void deleteExpiredAndFilters(Store store) throws Exception {
    CachedHttpClient http = filled(store);
    advance(Duration.ofMinutes(2));

    try (Stream<URI> expired = http.cache().urls(HttpCache.Filter.EXPIRED)) {
      assertThat(expired.collect(Collectors.toList())).containsExactly(uri("/a"));
    }
    try (Stream<StoredResponse> valid = http.cache().responses(HttpCache.Filter.VALID)) {
      assertThat(valid.count()).isEqualTo(4);
    }
    assertThat(http.cache().deleteExpired()).isEqualTo(1);
    assertThat(http.cache().count()).isEqualTo(4);
    assertThat(http.cache().contains(uri("/a"))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void deleteOlderThan(Store store) throws Exception {
    CachedHttpClient http = filled(store);
    advance(Duration.ofMinutes(30));
    send(http, "/new-one");
    origin.text("/fresh");
    send(http, "/fresh");

    assertThat(http.cache().deleteOlderThan(Duration.ofMinutes(10))).isEqualTo(5);
    try (Stream<URI> urls = http.cache().urls()) {
      assertThat(urls.collect(Collectors.toList())).containsExactly(uri("/fresh"));
    }
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void resetExpirationAppliesANewExpirationFromNow(Store store) throws Exception {
    CachedHttpClient http = filled(store);

    assertThat(http.cache().resetExpiration(Expiration.after(Duration.ofMinutes(5)))).isEqualTo(5);
    advance(Duration.ofMinutes(6));

    try (Stream<StoredResponse> expired = http.cache().responses(HttpCache.Filter.EXPIRED)) {
      assertThat(expired.count()).isEqualTo(5);
    }
    send(http, "/b");
    assertThat(origin.count("/b")).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void clearRemovesEverythingOfTheNamespaceOnly(Store store) throws Exception {
    CachedHttpClient http = filled(store);
    CachedHttpClient other = client(new Setup(store, false));
    send(other, "/a");

    http.cache().clear();

    assertThat(http.cache().count()).isZero();
    assertThat(http.cache().contains(uri("/b"))).isFalse();
    assertThat(other.cache().contains(uri("/a"))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void deleteKeysTakesTheKeysResponsesReport(Store store) throws Exception {
    CachedHttpClient http = filled(store);
    String key = CachedResponses.of(send(http, "/c")).cacheKey().orElseThrow();

    assertThat(http.cache().deleteKeys(List.of(key, "no-such-key"))).isEqualTo(1);
    assertThat(http.cache().contains(uri("/c"))).isFalse();
  }
}
