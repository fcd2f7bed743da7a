package io.cachette.benchmarks;

import io.cachette.http.CachedHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link HttpCacheBenchmark}'s disk comparison for busy machines, run with {@link Paired}: a fresh
 * hit of {@link CachedHttpClient} on {@code sqlite://} next to a hit of OkHttp's disk
 * {@code Cache}, the same local origin and payload (2 KB JSON, {@code max-age=3600}), each body
 * read whole as bytes. The benchmark's setup fills the caches and checks that both answer from
 * themselves, so only hits are timed.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.HttpPairedCheck [rounds] [calls per slice]}.
 */
public final class HttpPairedCheck {
  private HttpPairedCheck() {}

  /** Runs the comparison and prints its medians. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    HttpCacheBenchmark bench = new HttpCacheBenchmark();
    bench.setUp();
    try {
      long bodyLength = bench.okhttpDiskHit().length;
      if (bench.cachetteSqliteHit().length != bodyLength) {
        throw new IllegalStateException("the two clients returned bodies of different lengths");
      }
      long expected = bodyLength * calls;
      Paired.Slice cachette = n -> {
        long sum = 0;
        for (int i = 0; i < n; i++) {
          try {
            sum += bench.cachetteSqliteHit().length;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
        return sum;
      };
      Paired.Slice okhttp = n -> {
        long sum = 0;
        for (int i = 0; i < n; i++) {
          try {
            sum += bench.okhttpDiskHit().length;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return sum;
      };
      Paired.Result result = Paired.compare("HTTP fresh hit: sqlite:// vs OkHttp disk Cache",
          cachette, okhttp, rounds, calls, expected);
      System.out.println(Paired.Result.header());
      System.out.println(result);
    } finally {
      bench.tearDown();
    }
  }
}
