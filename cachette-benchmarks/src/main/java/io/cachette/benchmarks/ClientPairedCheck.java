package io.cachette.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.cachette.Cache;
import io.cachette.client.ApiClient;
import java.io.IOException;

/**
 * {@link ClientBenchmark}'s comparison for busy machines, run with {@link Paired}: a memoized GET
 * hit through an {@link ApiClient} proxy next to the same hit written by hand ({@code Cache.get}
 * of the same key, built per call, on a {@code memory://} cache of the same size). Both sides warm
 * all keys against a local origin first, so only hits are timed.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.ClientPairedCheck [rounds] [calls per slice]}.
 */
public final class ClientPairedCheck {
  private static final int KEYS = 1024;

  private ClientPairedCheck() {}

  /** Runs the comparison and prints its medians. */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20 * KEYS;
    HttpServer origin = ClientBenchmark.startOrigin();
    try (ApiClient client = ApiClient.builder()
            .baseUrl("http://127.0.0.1:" + origin.getAddress().getPort())
            .cacheBackend("memory://?max-size=" + (2 * KEYS)).build();
        Cache<String> cache = Cache.builder(String.class)
            .backend("memory://?max-size=" + (2 * KEYS)).serializer("noop://").build()) {
      ClientBenchmark.Items items = client.create(ClientBenchmark.Items.class);
      long expected = 0;
      for (int i = 0; i < calls; i++) {
        expected += ("\"/items/" + (i & (KEYS - 1)) + "\"").length(); // a String is the body
      }
      for (int i = 0; i < KEYS; i++) {
        items.item(i);
        int id = i;
        cache.get("GET:/items/{id}:id=" + id, key -> "\"/items/" + id + "\"");
      }
      Paired.Slice clientSide = n -> {
        long sum = 0;
        for (int i = 0; i < n; i++) {
          sum += items.item(i & (KEYS - 1)).length();
        }
        return sum;
      };
      Paired.Slice handWritten = n -> {
        long sum = 0;
        for (int i = 0; i < n; i++) {
          int id = i & (KEYS - 1);
          sum += cache.get("GET:/items/{id}:id=" + id, key -> "\"/items/" + id + "\"").length();
        }
        return sum;
      };
      Paired.Result result = Paired.compare("@Memoize GET hit vs hand-written Cache.get",
          clientSide, handWritten, rounds, calls, expected);
      System.out.println(Paired.Result.header());
      System.out.println(result);
    } finally {
      origin.stop(0);
    }
  }
}
