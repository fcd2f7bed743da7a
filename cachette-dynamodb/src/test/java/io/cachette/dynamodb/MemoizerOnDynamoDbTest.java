package io.cachette.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.memo.Cached;
import io.cachette.memo.Memoizer;
import io.cachette.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Memoization on {@code dynamodb://}, against dynalite: results stored once per argument, shared by
 * a second memoizer on the same table, expired after the method's TTL, and the same for methods
 * that return a {@code CompletableFuture}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemoizerOnDynamoDbTest {
  @RegisterExtension
  static final DynaliteServer DYNALITE = DynaliteServer.inMemory();

  private static final int THREADS = 8;

  /** A service whose calls are counted. */
  public interface Users {
    @Cached(namespace = "users", ttl = "5m")
    String find(int id);

    @Cached(namespace = "users-async", ttl = "5m")
    CompletableFuture<String> findAsync(int id);
  }

  /** Counts the calls of each kind; answers at once. */
  private static final class CountingUsers implements Users {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger asyncCalls = new AtomicInteger();

    @Override
    public String find(int id) {
      calls.incrementAndGet();
      return "user-" + id;
    }

    @Override
    public CompletableFuture<String> findAsync(int id) {
      asyncCalls.incrementAndGet();
      return CompletableFuture.completedFuture("async-user-" + id);
    }
  }

  private static String tableUrl() {
    return DYNALITE.url("memo-" + UUID.randomUUID().toString().substring(0, 8), "timeout=5s");
  }

  /** Runs {@code call} on {@link #THREADS} threads released together, giving argument 7 or 8. */
  private static void onThreadsAtOnce(IntCall call) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int id = 7 + t % 2;
        Callable<String> task = () -> {
          start.await();
          return call.apply(id);
        };
        results.add(pool.submit(task));
      }
      for (int t = 0; t < THREADS; t++) {
        assertThat(results.get(t).get(30, TimeUnit.SECONDS)).endsWith("user-" + (7 + t % 2));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A call of the memoized service with one argument. */
  private interface IntCall {
    String apply(int id) throws Exception;
  }

  @Test
  void aMemoizedMethodRunsOncePerArgumentAcrossThreadsAndMemoizers() throws Exception {
    String url = tableUrl();
    CountingUsers real = new CountingUsers();
    try (Memoizer memo = Memoizer.builder().backend(url).build()) {
      Users cached = memo.proxy(Users.class, real);

      onThreadsAtOnce(cached::find);

      assertThat(real.calls.get()).as("once for 7, once for 8").isEqualTo(2);
    }
    try (Memoizer again = Memoizer.builder().backend(url).build()) {
      Users cached = again.proxy(Users.class, real);
      assertThat(cached.find(7)).isEqualTo("user-7");
      assertThat(cached.find(8)).isEqualTo("user-8");
      assertThat(real.calls.get()).as("read from the table by a second memoizer").isEqualTo(2);
      again.clear("users");
    }
  }

  @Test
  void anAsyncMemoizedMethodRunsOncePerArgumentAcrossThreadsAndMemoizers() throws Exception {
    String url = tableUrl();
    CountingUsers real = new CountingUsers();
    try (Memoizer memo = Memoizer.builder().backend(url).build()) {
      Users cached = memo.proxy(Users.class, real);

      onThreadsAtOnce(id -> cached.findAsync(id).get(30, TimeUnit.SECONDS));

      assertThat(real.asyncCalls.get()).as("once for 7, once for 8").isEqualTo(2);
    }
    try (Memoizer again = Memoizer.builder().backend(url).build()) {
      Users cached = again.proxy(Users.class, real);
      assertThat(cached.findAsync(8).get(30, TimeUnit.SECONDS)).isEqualTo("async-user-8");
      assertThat(real.asyncCalls.get()).as("read from the table by a second memoizer").isEqualTo(2);
      again.clear("users-async");
    }
  }

  @Test
  void aResultExpiresAfterTheMethodsTtl() throws Exception {
    // The backend's clock drives read-time expiry; a URL-built backend follows real time.
    DynaliteServer.requireDynalite();
    MutableClock clock = new MutableClock(Instant.now());
    CountingUsers real = new CountingUsers();
    try (DynamoDbAsyncClient client = DynamoDbAsyncClient.builder().region(Region.US_EAST_1)
            .endpointOverride(URI.create(DYNALITE.endpoint())).build();
        DynamoDbBackend backend = DynamoDbBackend.builder(client,
            "memo-ttl-" + UUID.randomUUID().toString().substring(0, 8)).createTable(true)
            .clock(clock).timeout(Duration.ofSeconds(5)).build();
        Memoizer memo = Memoizer.builder().backend(backend).build()) {
      Users cached = memo.proxy(Users.class, real);

      cached.find(1);
      clock.advance(Duration.ofMinutes(4));
      assertThat(cached.find(1)).isEqualTo("user-1");
      assertThat(real.calls.get()).as("still within the 5m TTL").isEqualTo(1);

      clock.advance(Duration.ofMinutes(2));
      assertThat(cached.find(1)).isEqualTo("user-1");
      assertThat(real.calls.get()).as("expired after 6m, so run again").isEqualTo(2);
      assertThat(cached.find(1)).isEqualTo("user-1");
      assertThat(real.calls.get()).as("stored again").isEqualTo(2);
    }
  }
}
