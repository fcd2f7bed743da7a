package io.cachette.examples;

import com.sun.net.httpserver.HttpServer;
import io.cachette.http.CacheInfo;
import io.cachette.http.CachedHttpClient;
import io.cachette.http.CachedResponses;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP part of the demo: a {@link CachedHttpClient} on a SQLite file, against a local origin
 * it starts, showing that the second call is served from the cache (the origin counts one request)
 * and that a new client on the same file still has it.
 */
public final class HttpDemo {
  private HttpDemo() {}

  /** Runs the HTTP demo. */
  public static void main(String[] args) throws Exception {
    AtomicInteger originRequests = new AtomicInteger();
    HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/quote", exchange -> {
      byte[] body = ("{\"quote\":\"Simplicity is prerequisite for reliability\",\"served\":"
          + originRequests.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
      exchange.getResponseHeaders().add("ETag", "\"q1\"");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    origin.start();
    Path folder = Files.createTempDirectory("cachette-http-demo");
    String backend = "sqlite://" + folder.resolve("http_cache.sqlite").toAbsolutePath();
    URI uri = URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + "/quote");
    HttpRequest request = HttpRequest.newBuilder(uri).build();
    System.out.println("== CachedHttpClient (" + backend + ") against a local origin " + uri);
    try {
      try (CachedHttpClient http = CachedHttpClient.builder().backend(backend)
          .cacheControl(true).expireAfter(Duration.ofMinutes(10)).build()) {
        for (int call = 1; call <= 2; call++) {
          HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
          CacheInfo info = CachedResponses.of(response);
          System.out.println("call " + call + " -> " + response.statusCode() + " "
              + info.status() + " fromCache=" + info.fromCache() + " body=" + response.body());
        }
      }
      try (CachedHttpClient reopened = CachedHttpClient.builder().backend(backend)
          .cacheControl(true).build()) {
        HttpResponse<String> response = reopened.send(request, BodyHandlers.ofString());
        System.out.println("a new client on the same file -> "
            + CachedResponses.of(response).status() + ", expires at "
            + CachedResponses.of(response).expiresAt().orElseThrow());
        System.out.println("cache().contains(uri) -> " + reopened.cache().contains(uri));
      }
      System.out.println("origin requests for 3 calls -> " + originRequests.get());
    } finally {
      origin.stop(0);
    }
  }
}
