package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import io.cachette.jdbc.JdbcBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking {@link CachedHttpClient#send} reads the store on the caller's thread: a hit, plain
 * or a Vary variant, never hands a task to the store's executor and reaches the caller's body
 * handler on the caller's thread. {@code sendAsync} still reads through the executor.
 */
class BlockingHitTest extends HttpTestBase {
  private final AtomicInteger tasks = new AtomicInteger();
  private ExecutorService pool;
  private JdbcBackend backend;
  private Cache<byte[]> cache;
  private CachedHttpClient http;

  @BeforeEach
  void sqliteOnACountingExecutor() throws Exception {
    pool = Executors.newSingleThreadExecutor();
    backend = JdbcBackend.sqlite(Files.createTempDirectory("cachette-http-blocking")
            .resolve("http_cache.sqlite"))
        .executor(task -> {
          tasks.incrementAndGet();
          pool.execute(task);
        })
        .build();
    cache = Cache.builder(byte[].class).backend(backend).serializer("noop://")
        .namespace(Store.uniqueNamespace()).build();
    http = clientOver(new Setup(Store.SQLITE, false), cache, b -> { });
  }

  @AfterEach
  void closeBackend() {
    clients.remove(http);
    http.close();
    cache.clear();
    cache.close();
    backend.close();
    pool.shutdownNow();
  }

  @Test
  void aHitIsReadAndReplayedOnTheCallersThread() throws Exception {
    origin.text("/a");
    send(http, "/a");
    int before = tasks.get();

    AtomicReference<Thread> handledOn = new AtomicReference<>();
    HttpResponse<String> hit = http.send(get("/a"), recording(handledOn));

    assertThat(status(hit)).isEqualTo(CacheStatus.HIT);
    assertThat(hit.body()).isEqualTo("body /a #1");
    assertThat(tasks.get()).as("tasks handed to the store's executor").isEqualTo(before);
    assertThat(handledOn.get()).isSameAs(Thread.currentThread());
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  @Test
  void aVariantHitIsReadAndReplayedOnTheCallersThread() throws Exception {
    origin.text("/v", "Vary", "Accept-Language");
    HttpRequest french = request("/v").header("Accept-Language", "fr").build();
    http.send(french, BodyHandlers.ofString());
    int before = tasks.get();

    AtomicReference<Thread> handledOn = new AtomicReference<>();
    HttpResponse<String> hit = http.send(french, recording(handledOn));

    assertThat(status(hit)).isEqualTo(CacheStatus.HIT);
    assertThat(hit.body()).isEqualTo("body /v #1");
    assertThat(tasks.get()).as("tasks handed to the store's executor").isEqualTo(before);
    assertThat(handledOn.get()).isSameAs(Thread.currentThread());
    assertThat(origin.count("/v")).isEqualTo(1);
  }

  @Test
  void sendAsyncReadsThroughTheStoresExecutor() throws Exception {
    origin.text("/a");
    send(http, "/a");
    int before = tasks.get();

    HttpResponse<String> hit = http.sendAsync(get("/a"), BodyHandlers.ofString()).get();

    assertThat(status(hit)).isEqualTo(CacheStatus.HIT);
    assertThat(tasks.get()).as("one read handed to the store's executor").isEqualTo(before + 1);
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  private static BodyHandler<String> recording(AtomicReference<Thread> handledOn) {
    return info -> {
      handledOn.set(Thread.currentThread());
      return BodyHandlers.ofString().apply(info);
    };
  }
}
