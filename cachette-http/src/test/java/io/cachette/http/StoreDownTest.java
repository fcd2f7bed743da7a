package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fail-open: a Redis server (a {@code redis-server} process of the test's own) killed mid-run
 * turns the cache into misses; every request is still answered by the origin, none fails (an
 * unsafe request's invalidation included).
 */
class StoreDownTest extends HttpTestBase {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aStoreThatGoesDownMidRunSendsRequestsToTheOrigin(boolean async) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      awaitPong(port);
      origin.text("/a").text("/b");
      setup = new Setup(Store.REDIS, async);
      CachedHttpClient http = CachedHttpClient.builder()
          .backend("redis://127.0.0.1:" + port + "/0?timeout=500ms").clock(clock).build();
      clients.add(http);

      send(http, "/a");
      assertThat(status(send(http, "/a"))).isEqualTo(CacheStatus.HIT);

      redis.destroyForcibly();
      assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();

      HttpResponse<String> afterCrash = send(http, "/a");
      HttpResponse<String> again = send(http, "/a");
      HttpResponse<String> other = send(http, "/b");
      // An unsafe request's invalidation cannot reach the store either: the response still comes.
      HttpResponse<String> posted = send(http, request("/b")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build());

      assertThat(afterCrash.body()).isEqualTo("body /a #2");
      assertThat(status(afterCrash)).isEqualTo(CacheStatus.MISS);
      assertThat(again.body()).isEqualTo("body /a #3");
      assertThat(other.body()).isEqualTo("body /b #1");
      assertThat(posted.statusCode()).isEqualTo(200);
      assertThat(posted.body()).isEqualTo("body /b #2");
      assertThat(origin.count("/a")).isEqualTo(3);
    } finally {
      redis.destroyForcibly();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitPong(int port) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] reply = in.readNBytes(7);
        if (new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return;
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
