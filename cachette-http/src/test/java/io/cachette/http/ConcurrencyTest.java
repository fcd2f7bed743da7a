package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Priority four: coalescing, staleIfError, staleWhileRevalidate and the response metadata. */
class ConcurrencyTest extends HttpTestBase {
  private static final int CALLERS = 8;

  @ParameterizedTest
  @MethodSource("setups")
  void concurrentMissesSendOneRequestToTheOrigin(Setup setup) throws Exception {
    CountDownLatch allCalling = new CountDownLatch(CALLERS);
    origin.route("/hot", (exchange, count) -> {
      try {
        // Answer only once every caller has sent its request to the client.
        allCalling.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Origin.text(exchange, 200, "hot #" + count);
    });
    CachedHttpClient http = client(setup);

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
    try {
      for (int i = 0; i < CALLERS; i++) {
        if (setup.async()) {
          responses.add(http.sendAsync(get("/hot"), BodyHandlers.ofString()));
          allCalling.countDown();
        } else {
          responses.add(CompletableFuture.supplyAsync(() -> {
            allCalling.countDown();
            try {
              return http.send(get("/hot"), BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }, threads));
        }
      }
      List<CacheStatus> statuses = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        HttpResponse<String> r = response.get(30, TimeUnit.SECONDS);
        assertThat(r.body()).isEqualTo("hot #1");
        statuses.add(status(r));
      }
      assertThat(statuses).containsOnlyOnce(CacheStatus.MISS).containsOnly(CacheStatus.MISS, CacheStatus.HIT);
    } finally {
      threads.shutdownNow();
    }
    assertThat(origin.count("/hot")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void staleIfErrorServesAStaleResponseWhenTheOriginIsDown(Setup setup) throws Exception {
    origin.text("/s");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1))
        .staleIfError(Duration.ofMinutes(10)));
    send(http, "/s");
    advance(Duration.ofMinutes(5));
    origin.stop();

    HttpResponse<String> stale = send(http, "/s");
    advance(Duration.ofMinutes(10));

    assertThat(status(stale)).isEqualTo(CacheStatus.STALE);
    assertThat(stale.body()).isEqualTo("body /s #1");
    assertThat(CachedResponses.of(stale).isExpired()).isTrue();
    assertThatThrownBy(() -> send(http, "/s")).isInstanceOf(IOException.class);
    assertThat(origin.count("/s")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void staleIfErrorServesAStaleResponseInsteadOfA5xx(Setup setup) throws Exception {
    origin.route("/s", (exchange, count) -> Origin.text(exchange, count == 1 ? 200 : 503,
        "answer " + count));
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1))
        .staleIfError(true));
    send(http, "/s");
    advance(Duration.ofDays(3));

    HttpResponse<String> stale = send(http, "/s");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(status(stale)).isEqualTo(CacheStatus.STALE);
    assertThat(stale.body()).isEqualTo("answer 1");
    assertThat(origin.count("/s")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void mustRevalidateIsNeverServedStaleEvenOnError(Setup setup) throws Exception {
    origin.route("/m", (exchange, count) -> {
      exchange.getResponseHeaders().add("Cache-Control", "max-age=10, must-revalidate");
      Origin.text(exchange, count == 1 ? 200 : 500, "answer " + count);
    });
    CachedHttpClient http = client(setup, b -> b.cacheControl(true).staleIfError(true));
    send(http, "/m");
    advance(Duration.ofMinutes(1));

    HttpResponse<String> error = send(http, "/m");

    assertThat(error.statusCode()).isEqualTo(500);
    assertThat(status(error)).isEqualTo(CacheStatus.MISS);
    assertThat(origin.count("/m")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void staleWhileRevalidateServesAtOnceAndRefreshesOncePerKey(Setup setup) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    heldAfterFirst("/swr", release);
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(1))
        .staleWhileRevalidate(true));
    send(http, "/swr");
    advance(Duration.ofMinutes(2));

    assertServedStaleWhileOneRequestRefreshes(http, "/swr", release, CALLERS);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void cachedResponsesTellWhatHappened(Setup setup) throws Exception {
    origin.text("/meta");
    CachedHttpClient http = client(setup, b -> b.expireAfter(Duration.ofMinutes(10)));
    Instant start = clock.instant();

    HttpResponse<String> miss = send(http, "/meta");
    advance(Duration.ofMinutes(1));
    HttpResponse<String> hit = send(http, "/meta");

    CacheInfo missInfo = CachedResponses.of(miss);
    CacheInfo hitInfo = CachedResponses.of(hit);
    assertThat(missInfo.status()).isEqualTo(CacheStatus.MISS);
    assertThat(missInfo.fromCache()).isFalse();
    assertThat(missInfo.createdAt()).contains(start);
    assertThat(missInfo.expiresAt()).contains(start.plus(Duration.ofMinutes(10)));
    assertThat(hitInfo.fromCache()).isTrue();
    assertThat(hitInfo.isExpired()).isFalse();
    assertThat(hitInfo.createdAt()).contains(start);
    assertThat(hitInfo.expiresAt()).contains(start.plus(Duration.ofMinutes(10)));
    assertThat(hitInfo.cacheKey()).isPresent().isEqualTo(missInfo.cacheKey());
    assertThat(hitInfo.cacheKey().orElseThrow()).doesNotContain("meta").hasSize(32);
    assertThatThrownBy(() -> CachedResponses.of(http.delegate().send(get("/meta"),
        BodyHandlers.ofString()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CachedHttpClient");
  }
}
