package io.cachette.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local origin server (JDK HttpServer on 127.0.0.1, ephemeral port) that counts the requests of
 * each path and answers each path with the route a test gave it.
 */
final class Origin implements AutoCloseable {
  /** One answer. */
  interface Route {
    void handle(HttpExchange exchange, int count) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  /** Every request's headers, by path, in order. */
  private final Map<String, List<Map<String, List<String>>>> requestHeaders = new ConcurrentHashMap<>();

  Origin() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        int count = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        requestHeaders.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
            .add(Map.copyOf(exchange.getRequestHeaders()));
        try (InputStream in = exchange.getRequestBody()) {
          in.readAllBytes();
        }
        Route route = routes.get(path);
        if (route == null) {
          text(exchange, 404, "no route " + path);
        } else {
          route.handle(exchange, count);
        }
      } catch (IOException | RuntimeException e) {
        // the client went away; nothing to answer
      }
    });
    server.start();
  }

  Origin route(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  /** A route that answers 200 with a text body (numbered by the request count) and these headers. */
  Origin text(String path, String... headers) {
    return route(path, (exchange, count) -> {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      text(exchange, 200, "body " + path + " #" + count);
    });
  }

  /**
   * A route with an ETag and these headers: 304 to a request whose If-None-Match names the ETag,
   * otherwise 200 with the body {@code full <count>}.
   */
  Origin validated(String path, String etag, String... headers) {
    return route(path, (exchange, count) -> {
      exchange.getResponseHeaders().add("ETag", etag);
      for (int i = 0; i + 1 < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      boolean notModified = etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"));
      text(exchange, notModified ? 304 : 200, notModified ? "" : "full " + count);
    });
  }

  static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("text/plain"));
    if (status == 304 || exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  int count(String path) {
    AtomicInteger count = counts.get(path);
    return count == null ? 0 : count.get();
  }

  /** The value of a request header in the n-th request of a path (1-based), or null. */
  String requestHeader(String path, int n, String name) {
    List<Map<String, List<String>>> all = requestHeaders.get(path);
    if (all == null || all.size() < n) {
      return null;
    }
    for (Map.Entry<String, List<String>> header : all.get(n - 1).entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue().get(0);
      }
    }
    return null;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
