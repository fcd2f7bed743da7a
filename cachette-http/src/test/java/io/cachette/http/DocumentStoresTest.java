package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import io.cachette.dynamodb.DynaliteServer;
import io.cachette.mongodb.TestMongo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP cache on the document stores, {@code mongodb://}, {@code gridfs://} and {@code
 * dynamodb://}, sending blocking and async: a focused pass over what each store must carry (hits,
 * revalidation, Vary variants, invalidation, inspection, corrupt entries), where the other tests
 * cover every rule on memory, SQLite, files and Redis. MongoDB is the in-process stand-in of
 * cachette-mongodb's tests (or {@code CACHETTE_TEST_MONGODB}); DynamoDB is dynalite (or {@code
 * CACHETTE_DYNAMODB_URL}), both from those modules' test-jars.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DocumentStoresTest extends HttpTestBase {
  @RegisterExtension
  static final DynaliteServer DYNALITE = DynaliteServer.inMemory();

  /** The document stores; each test stores under a namespace of its own. */
  enum DocumentStore {
    MONGODB, GRIDFS, DYNAMODB;

    String url() {
      switch (this) {
        case MONGODB:
          return TestMongo.baseUrl() + "/" + TestMongo.DATABASE + "?collection=http_cache";
        case GRIDFS:
          return TestMongo.baseUrl().replaceFirst("^mongodb", "gridfs") + "/" + TestMongo.DATABASE
              + "?bucket=http_cache";
        default:
          return DYNALITE.url("cachette-http-cache", "timeout=5s");
      }
    }
  }

  /** A document store and a way of sending. */
  record DocumentSetup(DocumentStore store, boolean async) {
    @Override
    public String toString() {
      return store + (async ? " async" : " sync");
    }
  }

  static Stream<Arguments> documentSetups() {
    List<Arguments> all = new ArrayList<>();
    for (DocumentStore store : DocumentStore.values()) {
      all.add(Arguments.of(new DocumentSetup(store, false)));
      all.add(Arguments.of(new DocumentSetup(store, true)));
    }
    return all.stream();
  }

  private Cache<byte[]> raw;

  /** A client over a raw cache on the store, which {@link #raw} and {@link #storedKeys} read. */
  private CachedHttpClient client(DocumentSetup setup, Consumer<CachedHttpClientBuilder> configure) {
    raw = Cache.builder(byte[].class).backend(setup.store().url()).serializer("noop://")
        .namespace(Store.uniqueNamespace()).build();
    rawCaches.add(raw);
    // clientOver takes only the way of sending from a Setup: the client runs over the raw cache.
    return clientOver(new Setup(Store.MEMORY, setup.async()), raw, configure);
  }

  @ParameterizedTest
  @MethodSource("documentSetups")
  void aFreshResponseIsServedFromTheStoreWithoutAnOriginRequest(DocumentSetup setup)
      throws Exception {
    origin.text("/a");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(5)));

    HttpResponse<String> first = send(http, "/a");
    HttpResponse<String> second = send(http, "/a");

    assertThat(status(first)).isEqualTo(CacheStatus.MISS);
    assertThat(status(second)).isEqualTo(CacheStatus.HIT);
    assertThat(CachedResponses.of(second).fromCache()).isTrue();
    assertThat(second.body()).isEqualTo("body /a #1");
    assertThat(second.headers().firstValue("content-type")).contains("text/plain");
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("documentSetups")
  void aStaleResponseIsRevalidatedAndThe304HeadersAreMerged(DocumentSetup setup) throws Exception {
    origin.route("/e", (exchange, count) -> {
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
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    send(http, "/e");
    advance(Duration.ofSeconds(20));
    HttpResponse<String> revalidated = send(http, "/e");
    advance(Duration.ofSeconds(30));
    HttpResponse<String> fresh = send(http, "/e");

    assertThat(origin.requestHeader("/e", 2, "If-None-Match")).isEqualTo("\"v1\"");
    assertThat(status(revalidated)).isEqualTo(CacheStatus.REVALIDATED);
    assertThat(revalidated.body()).isEqualTo("full 1");
    assertThat(revalidated.headers().firstValue("x-served")).contains("#2");
    assertThat(revalidated.headers().firstValue("cache-control")).contains("max-age=60");
    assertThat(status(fresh)).as("fresh for the 304's max-age=60").isEqualTo(CacheStatus.HIT);
    assertThat(fresh.headers().firstValue("x-served")).contains("#2");
    assertThat(origin.count("/e")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("documentSetups")
  void bothVariantsOfAVaryingResponseBecomeHits(DocumentSetup setup) throws Exception {
    origin.route("/v", (exchange, count) -> {
      exchange.getResponseHeaders().add("Vary", "Accept");
      Origin.text(exchange, 200, exchange.getRequestHeaders().getFirst("Accept") + " " + count);
    });
    CachedHttpClient http = client(setup, b -> { });
    HttpRequest json = request("/v").header("Accept", "application/json").build();
    HttpRequest xml = request("/v").header("Accept", "application/xml").build();

    send(http, json);
    send(http, xml);
    HttpResponse<String> json2 = send(http, json);
    HttpResponse<String> xml2 = send(http, xml);

    assertThat(status(json2)).isEqualTo(CacheStatus.HIT);
    assertThat(json2.body()).isEqualTo("application/json 1");
    assertThat(status(xml2)).isEqualTo(CacheStatus.HIT);
    assertThat(xml2.body()).isEqualTo("application/xml 2");
    assertThat(origin.count("/v")).isEqualTo(2);
    assertThat(storedKeys()).as("the URL index, the Vary index, two variants").hasSize(4);
  }

  @ParameterizedTest
  @MethodSource("documentSetups")
  void aPostDeletesEveryStoredResponseOfItsUrl(DocumentSetup setup) throws Exception {
    origin.route("/r", (exchange, count) -> {
      if (exchange.getRequestMethod().equals("POST")) {
        Origin.text(exchange, 201, "");
        return;
      }
      exchange.getResponseHeaders().add("Vary", "Accept");
      Origin.text(exchange, 200, exchange.getRequestHeaders().getFirst("Accept") + " #" + count);
    });
    CachedHttpClient http = client(setup, b -> { });
    HttpRequest json = request("/r").header("Accept", "application/json").build();
    HttpRequest xml = request("/r").header("Accept", "application/xml").build();
    send(http, json);
    send(http, xml);

    HttpResponse<String> created =
        send(http, request("/r").POST(HttpRequest.BodyPublishers.ofString("{}")).build());

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(storedKeys()).isEmpty();
    HttpResponse<String> json2 = send(http, json);
    assertThat(status(json2)).isEqualTo(CacheStatus.MISS);
    assertThat(json2.body()).isEqualTo("application/json #4");
    assertThat(status(send(http, xml))).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/r")).isEqualTo(5);
  }

  @ParameterizedTest
  @MethodSource("documentSetups")
  void inspectionCountsListsAndDeletes(DocumentSetup setup) throws Exception {
    origin.text("/a").text("/b");
    origin.route("/v", (exchange, count) -> {
      exchange.getResponseHeaders().add("Vary", "Accept");
      Origin.text(exchange, 200, "v " + count);
    });
    CachedHttpClient http = client(setup, b -> b
        .urlExpireAfter("*/a", Expiration.after(Duration.ofMinutes(1)))
        .expireAfter(Duration.ofHours(1)));
    send(http, "/a");
    send(http, "/b");
    send(http, request("/v").header("Accept", "text/plain").build());
    send(http, request("/v").header("Accept", "text/html").build());

    assertThat(http.cache().count()).isEqualTo(4);
    try (Stream<URI> urls = http.cache().urls()) {
      assertThat(urls.collect(Collectors.toList()))
          .containsExactlyInAnyOrder(uri("/a"), uri("/b"), uri("/v"));
    }
    assertThat(http.cache().delete(uri("/v"))).as("both variants").isEqualTo(2);
    assertThat(http.cache().contains(uri("/v"))).isFalse();

    advance(Duration.ofMinutes(2));
    assertThat(http.cache().deleteExpired()).as("/a, past its 1m").isEqualTo(1);
    assertThat(http.cache().count()).isEqualTo(1);
    try (Stream<URI> urls = http.cache().urls()) {
      assertThat(urls.collect(Collectors.toList())).containsExactly(uri("/b"));
    }
    assertThat(status(send(http, "/b"))).isEqualTo(CacheStatus.HIT);
    assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/a")).isEqualTo(2);
    assertThat(origin.count("/b")).isEqualTo(1);
    assertThat(origin.count("/v")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("documentSetups")
  void aCorruptStoredEntryIsAMissAndIsReplaced(DocumentSetup setup) throws Exception {
    origin.text("/c");
    CachedHttpClient http = client(setup, b -> { });
    String key = CachedResponses.of(send(http, "/c")).cacheKey().orElseThrow();
    byte[] good = raw.get(key).orElseThrow();
    byte[][] corruptions = {
        "garbage".getBytes(StandardCharsets.UTF_8),
        Arrays.copyOf(good, good.length / 2),
    };

    int expectedOriginRequests = 1;
    for (byte[] corrupt : corruptions) {
      raw.set(key, corrupt);
      HttpResponse<String> miss = send(http, "/c");
      expectedOriginRequests++;
      assertThat(status(miss)).isEqualTo(CacheStatus.MISS);
      assertThat(miss.body()).isEqualTo("body /c #" + expectedOriginRequests);
      HttpResponse<String> replaced = send(http, "/c");
      assertThat(status(replaced)).isEqualTo(CacheStatus.HIT);
      assertThat(replaced.body()).isEqualTo("body /c #" + expectedOriginRequests);
      assertThat(origin.count("/c")).isEqualTo(expectedOriginRequests);
    }
  }
}
