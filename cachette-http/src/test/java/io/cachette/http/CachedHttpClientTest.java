package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Priority one: every body handler, replay, streaming capture, the body limit; on every store. */
class CachedHttpClientTest extends HttpTestBase {

  @ParameterizedTest
  @MethodSource("setups")
  void secondGetIsServedFromTheStore(Setup setup) throws Exception {
    origin.text("/a");
    CachedHttpClient http = client(setup);

    HttpResponse<String> first = send(http, "/a");
    HttpResponse<String> second = send(http, "/a");

    assertThat(first.body()).isEqualTo("body /a #1");
    assertThat(second.body()).isEqualTo("body /a #1");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("content-type")).contains("text/plain");
    assertThat(status(first)).isEqualTo(CacheStatus.MISS);
    assertThat(CachedResponses.of(first).fromCache()).isFalse();
    assertThat(status(second)).isEqualTo(CacheStatus.HIT);
    assertThat(CachedResponses.of(second).fromCache()).isTrue();
    assertThat(second.uri()).isEqualTo(uri("/a"));
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void everyBodyHandlerGetsTheStoredBody(Setup setup) throws Exception {
    origin.route("/lines", (exchange, count) -> Origin.text(exchange, 200, "one\ntwo\nthree"));
    CachedHttpClient http = client(setup);
    send(http, "/lines");

    assertThat(send(http, get("/lines"), BodyHandlers.ofByteArray()).body())
        .isEqualTo("one\ntwo\nthree".getBytes(StandardCharsets.UTF_8));
    try (InputStream in = send(http, get("/lines"), BodyHandlers.ofInputStream()).body()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree");
    }
    assertThat(send(http, get("/lines"), BodyHandlers.ofLines()).body()
        .collect(Collectors.toList())).containsExactly("one", "two", "three");
    Path file = Files.createTempFile("cachette-http", ".txt");
    assertThat(Files.readString(send(http, get("/lines"), BodyHandlers.ofFile(file)).body()))
        .isEqualTo("one\ntwo\nthree");
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> published =
        send(http, get("/lines"), BodyHandlers.ofPublisher());
    assertThat(new String(collect(published.body()), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree");
    HttpResponse<Void> discarded = send(http, get("/lines"), BodyHandlers.discarding());
    assertThat(discarded.body()).isNull();
    assertThat(status(discarded)).isEqualTo(CacheStatus.HIT);
    BodyHandler<Integer> custom = info -> BodySubscribers.mapping(BodySubscribers.ofString(
        StandardCharsets.UTF_8), String::length);
    assertThat(send(http, get("/lines"), custom).body()).isEqualTo(13);

    assertThat(origin.count("/lines")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void everyBodyHandlerWorksOnAMissAndStoresTheBody(Setup setup) throws Exception {
    origin.text("/bytes").text("/stream").text("/file").text("/publisher").text("/discard");
    CachedHttpClient http = client(setup);

    assertThat(send(http, get("/bytes"), BodyHandlers.ofByteArray()).body())
        .isEqualTo("body /bytes #1".getBytes(StandardCharsets.UTF_8));
    try (InputStream in = send(http, get("/stream"), BodyHandlers.ofInputStream()).body()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("body /stream #1");
    }
    Path file = Files.createTempFile("cachette-http", ".txt");
    send(http, get("/file"), BodyHandlers.ofFile(file));
    assertThat(Files.readString(file)).isEqualTo("body /file #1");
    assertThat(collect(send(http, get("/publisher"), BodyHandlers.ofPublisher()).body()))
        .isEqualTo("body /publisher #1".getBytes(StandardCharsets.UTF_8));
    send(http, get("/discard"), BodyHandlers.discarding());

    for (String path : List.of("/bytes", "/stream", "/file", "/publisher", "/discard")) {
      HttpResponse<String> again = send(http, path);
      assertThat(again.body()).as(path).isEqualTo("body " + path + " #1");
      assertThat(status(again)).as(path).isEqualTo(CacheStatus.HIT);
      assertThat(origin.count(path)).as(path).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @MethodSource("setups")
  void anInputStreamReaderGetsBytesBeforeTheDownloadEnds(Setup setup) throws Exception {
    CountDownLatch firstPartRead = new CountDownLatch(1);
    origin.route("/slow", (exchange, count) -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("first|".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
          // The rest is sent only once the client has read the first part.
          if (!firstPartRead.await(20, TimeUnit.SECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        out.write("rest".getBytes(StandardCharsets.UTF_8));
      }
    });
    CachedHttpClient http = client(setup);

    HttpResponse<InputStream> response = send(http, get("/slow"), BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      byte[] first = in.readNBytes(6);
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("first|");
      firstPartRead.countDown();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("rest");
    }

    HttpResponse<String> again = send(http, "/slow");
    assertThat(again.body()).isEqualTo("first|rest");
    assertThat(status(again)).isEqualTo(CacheStatus.HIT);
    assertThat(origin.count("/slow")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aBodyOverMaxBodyBytesPassesThroughAndIsNotStored(Setup setup) throws Exception {
    String big = "x".repeat(5000);
    origin.route("/big", (exchange, count) -> Origin.text(exchange, 200, big));
    origin.route("/chunked", (exchange, count) -> {
      exchange.sendResponseHeaders(200, 0); // no Content-Length: the limit is found while reading
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(big.getBytes(StandardCharsets.UTF_8));
      }
    });
    CachedHttpClient http = client(setup, b -> b.maxBodyBytes(1000));

    for (String path : List.of("/big", "/chunked")) {
      assertThat(send(http, path).body()).isEqualTo(big);
      HttpResponse<String> again = send(http, path);
      assertThat(again.body()).isEqualTo(big);
      assertThat(status(again)).isEqualTo(CacheStatus.MISS);
      assertThat(origin.count(path)).as(path).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("setups")
  void anInputStreamClosedEarlyStoresNothing(Setup setup) throws Exception {
    String big = "y".repeat(200_000);
    origin.route("/partial", (exchange, count) -> Origin.text(exchange, 200, big));
    CachedHttpClient http = client(setup);

    try (InputStream in = send(http, get("/partial"), BodyHandlers.ofInputStream()).body()) {
      assertThat(in.readNBytes(10)).hasSize(10);
    }
    HttpResponse<String> again = send(http, "/partial");

    assertThat(again.body()).isEqualTo(big);
    assertThat(status(again)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/partial")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void theDefaultOptionsStoreOnlyGetAndHeadWithStatus200(Setup setup) throws Exception {
    origin.route("/missing", (exchange, count) -> Origin.text(exchange, 404, "no"));
    origin.text("/post");
    CachedHttpClient http = client(setup);

    send(http, "/missing");
    assertThat(status(send(http, "/missing"))).isEqualTo(CacheStatus.MISS);
    send(http, request("/post").POST(java.net.http.HttpRequest.BodyPublishers.ofString("q")).build());
    send(http, request("/post").POST(java.net.http.HttpRequest.BodyPublishers.ofString("q")).build());

    assertThat(origin.count("/missing")).isEqualTo(2);
    assertThat(origin.count("/post")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void allowedPostResponsesAreKeyedByTheirBody(Setup setup) throws Exception {
    origin.text("/search");
    CachedHttpClient http = client(setup, b -> b.allowableMethods("GET", "HEAD", "POST"));

    HttpResponse<String> a1 = send(http, json("/search", "{\"q\":\"cats\",\"api_key\":\"s1\"}"));
    HttpResponse<String> a2 = send(http, json("/search", "{\"api_key\":\"s2\", \"q\":\"cats\"}"));
    HttpResponse<String> b = send(http, json("/search", "{\"q\":\"dogs\"}"));

    assertThat(status(a1)).isEqualTo(CacheStatus.MISS);
    assertThat(status(a2)).as("same body but for the ignored api_key").isEqualTo(CacheStatus.HIT);
    assertThat(status(b)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/search")).isEqualTo(2);
  }

  private java.net.http.HttpRequest json(String path, String body) {
    return request(path).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
  }

  static byte[] collect(Flow.Publisher<List<ByteBuffer>> publisher) throws Exception {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    List<byte[]> parts = new ArrayList<>();
    publisher.subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(List<ByteBuffer> item) {
        for (ByteBuffer buffer : item) {
          byte[] part = new byte[buffer.remaining()];
          buffer.get(part);
          parts.add(part);
        }
      }

      @Override
      public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        done.complete(all.toByteArray());
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @MethodSource("persistentSetups")
  void storedResponsesSurviveANewClientOnTheSameStore(Setup setup) throws Exception {
    origin.text("/persist");
    String url = setup.store().url();
    String namespace = Store.uniqueNamespace();
    try (CachedHttpClient first = CachedHttpClient.builder().backend(url).namespace(namespace)
        .clock(clock).build()) {
      this.setup = setup;
      send(first, "/persist");
    }
    try (CachedHttpClient second = CachedHttpClient.builder().backend(url).namespace(namespace)
        .clock(clock).build()) {
      HttpResponse<String> again = send(second, "/persist");
      assertThat(status(again)).isEqualTo(CacheStatus.HIT);
      assertThat(again.body()).isEqualTo("body /persist #1");
      second.cache().clear();
    }
    assertThat(origin.count("/persist")).isEqualTo(1);
  }

  static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
