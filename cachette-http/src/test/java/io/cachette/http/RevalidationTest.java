package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Priority two: conditional requests, Vary variants, invalidation, HEAD and redirects. */
class RevalidationTest extends HttpTestBase {

  /** A route with an ETag that answers If-None-Match with 304 and a new header. */
  private void etagRoute(String path) {
    origin.route(path, (exchange, count) -> {
      exchange.getResponseHeaders().add("ETag", "\"v1\"");
      exchange.getResponseHeaders().add("X-Served", "#" + count);
      if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
        Origin.text(exchange, 304, "");
      } else {
        exchange.getResponseHeaders().add("Cache-Control", "max-age=10");
        Origin.text(exchange, 200, "full " + count);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aStaleResponseIsRevalidatedAndThe304HeadersAreMerged(Setup setup) throws Exception {
    etagRoute("/e");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    send(http, "/e");
    advance(Duration.ofSeconds(20));
    HttpResponse<String> revalidated = send(http, "/e");
    advance(Duration.ofSeconds(30));
    HttpResponse<String> fresh = send(http, "/e");

    assertThat(origin.requestHeader("/e", 2, "If-None-Match")).isEqualTo("\"v1\"");
    assertThat(status(revalidated)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(revalidated.statusCode()).isEqualTo(200);
    assertThat(revalidated.body()).isEqualTo("full 1");
    assertThat(revalidated.headers().firstValue("x-served")).contains("#2");
    assertThat(revalidated.headers().firstValue("cache-control")).contains("max-age=60");
    assertThat(revalidated.headers().firstValue("content-length")).contains("6");
    // The merged response is fresh for the 304's max-age=60.
    assertThat(status(fresh)).isEqualTo(CacheStatus.HIT);
    assertThat(fresh.body()).isEqualTo("full 1");
    assertThat(origin.count("/e")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void lastModifiedIsSentAsIfModifiedSince(Setup setup) throws Exception {
    String lastModified = "Tue, 01 Dec 2026 10:00:00 GMT";
    origin.route("/lm", (exchange, count) -> {
      exchange.getResponseHeaders().add("Last-Modified", lastModified);
      if (lastModified.equals(exchange.getRequestHeaders().getFirst("If-Modified-Since"))) {
        Origin.text(exchange, 304, "");
      } else {
        Origin.text(exchange, 200, "lm " + count);
      }
    });
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1)));

    send(http, "/lm");
    advance(Duration.ofMinutes(2));
    HttpResponse<String> revalidated = send(http, "/lm");

    assertThat(status(revalidated)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(revalidated.body()).isEqualTo("lm 1");
    assertThat(origin.count("/lm")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aChangedResourceReplacesTheStoredOne(Setup setup) throws Exception {
    origin.route("/c", (exchange, count) -> {
      exchange.getResponseHeaders().add("ETag", "\"v" + count + "\"");
      Origin.text(exchange, 200, "version " + count);
    });
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1)));

    send(http, "/c");
    advance(Duration.ofMinutes(2));
    HttpResponse<String> changed = send(http, "/c");
    HttpResponse<String> cached = send(http, "/c");

    assertThat(status(changed)).isEqualTo(CacheStatus.MISS);
    assertThat(changed.body()).isEqualTo("version 2");
    assertThat(cached.body()).isEqualTo("version 2");
    assertThat(status(cached)).isEqualTo(CacheStatus.HIT);
    assertThat(origin.count("/c")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void severalVariantsOfOneUrlAreStoredSideBySide(Setup setup) throws Exception {
    origin.route("/v", (exchange, count) -> {
      exchange.getResponseHeaders().add("Vary", "Accept");
      Origin.text(exchange, 200, exchange.getRequestHeaders().getFirst("Accept") + " " + count);
    });
    CachedHttpClient http = client(setup);
    HttpRequest json = request("/v").header("Accept", "application/json").build();
    HttpRequest xml = request("/v").header("Accept", "application/xml").build();

    HttpResponse<String> json1 = send(http, json);
    HttpResponse<String> xml1 = send(http, xml);
    HttpResponse<String> json2 = send(http, json);
    HttpResponse<String> xml2 = send(http, xml);
    HttpResponse<String> none = send(http, get("/v"));

    assertThat(json2.body()).isEqualTo("application/json 1");
    assertThat(xml2.body()).isEqualTo("application/xml 2");
    assertThat(status(json1)).isEqualTo(CacheStatus.MISS);
    assertThat(status(xml1)).isEqualTo(CacheStatus.MISS);
    assertThat(status(json2)).isEqualTo(CacheStatus.HIT);
    assertThat(status(xml2)).isEqualTo(CacheStatus.HIT);
    assertThat(status(none)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/v")).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void varyStarIsNeverMatched(Setup setup) throws Exception {
    origin.text("/star", "Vary", "*");
    CachedHttpClient http = client(setup);

    send(http, "/star");
    send(http, "/star");

    assertThat(origin.count("/star")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aVaryOnAnIgnoredHeaderIsNeverMatchedSoUsersDoNotShareResponses(Setup setup)
      throws Exception {
    origin.route("/me", (exchange, count) -> {
      exchange.getResponseHeaders().add("Vary", "Authorization");
      Origin.text(exchange, 200, "profile of " + exchange.getRequestHeaders().getFirst("Authorization"));
    });
    CachedHttpClient http = client(setup);

    HttpResponse<String> alice = send(http, request("/me").header("Authorization", "Bearer alice").build());
    HttpResponse<String> bob = send(http, request("/me").header("Authorization", "Bearer bob").build());

    assertThat(alice.body()).isEqualTo("profile of Bearer alice");
    assertThat(bob.body()).isEqualTo("profile of Bearer bob");
    assertThat(origin.count("/me")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void anUnsafeMethodInvalidatesItsUrlAndItsLocation(Setup setup) throws Exception {
    origin.text("/items").text("/items/7");
    origin.route("/items/new", (exchange, count) -> {
      exchange.getResponseHeaders().add("Location", "/items/7");
      exchange.getResponseHeaders().add("Content-Location", "/items");
      Origin.text(exchange, 201, "created");
    });
    origin.route("/items/bad", (exchange, count) -> Origin.text(exchange, 500, "failed"));
    CachedHttpClient http = client(setup);
    send(http, "/items");
    send(http, "/items/7");
    send(http, "/items/bad");

    HttpResponse<String> created = send(http, request("/items/new")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    send(http, request("/items/bad").DELETE().build()); // an error invalidates nothing

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(status(created)).isEqualTo(CacheStatus.MISS);
    assertThat(status(send(http, "/items"))).isEqualTo(CacheStatus.MISS);
    assertThat(status(send(http, "/items/7"))).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/items")).isEqualTo(2);
    assertThat(origin.count("/items/7")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aDeleteInvalidatesTheStoredGet(Setup setup) throws Exception {
    origin.route("/doc", (exchange, count) -> Origin.text(exchange,
        exchange.getRequestMethod().equals("DELETE") ? 204 : 200, "doc " + count));
    CachedHttpClient http = client(setup);

    send(http, "/doc");
    send(http, request("/doc").DELETE().build());
    HttpResponse<String> after = send(http, "/doc");

    assertThat(status(after)).isEqualTo(CacheStatus.MISS);
    assertThat(after.body()).isEqualTo("doc 3");
    assertThat(origin.count("/doc")).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void headIsAnsweredFromAStoredGet(Setup setup) throws Exception {
    origin.text("/h", "X-Kind", "get-or-head");
    CachedHttpClient http = client(setup);

    send(http, "/h");
    HttpResponse<String> head = send(http,
        request("/h").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

    assertThat(status(head)).isEqualTo(CacheStatus.HIT);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("x-kind")).contains("get-or-head");
    assertThat(origin.count("/h")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void headResponsesAreStoredToo(Setup setup) throws Exception {
    origin.text("/h");
    CachedHttpClient http = client(setup);
    HttpRequest head = request("/h").method("HEAD", HttpRequest.BodyPublishers.noBody()).build();

    send(http, head);
    HttpResponse<String> again = send(http, head);
    HttpResponse<String> getAfterHead = send(http, "/h");

    assertThat(status(again)).isEqualTo(CacheStatus.HIT);
    assertThat(status(getAfterHead)).as("a HEAD response has no body for a GET").isEqualTo(CacheStatus.MISS);
    assertThat(getAfterHead.body()).isEqualTo("body /h #2");
    assertThat(origin.count("/h")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aRedirectedRequestIsAnsweredFromTheStoredFinalResponse(Setup setup) throws Exception {
    origin.route("/old", (exchange, count) -> {
      exchange.getResponseHeaders().add("Location", "/new");
      exchange.sendResponseHeaders(301, -1);
    });
    origin.text("/new");
    CachedHttpClient http = client(setup);

    HttpResponse<String> first = send(http, "/old");
    HttpResponse<String> again = send(http, "/old");
    HttpResponse<String> direct = send(http, "/new");

    assertThat(first.body()).isEqualTo("body /new #1");
    assertThat(first.uri()).isEqualTo(uri("/new"));
    assertThat(status(again)).isEqualTo(CacheStatus.HIT);
    assertThat(again.body()).isEqualTo("body /new #1");
    assertThat(again.uri()).isEqualTo(uri("/new"));
    assertThat(status(direct)).isEqualTo(CacheStatus.HIT);
    assertThat(origin.count("/old")).isEqualTo(1);
    assertThat(origin.count("/new")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void hopByHopAndConnectionListedHeadersAreNotStored(Setup setup) throws Exception {
    origin.text("/hop", "Connection", "X-Private-Hop", "X-Private-Hop", "secret-route",
        "Keep-Alive", "timeout=5", "X-Kept", "yes");
    CachedHttpClient http = client(setup);

    send(http, "/hop");
    HttpResponse<String> hit = send(http, "/hop");

    assertThat(status(hit)).isEqualTo(CacheStatus.HIT);
    assertThat(hit.headers().firstValue("x-kept")).contains("yes");
    assertThat(hit.headers().firstValue("x-private-hop")).isEmpty();
    assertThat(hit.headers().firstValue("keep-alive")).isEmpty();
    assertThat(hit.headers().firstValue("connection")).isEmpty();
    assertThat(origin.count("/hop")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void alwaysRevalidateAsksTheOriginEachTime(Setup setup) throws Exception {
    etagRoute("/e");
    CachedHttpClient http = client(setup, b -> b.alwaysRevalidate(true));

    send(http, "/e");
    HttpResponse<String> second = send(http, get("/e"), BodyHandlers.ofString());

    assertThat(status(second)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(origin.count("/e")).isEqualTo(2);
  }
}
