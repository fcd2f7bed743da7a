package io.cachette.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.memo.Cached;
import io.cachette.memo.Memoizer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Memoization by URL on both schemes: results stored once, shared by a second memoizer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemoizerOnMongoTest {

  /** A service whose calls are counted. */
  public interface Users {
    @Cached(namespace = "users", ttl = "5m")
    String find(int id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mongodb", "gridfs"})
  void aMemoizedMethodRunsOncePerArgumentAcrossThreadsAndMemoizers(String scheme)
      throws Exception {
    String url = TestMongo.baseUrl().replaceFirst("^mongodb", scheme) + "/" + TestMongo.DATABASE
        + (scheme.equals("mongodb") ? "?collection=" : "?bucket=") + "memo_"
        + UUID.randomUUID().toString().substring(0, 8);
    AtomicInteger calls = new AtomicInteger();
    Users real = id -> {
      calls.incrementAndGet();
      return "user-" + id;
    };
    try (Memoizer memo = Memoizer.builder().backend(url).build()) {
      Users cached = memo.proxy(Users.class, real);
      int threads = 8;
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(pool.submit(() -> {
            start.await();
            return cached.find(7);
          }));
        }
        for (Future<String> result : results) {
          assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("user-7");
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(calls.get()).isEqualTo(1);
    }
    try (Memoizer again = Memoizer.builder().backend(url).build()) {
      assertThat(again.proxy(Users.class, real).find(7)).isEqualTo("user-7");
      assertThat(calls.get()).as("read from the store by a second memoizer").isEqualTo(1);
      again.clear("users");
    }
  }
}
