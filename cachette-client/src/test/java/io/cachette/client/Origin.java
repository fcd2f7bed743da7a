package io.cachette.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local origin server (JDK HttpServer on 127.0.0.1, an ephemeral port) that counts and records
 * requests. Routes answer by exact path; unknown paths answer 404. A gate can hold responses until
 * the test releases it.
 */
final class Origin implements AutoCloseable {
  /** One recorded request. */
  record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return String.join(",", entry.getValue());
        }
      }
      return null;
    }
  }

  /** A canned response. */
  record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static Reply json(String json) {
      return new Reply(200, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Reply status(int status, String body) {
      return new Reply(status, "text/plain; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8),
          Map.of("X-Reason", "test"));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, java.util.function.Supplier<Reply>> routes = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  /** Counted down as each request arrives (replaced by {@link #expect}). */
  private volatile CountDownLatch arrived = new CountDownLatch(0);

  Origin() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  Origin route(String path, Reply reply) {
    routes.put(path, () -> reply);
    return this;
  }

  Origin route(String path, java.util.function.Supplier<Reply> reply) {
    routes.put(path, reply);
    return this;
  }

  /** Holds every response until {@link #open()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  /** A latch counted down by the next {@code count} requests. */
  CountDownLatch expect(int count) {
    CountDownLatch latch = new CountDownLatch(count);
    arrived = latch;
    return latch;
  }

  Seen last() {
    return seen.get(seen.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          Map.copyOf(exchange.getRequestHeaders()), body));
      arrived.countDown();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      var route = routes.get(exchange.getRequestURI().getRawPath());
      Reply reply = route == null ? Reply.status(404, "no route") : route.get();
      exchange.getResponseHeaders().add("Content-Type", reply.contentType());
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      boolean empty = reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    }
  }

  @Override
  public void close() {
    gate.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
