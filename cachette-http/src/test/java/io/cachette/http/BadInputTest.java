package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Priority six: what malformed headers, huge headers and corrupt stored entries do. Each outcome
 * is documented in the README's HTTP section.
 */
class BadInputTest extends HttpTestBase {

  @ParameterizedTest
  @MethodSource("setups")
  void aMalformedMaxAgeMeansStale(Setup setup) throws Exception {
    origin.text("/abc", "Cache-Control", "max-age=abc");
    origin.text("/negative", "Cache-Control", "max-age=-5");
    origin.text("/empty", "Cache-Control", "max-age=");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    for (String path : new String[] {"/abc", "/negative", "/empty"}) {
      send(http, path);
      HttpResponse<String> second = send(http, path);
      assertThat(status(second)).as(path).isEqualTo(CacheStatus.MISS);
      assertThat(origin.count(path)).as(path).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aHugeMaxAgeIsCappedAndGarbageDirectivesAreIgnored(Setup setup) throws Exception {
    origin.text("/huge", "Cache-Control", "max-age=99999999999999999999999");
    origin.text("/garbage", "Cache-Control", ",,;;=\"unterminated, no-such-directive=1");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true));

    for (String path : new String[] {"/huge", "/garbage"}) {
      send(http, path);
      advance(Duration.ofDays(30));
      assertThat(status(send(http, path))).as(path).isEqualTo(CacheStatus.HIT);
      assertThat(origin.count(path)).as(path).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @MethodSource("setups")
  void malformedExpiresAgeAndLastModified(Setup setup) throws Exception {
    origin.text("/expires", "Expires", "next tuesday");
    origin.text("/age", "Cache-Control", "max-age=100", "Age", "old");
    origin.text("/lm", "Last-Modified", "yesterday-ish");
    CachedHttpClient http = client(setup, b -> b.cacheControl(true)
        .expireAfter(Duration.ofHours(1)));

    send(http, "/expires");
    send(http, "/expires");
    send(http, "/age");
    HttpResponse<String> age = send(http, "/age");
    send(http, "/lm");
    advance(Duration.ofHours(2));
    send(http, "/lm");

    // An invalid Expires is a time in the past: stale at once.
    assertThat(origin.count("/expires")).isEqualTo(2);
    // An invalid Age reads as 0.
    assertThat(status(age)).isEqualTo(CacheStatus.HIT);
    assertThat(age.headers().firstValue("age")).contains("0");
    // An invalid Last-Modified gives no heuristic and is not sent back as a validator.
    assertThat(origin.count("/lm")).isEqualTo(2);
    assertThat(origin.requestHeader("/lm", 2, "If-Modified-Since")).isNull();
  }

  @ParameterizedTest
  @MethodSource("setups")
  void hugeHeadersAreStoredAndReplayed(Setup setup) throws Exception {
    String big = "v".repeat(60_000);
    origin.route("/big-header", (exchange, count) -> {
      exchange.getResponseHeaders().add("X-Big", big);
      for (int i = 0; i < 200; i++) {
        exchange.getResponseHeaders().add("X-Many-" + i, "value " + i);
      }
      Origin.text(exchange, 200, "small body");
    });
    CachedHttpClient http = client(setup);

    send(http, "/big-header");
    HttpResponse<String> hit = send(http, "/big-header");

    assertThat(status(hit)).isEqualTo(CacheStatus.HIT);
    assertThat(hit.headers().firstValue("x-big")).contains(big);
    assertThat(hit.headers().firstValue("x-many-199")).contains("value 199");
    assertThat(origin.count("/big-header")).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("setups")
  void aCorruptStoredEntryIsAMissAndIsReplaced(Setup setup) throws Exception {
    origin.text("/c");
    String url = setup.store().url();
    String namespace = Store.uniqueNamespace();
    try (Cache<byte[]> raw = Cache.builder(byte[].class).backend(url).serializer("noop://")
        .namespace(namespace).build()) {
      CachedHttpClient http = clientOver(setup, raw, b -> { });
      String key = CachedResponses.of(send(http, "/c")).cacheKey().orElseThrow();
      byte[] good = raw.get(key).orElseThrow();

      byte[][] corruptions = {
          "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          Arrays.copyOf(good, good.length / 2),            // truncated
          withByte(good, 4, (byte) 99),                      // another format version
          withByte(good, 5, (byte) 77),                      // an unknown entry kind
          new byte[] {0x43, 0x48, 0x54, 0x43, 1, 1, 0x7f, 0x7f, 0x7f, 0x7f}, // a length past the end
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
        assertThat(origin.count("/c")).isEqualTo(expectedOriginRequests);
      }
      raw.clear();
    }
  }

  private static byte[] withByte(byte[] bytes, int index, byte value) {
    byte[] copy = bytes.clone();
    copy[index] = value;
    return copy;
  }
}
