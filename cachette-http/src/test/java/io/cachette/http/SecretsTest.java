package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import io.cachette.KeyInfo;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;

/** Ignored parameters (secrets) are never part of a key nor of anything stored. */
class SecretsTest extends HttpTestBase {
  private static final String SECRET = "s3cr3t-value-42";

  /** Reads every stored key through a memory:// cache the test holds. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void secretsAreNeitherInKeysNorInStoredBytes(boolean async) throws Exception {
    Setup setup = new Setup(Store.MEMORY, async);
    origin.route("/api", (exchange, count) -> {
      exchange.getResponseHeaders().add("X-API-Key", SECRET); // an echo of the secret
      exchange.getResponseHeaders().add("Vary", "Accept");
      Origin.text(exchange, 200, "data " + count);
    });
    try (Cache<byte[]> raw = Cache.builder(byte[].class).backend("memory://")
        .serializer("noop://").build()) {
      CachedHttpClient http = clientOver(setup, raw,
          b -> b.allowableMethods("GET", "POST").matchHeaders(true));

      send(http, request("/api?q=1&api_key=" + SECRET + "&access_token=" + SECRET)
          .header("Authorization", "Bearer " + SECRET).header("X-Auth-Token", SECRET)
          .header("Accept", "text/plain").build());
      send(http, request("/api?form=1").header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("a=1&apikey=" + SECRET)).build());
      send(http, request("/api?json=1").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1,\"nested\":{\"API_KEY\":\"" + SECRET + "\"}}"))
          .build());
      // A different secret is the same request: the key ignores it.
      HttpResponse<String> other = send(http, request("/api?q=1&api_key=other&access_token=x")
          .header("Authorization", "Bearer other").header("X-Auth-Token", "y")
          .header("Accept", "text/plain").build());

      assertThat(status(other)).isEqualTo(CacheStatus.HIT);
      List<String> keys;
      try (Stream<KeyInfo> listed = raw.keys()) {
        keys = listed.map(KeyInfo::key).collect(Collectors.toList());
      }
      // For each of the three URLs: its URL index, a Vary index and a variant.
      assertThat(keys).hasSize(9);
      for (String key : keys) {
        assertThat(key).doesNotContain(SECRET);
        String stored = new String(raw.get(key).orElseThrow(), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain(SECRET).doesNotContainIgnoringCase("x-api-key");
      }
      try (Stream<StoredResponse> responses = http.cache().responses()) {
        assertThat(responses.map(r -> r.uri().toString()).collect(Collectors.toList()))
            .contains(uri("/api?q=1&api_key=REDACTED&access_token=REDACTED").toString());
      }
      assertThat(origin.count("/api")).isEqualTo(3);
    }
  }

  @Test
  void theConfigurationNeverShowsAPassword() {
    CachedHttpClientBuilder builder = CachedHttpClient.builder()
        .backend("redis://user:" + SECRET + "@127.0.0.1:6379/0");
    assertThat(builder.toString()).doesNotContain(SECRET).contains("***");
  }
}
