package io.cachette.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of dynalite that does what DynamoDB does under load and dynalite never
 * does: it answers the next requests with a throttling error, or processes only part of a batch
 * and returns the rest as unprocessed (the way DynamoDB answers a batch over the table's
 * capacity). Everything else is passed through unchanged. The backend under test is real; only
 * the server's answers under load are played.
 */
final class DisruptingProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP_HEADERS =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding",
          "date");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI target;
  private final AtomicInteger throttle = new AtomicInteger();
  private final AtomicInteger partialBatches = new AtomicInteger();
  private final AtomicInteger refusedBatches = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger shortened = new AtomicInteger();

  DisruptingProxy(String targetEndpoint) throws IOException {
    this.target = URI.create(targetEndpoint);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers the next {@code requests} requests with ProvisionedThroughputExceededException. */
  void throttleNext(int requests) {
    throttle.set(requests);
  }

  /**
   * Processes only half of each of the next {@code batches} BatchGetItem or BatchWriteItem
   * requests (at least one item), returning the rest as UnprocessedKeys or UnprocessedItems.
   */
  void processHalfOfNext(int batches) {
    partialBatches.set(batches);
  }

  /** Processes none of the next {@code batches} batch requests: all comes back unprocessed. */
  void processNoneOfNext(int batches) {
    refusedBatches.set(batches);
  }

  int throttledRequests() {
    return throttled.get();
  }

  int shortenedBatches() {
    return shortened.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String operation = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      operation = operation.substring(operation.indexOf('.') + 1);
      if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throttled.incrementAndGet();
        reply(exchange, 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810"
            + "#ProvisionedThroughputExceededException\",\"message\":\"The level of configured"
            + " provisioned throughput for the table was exceeded.\"}");
        return;
      }
      boolean batch = operation.equals("BatchWriteItem") || operation.equals("BatchGetItem");
      if (batch && refusedBatches.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        shortened.incrementAndGet();
        JsonNode items = JSON.readTree(body).get("RequestItems");
        ObjectNode answer = JSON.createObjectNode();
        if (operation.equals("BatchGetItem")) {
          answer.set("Responses", JSON.createObjectNode());
          answer.set("UnprocessedKeys", items);
        } else {
          answer.set("UnprocessedItems", items);
        }
        reply(exchange, 200, JSON.writeValueAsString(answer));
        return;
      }
      if (batch && partialBatches.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        shortened.incrementAndGet();
        partial(exchange, operation, body);
        return;
      }
      HttpResponse<byte[]> response = forward(exchange, body);
      response.headers().map().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      exchange.sendResponseHeaders(response.statusCode(), response.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends the first half of the batch on, and answers with the other half as unprocessed. */
  private void partial(HttpExchange exchange, String operation, byte[] body)
      throws IOException, InterruptedException {
    ObjectNode request = (ObjectNode) JSON.readTree(body);
    ObjectNode items = (ObjectNode) request.get("RequestItems");
    ObjectNode sent = JSON.createObjectNode();
    ObjectNode left = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> tables = items.fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> table = tables.next();
      boolean get = operation.equals("BatchGetItem");
      ArrayNode all = (ArrayNode) (get ? table.getValue().get("Keys") : table.getValue());
      int half = Math.max(1, all.size() / 2);
      ArrayNode first = JSON.createArrayNode();
      ArrayNode rest = JSON.createArrayNode();
      for (int i = 0; i < all.size(); i++) {
        (i < half ? first : rest).add(all.get(i));
      }
      if (get) {
        sent.set(table.getKey(), ((ObjectNode) table.getValue().deepCopy()).set("Keys", first));
        if (!rest.isEmpty()) {
          left.set(table.getKey(), ((ObjectNode) table.getValue().deepCopy()).set("Keys", rest));
        }
      } else {
        sent.set(table.getKey(), first);
        if (!rest.isEmpty()) {
          left.set(table.getKey(), rest);
        }
      }
    }
    request.set("RequestItems", sent);
    HttpResponse<byte[]> response = forward(exchange, JSON.writeValueAsBytes(request));
    if (response.statusCode() != 200) {
      reply(exchange, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
      return;
    }
    ObjectNode answer = (ObjectNode) JSON.readTree(response.body());
    answer.set(operation.equals("BatchGetItem") ? "UnprocessedKeys" : "UnprocessedItems", left);
    reply(exchange, 200, JSON.writeValueAsString(answer));
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(
            exchange.getRequestURI().getRawPath()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        for (String value : values) {
          request.header(name, value);
        }
      }
    });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().put("Content-Type", List.of("application/x-amz-json-1.0"));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
