package io.cachette.examples;

import com.sun.net.httpserver.HttpServer;
import io.cachette.client.ApiClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API client demo: {@link PokeApi} against a local origin this demo starts (127.0.0.1, an
 * ephemeral port), counting the requests it receives.
 */
public final class ClientDemo {
  private ClientDemo() {}

  /** Starts the origin, makes the client, and shows which calls reach the network. */
  public static void main(String[] args) throws IOException {
    System.out.println("== ApiClient: a declarative PokeAPI client with @Memoize GETs");
    AtomicInteger requests = new AtomicInteger();
    HttpServer origin = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.createContext("/", exchange -> {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      String body = path.equals("/pokemon/25") ? "{\"id\":25,\"name\":\"pikachu\",\"height\":4}"
          : path.equals("/search") ? "[{\"name\":\"pikachu\",\"url\":\"/pokemon/25\"}]" : null;
      byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    origin.start();
    String baseUrl = "http://127.0.0.1:" + origin.getAddress().getPort();
    try (ApiClient client = ApiClient.builder()
        .baseUrl(baseUrl)
        .cache("small", "memory://?max-size=50")       // @Memoize(cache = "small")
        .build()) {                                     // default cache: memory, LRU of 128
      PokeApi api = client.create(PokeApi.class);
      System.out.println("pokemon(25)       -> " + api.pokemon(25) + "  requests=" + requests);
      System.out.println("pokemon(25)       -> " + api.pokemon(25) + "  requests=" + requests
          + " (from the cache)");
      System.out.println("pokemonAsync(25)  -> " + api.pokemonAsync(25).join() + "  requests="
          + requests + " (same key: the value is cached, not the future)");
      System.out.println("stored under      -> " + client.namespace() + ":"
          + client.key(api, "pokemon", 25));
      System.out.println("search(\"pika\")    -> " + api.search("pika") + "  requests=" + requests);
      System.out.println("search(\"pika\",10) -> " + api.search("pika", 10) + "  requests="
          + requests + " (" + client.key(api, "search", "pika", 10) + ")");
      System.out.println("find(\"missingno\") -> " + api.find("missingno") + "  requests="
          + requests);
      System.out.println("find(\"missingno\") -> " + api.find("missingno") + "  requests="
          + requests + " (empty results are never cached)");
      System.out.println("purge pokemon(25) -> " + client.purge(api, "pokemon", 25));
      System.out.println("pokemon(25)       -> " + api.pokemon(25) + "  requests=" + requests);
      System.out.println("stats             -> " + client.stats());
    } finally {
      origin.stop(0);
    }
  }
}
