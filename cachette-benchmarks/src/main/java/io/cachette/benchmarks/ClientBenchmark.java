package io.cachette.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.cachette.Cache;
import io.cachette.client.ApiClient;
import io.cachette.client.GET;
import io.cachette.client.Memoize;
import io.cachette.client.Path;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A memoized GET hit through an {@link ApiClient} proxy ({@code @Memoize}, one {@code @Path} int,
 * the default {@code memory://} cache), next to what a user writes by hand: {@code Cache.get} of
 * the same key ({@code "GET:/items/{id}:id=" + id}, built per call) on a {@code memory://} cache
 * of the same size. Every key is warmed before measuring, so both sides only hit; the difference
 * is the client's per-call work (proxy dispatch and the key). Target: the client at least 0.8x the
 * hand-written hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ClientBenchmark {
  private static final int KEYS = 1024;

  /** The API: one memoized GET. */
  public interface Items {
    /** An item by id. */
    @Memoize
    @GET("/items/{id}")
    String item(@Path("id") int id);
  }

  private HttpServer origin;
  private ApiClient client;
  private Items items;
  private Cache<String> cache;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    origin = startOrigin();
    client = ApiClient.builder().baseUrl("http://127.0.0.1:" + origin.getAddress().getPort())
        .cacheBackend("memory://?max-size=" + (2 * KEYS)).build();
    items = client.create(Items.class);
    cache = Cache.builder(String.class).backend("memory://?max-size=" + (2 * KEYS))
        .serializer("noop://").build();
    for (int i = 0; i < KEYS; i++) {
      items.item(i);
      handWritten(i);
    }
  }

  /** A local origin that answers every path with its own path as a JSON string. */
  static HttpServer startOrigin() throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = ("\"" + exchange.getRequestURI().getPath() + "\"")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    cache.close();
    origin.stop(0);
  }

  private String handWritten(int id) {
    return cache.get("GET:/items/{id}:id=" + id, key -> "/items/" + id);
  }

  private int nextId() {
    int id = next;
    next = (id + 1) & (KEYS - 1);
    return id;
  }

  /** A memoized hit through the client. */
  @Benchmark
  public String clientHit() {
    return items.item(nextId());
  }

  /** The same hit written by hand: Cache.get with the same key. */
  @Benchmark
  public String handWrittenCacheGet() {
    return handWritten(nextId());
  }
}
