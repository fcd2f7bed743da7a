package io.cachette.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.Cache;
import io.cachette.KeyInfo;
import io.cachette.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.provider.Arguments;

/** An origin, a clock and clients for tests; {@link #setups()} gives every store, sync and async. */
abstract class HttpTestBase {
  /** A store and a way of sending (blocking send or sendAsync). */
  record Setup(Store store, boolean async) {
    @Override
    public String toString() {
      return store + (async ? " async" : " sync");
    }
  }

  static Stream<Arguments> setups() {
    List<Arguments> all = new ArrayList<>();
    for (Store store : Store.values()) {
      all.add(Arguments.of(new Setup(store, false)));
      all.add(Arguments.of(new Setup(store, true)));
    }
    return all.stream();
  }

  /** The stores two clients can share (memory:// lives and dies with its client). */
  static Stream<Arguments> persistentSetups() {
    return setups().filter(a -> ((Setup) a.get()[0]).store() != Store.MEMORY);
  }

  Origin origin;
  MutableClock clock;
  Setup setup = new Setup(Store.MEMORY, false);
  final List<CachedHttpClient> clients = new ArrayList<>();
  /** Caches a test reads the stored entries through; cleared and closed after it. */
  final List<Cache<byte[]>> rawCaches = new ArrayList<>();

  @BeforeEach
  void startOrigin() throws IOException {
    origin = new Origin();
    // A day behind the origin's Date header (which the JDK server always sets to the real time),
    // so that moving the clock forward in a test never makes a new response look old.
    clock = new MutableClock(Instant.ofEpochMilli(System.currentTimeMillis()).minus(Duration.ofDays(1)));
  }

  @AfterEach
  void stopOrigin() {
    for (CachedHttpClient client : clients) {
      try {
        client.cache().clear();
      } catch (RuntimeException e) {
        // a test that broke its store
      }
      client.close();
    }
    for (Cache<byte[]> raw : rawCaches) {
      try {
        raw.clear();
      } finally {
        raw.close();
      }
    }
    origin.close();
  }

  CachedHttpClient client(Setup setup, Consumer<CachedHttpClientBuilder> configure) {
    this.setup = setup;
    try {
      CachedHttpClientBuilder builder = CachedHttpClient.builder().backend(setup.store().url())
          .namespace(Store.uniqueNamespace()).clock(clock);
      configure.accept(builder);
      CachedHttpClient client = builder.build();
      clients.add(client);
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client over a cache the test keeps (to read or damage the stored bytes). */
  CachedHttpClient clientOver(Setup setup, io.cachette.Cache<byte[]> cache,
      Consumer<CachedHttpClientBuilder> configure) {
    this.setup = setup;
    CachedHttpClientBuilder builder = CachedHttpClient.builder().cache(cache).clock(clock);
    configure.accept(builder);
    CachedHttpClient client = builder.build();
    clients.add(client);
    return client;
  }

  /**
   * A client over a cache of its own on the setup's store, which {@link #storedKeys} lists: to
   * check what is stored besides what the client answers.
   */
  CachedHttpClient rawClient(Setup setup, Consumer<CachedHttpClientBuilder> configure) {
    try {
      Cache<byte[]> raw = Cache.builder(byte[].class).backend(setup.store().url())
          .serializer("noop://").namespace(Store.uniqueNamespace()).build();
      rawCaches.add(raw);
      return clientOver(setup, raw, configure);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every key stored for the last {@link #rawClient}, sorted: responses and indexes alike. */
  List<String> storedKeys() {
    try (Stream<KeyInfo> keys = rawCaches.get(rawCaches.size() - 1).keys()) {
      return keys.map(KeyInfo::key).sorted().collect(Collectors.toList());
    }
  }

  CachedHttpClient client(Setup setup) {
    return client(setup, b -> { });
  }

  HttpRequest get(String path) {
    return HttpRequest.newBuilder(origin.uri(path)).build();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(origin.uri(path));
  }

  URI uri(String path) {
    return origin.uri(path);
  }

  <T> HttpResponse<T> send(CachedHttpClient client, HttpRequest request, BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return send(client, request, handler, CacheOptions.NONE);
  }

  <T> HttpResponse<T> send(CachedHttpClient client, HttpRequest request, BodyHandler<T> handler,
      CacheOptions options) throws IOException, InterruptedException {
    if (!setup.async()) {
      return client.send(request, handler, options);
    }
    try {
      return client.sendAsync(request, handler, options).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no response within 30 s", e);
    }
  }

  HttpResponse<String> send(CachedHttpClient client, String path)
      throws IOException, InterruptedException {
    return send(client, get(path), BodyHandlers.ofString());
  }

  HttpResponse<String> send(CachedHttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    return send(client, request, BodyHandlers.ofString());
  }

  static CacheStatus status(HttpResponse<?> response) {
    return CachedResponses.of(response).status();
  }

  void advance(Duration duration) {
    clock.advance(duration);
  }

  /**
   * A route that answers {@code swr #<count>} with these headers, holding every request after the
   * first at the origin until {@code release} opens (at most 20 s).
   */
  void heldAfterFirst(String path, CountDownLatch release, String... headers) {
    origin.route(path, (exchange, count) -> {
      if (count > 1) {
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (int i = 0; i + 1 < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      Origin.text(exchange, 200, "swr #" + count);
    });
  }

  /**
   * With the response of a {@link #heldAfterFirst} route stale: while the refresh is held at the
   * origin, every one of {@code callers} is answered at once with the stale response; once it is
   * released, one origin request in all has refreshed the stored response.
   */
  void assertServedStaleWhileOneRequestRefreshes(CachedHttpClient http, String path,
      CountDownLatch release, int callers) throws Exception {
    for (int i = 0; i < callers; i++) {
      HttpResponse<String> stale = send(http, path);
      assertThat(stale.body()).isEqualTo("swr #1");
      assertThat(status(stale)).isEqualTo(CacheStatus.STALE);
    }
    release.countDown();
    HttpResponse<String> refreshed = awaitFresh(http, path);

    assertThat(refreshed.body()).isEqualTo("swr #2");
    assertThat(origin.count(path)).isEqualTo(2);
  }

  /**
   * Polls the store (never the origin) until the response is fresh again, for at most 20 s: how a
   * test waits for a background refresh it cannot observe otherwise.
   */
  HttpResponse<String> awaitFresh(CachedHttpClient http, String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      HttpResponse<String> cached = send(http, get(path), BodyHandlers.ofString(),
          CacheOptions.onlyIfCached());
      if (status(cached) == CacheStatus.HIT || System.nanoTime() > deadline) {
        return cached;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
