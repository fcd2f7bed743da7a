package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.CacheException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9111 §4.4 and {@code cache().delete}: every stored response of a URL goes, whatever the key
 * settings (matched headers, a key function, Vary variants), and nothing of it stays in the store.
 */
class InvalidationTest extends HttpTestBase {

  /** A resource that GET reads (its body names the header values) and POST/PUT/DELETE change. */
  private void resource(String path) {
    origin.route(path, (exchange, count) -> {
      if (!exchange.getRequestMethod().equals("GET")) {
        Origin.text(exchange, exchange.getRequestMethod().equals("POST") ? 201 : 204, "");
        return;
      }
      exchange.getResponseHeaders().add("Vary", "Accept");
      Origin.text(exchange, 200, exchange.getRequestHeaders().getFirst("Accept") + " #" + count);
    });
  }

  private HttpRequest getWith(String path, String header, String value) {
    return request(path).header(header, value).build();
  }

  private HttpRequest post(String path) {
    return request(path).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void anUnsafeMethodInvalidatesResponsesKeyedByMatchedHeaders(Setup setup) throws Exception {
    origin.route("/doc", (exchange, count) -> Origin.text(exchange,
        exchange.getRequestMethod().equals("GET") ? 200 : 201,
        exchange.getRequestHeaders().getFirst("Accept-Language") + " #" + count));
    CachedHttpClient http = rawClient(setup, b -> b.matchHeaders("Accept-Language"));
    send(http, getWith("/doc", "Accept-Language", "en"));
    send(http, getWith("/doc", "Accept-Language", "fr"));
    assertThat(status(send(http, getWith("/doc", "Accept-Language", "en"))))
        .isEqualTo(CacheStatus.HIT);

    HttpResponse<String> created = send(http, post("/doc"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(storedKeys()).isEmpty();
    HttpResponse<String> english = send(http, getWith("/doc", "Accept-Language", "en"));
    HttpResponse<String> french = send(http, getWith("/doc", "Accept-Language", "fr"));
    assertThat(status(english)).isEqualTo(CacheStatus.MISS);
    assertThat(english.body()).isEqualTo("en #4");
    assertThat(status(french)).isEqualTo(CacheStatus.MISS);
    assertThat(french.body()).isEqualTo("fr #5");
    assertThat(origin.count("/doc")).isEqualTo(5);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void anUnsafeMethodInvalidatesResponsesKeyedByAKeyFunction(Setup setup) throws Exception {
    origin.route("/doc", (exchange, count) -> Origin.text(exchange,
        exchange.getRequestMethod().equals("GET") ? 200 : 204,
        exchange.getRequestHeaders().getFirst("X-Tenant") + " #" + count));
    CachedHttpClient http = rawClient(setup, b -> b.keyFunction(
        r -> r.uri().getPath() + "|" + r.headers().firstValue("X-Tenant").orElse("none")));
    send(http, getWith("/doc", "X-Tenant", "a"));
    send(http, getWith("/doc", "X-Tenant", "b"));

    send(http, request("/doc").PUT(HttpRequest.BodyPublishers.ofString("new")).build());

    assertThat(storedKeys()).isEmpty();
    assertThat(status(send(http, getWith("/doc", "X-Tenant", "a")))).isEqualTo(CacheStatus.MISS);
    assertThat(status(send(http, getWith("/doc", "X-Tenant", "b")))).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/doc")).isEqualTo(5);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void anUnsafeMethodDeletesTheVaryIndexWithEveryVariant(Setup setup) throws Exception {
    resource("/v");
    CachedHttpClient http = rawClient(setup, b -> { });
    send(http, getWith("/v", "Accept", "application/json"));
    send(http, getWith("/v", "Accept", "application/xml"));
    assertThat(storedKeys()).as("the URL index, the Vary index, two variants").hasSize(4);

    HttpResponse<String> deleted = send(http, request("/v").DELETE().build());

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(storedKeys()).isEmpty();
    assertThat(status(send(http, getWith("/v", "Accept", "application/json"))))
        .isEqualTo(CacheStatus.MISS);
    assertThat(status(send(http, getWith("/v", "Accept", "application/xml"))))
        .isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/v")).isEqualTo(5);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void theLocationOfAnUnsafeResponseLosesEveryStoredResponse(Setup setup) throws Exception {
    resource("/items/7");
    origin.text("/other");
    origin.route("/items", (exchange, count) -> {
      exchange.getResponseHeaders().add("Location", "/items/7");
      Origin.text(exchange, 201, "created");
    });
    CachedHttpClient http = rawClient(setup, b -> b.matchHeaders("X-Page"));
    send(http, request("/items/7").header("Accept", "text/plain").header("X-Page", "1").build());
    send(http, request("/items/7").header("Accept", "text/html").header("X-Page", "2").build());
    send(http, "/other");
    List<String> otherKeys = storedKeys();

    send(http, post("/items"));

    assertThat(storedKeys()).as("only /other's response and URL index").hasSize(2);
    assertThat(otherKeys).containsAll(storedKeys());
    assertThat(status(send(http, request("/items/7").header("Accept", "text/plain")
        .header("X-Page", "1").build()))).isEqualTo(CacheStatus.MISS);
    assertThat(status(send(http, "/other"))).isEqualTo(CacheStatus.HIT);
    assertThat(origin.count("/items/7")).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void concurrentWritesForOneUrlAreAllInvalidated(Setup setup) throws Exception {
    int callers = 8;
    CountDownLatch allArrived = new CountDownLatch(callers);
    origin.route("/hot", (exchange, count) -> {
      if (exchange.getRequestMethod().equals("GET") && count <= callers) {
        // Answer once every caller's request is at the origin, so that their writes race.
        allArrived.countDown();
        try {
          allArrived.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Origin.text(exchange, 200, exchange.getRequestHeaders().getFirst("X-N") + " #" + count);
    });
    CachedHttpClient http = rawClient(setup, b -> b.matchHeaders("X-N"));
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      List<CompletableFuture<HttpResponse<String>>> misses = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        HttpRequest request = getWith("/hot", "X-N", Integer.toString(i));
        misses.add(setup.async() ? http.sendAsync(request, BodyHandlers.ofString())
            : CompletableFuture.supplyAsync(() -> {
              try {
                return http.send(request, BodyHandlers.ofString());
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            }, threads));
      }
      for (CompletableFuture<HttpResponse<String>> miss : misses) {
        assertThat(status(miss.get(30, TimeUnit.SECONDS))).isEqualTo(CacheStatus.MISS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(storedKeys()).as("one URL index and a response per caller").hasSize(callers + 1);

    send(http, post("/hot"));

    assertThat(storedKeys()).isEmpty();
    for (int i = 0; i < callers; i++) {
      assertThat(status(send(http, getWith("/hot", "X-N", Integer.toString(i))))).as("caller " + i)
          .isEqualTo(CacheStatus.MISS);
    }
    assertThat(origin.count("/hot")).isEqualTo(2 * callers + 1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void deleteByUrlTakesEveryKeyOfTheUrlAndCountsTheResponses(Setup setup) throws Exception {
    resource("/v");
    origin.text("/keep");
    CachedHttpClient http = rawClient(setup, b -> b.matchHeaders("X-Page"));
    send(http, request("/v").header("Accept", "text/plain").header("X-Page", "1").build());
    send(http, request("/v").header("Accept", "text/html").header("X-Page", "1").build());
    send(http, request("/v").header("Accept", "text/html").header("X-Page", "2").build());
    send(http, "/keep");

    assertThat(http.cache().delete(uri("/v"))).as("three variants under two Vary indexes")
        .isEqualTo(3);

    assertThat(storedKeys()).hasSize(2);
    assertThat(http.cache().count()).isEqualTo(1);
    assertThat(http.cache().delete(uri("/v"))).isZero();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void deleteByRequestTakesItsVaryIndexAndVariantsAndKeepsTheUrlsOtherKeys(Setup setup)
      throws Exception {
    resource("/v");
    CachedHttpClient http = rawClient(setup, b -> b.matchHeaders("X-Page"));
    HttpRequest plain1 = request("/v").header("Accept", "text/plain").header("X-Page", "1").build();
    HttpRequest html1 = request("/v").header("Accept", "text/html").header("X-Page", "1").build();
    HttpRequest plain2 = request("/v").header("Accept", "text/plain").header("X-Page", "2").build();
    send(http, plain1);
    send(http, html1);
    send(http, plain2);

    assertThat(http.cache().delete(html1)).as("both variants of page 1").isEqualTo(2);

    assertThat(storedKeys()).as("the URL index, page 2's Vary index and variant").hasSize(3);
    assertThat(status(send(http, plain2))).isEqualTo(CacheStatus.HIT);
    assertThat(status(send(http, plain1))).isEqualTo(CacheStatus.MISS);
    http.cache().delete(uri("/v"));
    assertThat(storedKeys()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void deleteExpiredAlsoDeletesTheIndexesItEmpties(Setup setup) throws Exception {
    resource("/v");
    origin.text("/a").text("/b");
    CachedHttpClient http = rawClient(setup, b -> b
        .urlExpireAfter("*/b", Expiration.NEVER_EXPIRE).expireAfter(Duration.ofMinutes(1)));
    send(http, getWith("/v", "Accept", "text/plain"));
    send(http, getWith("/v", "Accept", "text/html"));
    send(http, "/a");
    String bKey = CachedResponses.of(send(http, "/b")).cacheKey().orElseThrow();
    advance(Duration.ofMinutes(2));

    assertThat(http.cache().deleteExpired()).isEqualTo(3);

    assertThat(storedKeys()).as("/b's response and URL index").hasSize(2).contains(bKey);
    assertThat(status(send(http, "/b"))).isEqualTo(CacheStatus.HIT);
    assertThat(http.cache().delete(uri("/b"))).isEqualTo(1);
    assertThat(storedKeys()).as("nothing of /v, not even its Vary index").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void deleteKeysAndResetExpirationKeepTheIndexesRight(Setup setup) throws Exception {
    resource("/v");
    CachedHttpClient http = rawClient(setup, b -> b.expireAfter(Duration.ofMinutes(1)));
    send(http, getWith("/v", "Accept", "text/plain"));
    send(http, getWith("/v", "Accept", "text/html"));
    String plainVariant = CachedResponses.of(send(http, getWith("/v", "Accept", "text/plain")))
        .cacheKey().orElseThrow();

    assertThat(http.cache().resetExpiration(Expiration.after(Duration.ofHours(1)))).isEqualTo(2);
    assertThat(http.cache().deleteKeys(List.of(plainVariant))).isEqualTo(1);
    assertThat(storedKeys()).as("the URL index, the Vary index, one variant").hasSize(3);
    advance(Duration.ofMinutes(30));
    assertThat(status(send(http, getWith("/v", "Accept", "text/html")))).isEqualTo(CacheStatus.HIT);

    send(http, request("/v").DELETE().build());

    assertThat(storedKeys()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void theKeyAVariedResponseReportsOnAMissDeletesEveryVariant(Setup setup) throws Exception {
    resource("/v");
    CachedHttpClient http = rawClient(setup, b -> { });
    String reported = CachedResponses.of(send(http, getWith("/v", "Accept", "text/plain")))
        .cacheKey().orElseThrow();
    send(http, getWith("/v", "Accept", "text/html"));

    assertThat(http.cache().deleteKeys(List.of(reported))).isEqualTo(2);

    assertThat(storedKeys()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aStrictStoreThatFailsNeverFailsARequestNorItsInvalidation(boolean async) throws Exception {
    resource("/v");
    Cache<byte[]> strict = Cache.builder(byte[].class).backend("memory://").serializer("noop://")
        .strict().build();
    CachedHttpClient http = clientOver(new Setup(Store.MEMORY, async), strict, b -> { });
    send(http, getWith("/v", "Accept", "text/plain"));
    strict.close(); // every store operation now fails, and a strict cache reports it

    HttpResponse<String> deleted = send(http, request("/v").DELETE().build());
    HttpResponse<String> again = send(http, getWith("/v", "Accept", "text/plain"));

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(again.body()).isEqualTo("text/plain #3");
    assertThat(status(again)).isEqualTo(CacheStatus.MISS);
    assertThatThrownBy(() -> http.cache().delete(uri("/v"))).isInstanceOf(CacheException.class);
  }
}
