package io.cachette.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backend;
import io.cachette.client.Origin.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Memoize} promises, asserted by counting the requests a local origin receives, sync
 * and async; each store runs it.
 */
abstract class MemoizeContract {
  interface PokeApi {
    @Memoize(ttl = "5m") @GET("/pokemon/{id}") Pokemon pokemon(@Path("id") int id);
    @Memoize @GET("/pokemon/{id}") CompletableFuture<Pokemon> pokemonAsync(@Path("id") int id);
    @Memoize @GET("/pokemon/{name}") Optional<Pokemon> find(@Path("name") String name);
    @Memoize @GET("/pokemon/{name}") CompletableFuture<Optional<Pokemon>> findAsync(
        @Path("name") String name);
    @Memoize @GET("/search") String search(@Query("query") String query, @Query("limit") int limit);
    default String search(String query) {
      return search(query, 10);
    }
    @Memoize(varyOn = "Accept-Language")
    @GET("/greeting") String greeting(@Header("Accept-Language") String language);
    @Memoize(enabled = "false") @GET("/pokemon/{id}") Pokemon uncached(@Path("id") int id);
    @Memoize(cache = "second") @GET("/pokemon/{id}") Pokemon second(@Path("id") int id);
  }

  private static final Pokemon PIKACHU = new Pokemon(25, "pikachu");
  private static final int CALLERS = 6;

  /** A new, empty, open store for one test. */
  abstract Backend openBackend() throws IOException;

  protected Origin origin;
  private final List<Backend> backends = new ArrayList<>();
  private final List<ApiClient> clients = new ArrayList<>();
  private PokeApi api;

  @BeforeEach
  void start() throws IOException {
    origin = new Origin().route("/pokemon/25", Reply.json("{\"id\":25,\"name\":\"pikachu\"}"))
        .route("/pokemon/empty", new Reply(204, "application/json", new byte[0], java.util.Map.of()))
        .route("/search", Reply.json("hits"));
    api = client(origin).create(PokeApi.class);
  }

  private ApiClient client(Origin to) throws IOException {
    Backend first = openBackend();
    Backend second = openBackend();
    backends.add(first);
    backends.add(second);
    ApiClient client = ApiClient.builder().baseUrl(to.url()).cacheBackend(first)
        .cache("second", second).build();
    clients.add(client);
    return client;
  }

  @AfterEach
  void stop() {
    for (ApiClient client : clients) {
      try {
        client.clear();
      } finally {
        client.close();
      }
    }
    backends.forEach(Backend::close);
    origin.close();
  }

  @Test
  void aHitMakesNoRequest() {
    assertThat(api.pokemon(25)).isEqualTo(PIKACHU);
    assertThat(api.pokemon(25)).isEqualTo(PIKACHU);
    assertThat(api.pokemon(25)).isEqualTo(PIKACHU);
    assertThat(origin.requests).hasValue(1);
  }

  @Test
  void asyncCallsCacheTheValueNeverTheFuture() {
    assertThat(api.pokemonAsync(25).join()).isEqualTo(PIKACHU);
    assertThat(api.pokemonAsync(25).join()).isEqualTo(PIKACHU);
    // the same key and type: the sync method reads what the async one stored
    assertThat(api.pokemon(25)).isEqualTo(PIKACHU);
    assertThat(origin.requests).hasValue(1);
  }

  @Test
  void defaultsJoinTheKeySoEquivalentCallsShareIt() {
    assertThat(api.search("python")).isEqualTo("hits");
    assertThat(api.search("python", 10)).isEqualTo("hits");
    assertThat(api.search("python", 20)).isEqualTo("hits");
    assertThat(origin.requests).hasValue(2);
  }

  @Test
  void nullResultsAreNeverCached() {
    assertThat(api.find("nobody")).isEmpty();
    assertThat(api.find("nobody")).isEmpty();
    assertThat(api.find("empty")).isEmpty();
    assertThat(api.find("empty")).isEmpty();
    assertThat(api.findAsync("nobody").join()).isEmpty();
    assertThat(origin.requests).hasValue(5);
    assertThat(api.find("25")).contains(PIKACHU);
    assertThat(api.findAsync("25").join()).contains(PIKACHU);
    assertThat(origin.requests).hasValue(6);
  }

  @Test
  void anExceptionReachesTheCallerAndCachesNothing() {
    AtomicInteger calls = new AtomicInteger();
    origin.route("/pokemon/7", () -> calls.incrementAndGet() == 1 ? Reply.status(503, "busy")
        : Reply.json("{\"id\":7,\"name\":\"squirtle\"}"));
    assertThatThrownBy(() -> api.pokemon(7)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(503));
    assertThat(api.pokemon(7)).isEqualTo(new Pokemon(7, "squirtle"));
    assertThat(api.pokemon(7)).isEqualTo(new Pokemon(7, "squirtle"));
    assertThat(origin.requests).hasValue(2);
  }

  @Test
  void aFailedAsyncCallCachesNothing() {
    AtomicInteger calls = new AtomicInteger();
    origin.route("/pokemon/7", () -> calls.incrementAndGet() == 1 ? Reply.status(500, "boom")
        : Reply.json("{\"id\":7,\"name\":\"squirtle\"}"));
    assertThatThrownBy(() -> api.pokemonAsync(7).join()).isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(ApiException.class);
    assertThat(api.pokemonAsync(7).join()).isEqualTo(new Pokemon(7, "squirtle"));
    assertThat(api.pokemonAsync(7).join()).isEqualTo(new Pokemon(7, "squirtle"));
    assertThat(origin.requests).hasValue(2);
  }

  @Test
  void concurrentIdenticalCallsSendOneRequest() throws Exception {
    origin.hold();
    CountDownLatch arrived = origin.expect(1);
    List<Thread> callers = new ArrayList<>();
    List<Pokemon> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < CALLERS; i++) {
      Thread caller = new Thread(() -> results.add(api.pokemon(25)), "caller-" + i);
      callers.add(caller);
      caller.start();
    }
    assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
    awaitParked(callers);
    origin.open();
    for (Thread caller : callers) {
      caller.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(results).hasSize(CALLERS).containsOnly(PIKACHU);
    assertThat(origin.requests).hasValue(1);
  }

  @Test
  void concurrentIdenticalAsyncCallsSendOneRequest() {
    origin.hold();
    CountDownLatch arrived = origin.expect(1);
    List<CompletableFuture<Pokemon>> calls = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      calls.add(api.pokemonAsync(25));
    }
    try {
      assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(calls).noneMatch(CompletableFuture::isDone);
    origin.open();
    assertThat(calls).allSatisfy(call -> assertThat(call.join()).isEqualTo(PIKACHU));
    assertThat(origin.requests).hasValue(1);
  }

  @Test
  void aFailingStoreSendsTheRequest() throws IOException {
    Backend broken = openBackend();
    try (ApiClient client = ApiClient.builder().baseUrl(origin.url()).cacheBackend(broken)
        .cache("second", broken).build()) {
      PokeApi failing = client.create(PokeApi.class);
      broken.close();
      assertThat(failing.pokemon(25)).isEqualTo(PIKACHU);
      assertThat(failing.pokemon(25)).isEqualTo(PIKACHU);
      assertThat(failing.pokemonAsync(25).join()).isEqualTo(PIKACHU);
      assertThat(origin.requests).hasValue(3);
      assertThat(client.stats().errorCount()).isPositive();
    }
  }

  @Test
  void purgeDropsOneCallAndClearDropsTheClientsEntries() {
    ApiClient client = clients.get(0);
    api.pokemon(25);
    api.search("python");
    assertThat(client.purge(api, "pokemon", 25)).isTrue();
    assertThat(client.purge(api, "pokemon", 25)).isFalse();
    api.pokemon(25);
    api.search("python");
    assertThat(origin.requests).hasValue(3);
    client.clear();
    api.pokemon(25);
    api.search("python");
    assertThat(origin.requests).hasValue(5);
  }

  @Test
  void aDisabledMethodSendsEveryCall() {
    api.uncached(25);
    api.uncached(25);
    assertThat(origin.requests).hasValue(2);
  }

  @Test
  void namedCachesAreSeparateStores() {
    api.second(25);
    api.second(25);
    api.pokemon(25);
    assertThat(origin.requests).hasValue(2);
    assertThat(backends.get(1).describe()).isNotNull();
  }

  @Test
  void varyOnHeadersJoinTheKey() {
    origin.route("/greeting", Reply.json("hello"));
    api.greeting("fr");
    api.greeting("de");
    api.greeting("fr");
    assertThat(origin.requests).hasValue(2);
  }

  @Test
  void clientsOfDifferentHostsNeverShareEntries() throws IOException {
    try (Origin other = new Origin()
        .route("/pokemon/25", Reply.json("{\"id\":25,\"name\":\"raichu\"}"))) {
      Backend shared = openBackend();
      backends.add(shared);
      try (ApiClient one = ApiClient.builder().baseUrl(origin.url()).cacheBackend(shared)
              .cache("second", shared).build();
          ApiClient two = ApiClient.builder().baseUrl(other.url()).cacheBackend(shared)
              .cache("second", shared).build()) {
        PokeApi first = one.create(PokeApi.class);
        PokeApi second = two.create(PokeApi.class);
        assertThat(first.pokemon(25)).isEqualTo(PIKACHU);
        assertThat(second.pokemon(25)).isEqualTo(new Pokemon(25, "raichu"));
        assertThat(first.pokemon(25)).isEqualTo(PIKACHU);
        assertThat(second.pokemon(25)).isEqualTo(new Pokemon(25, "raichu"));
        assertThat(origin.requests).hasValue(1);
        assertThat(other.requests).hasValue(1);
        one.clear();
        two.clear();
      }
    }
  }

  /** Waits (without sleeping a fixed time) until every thread is parked: loading or waiting. */
  private static void awaitParked(List<Thread> threads) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Thread thread : threads) {
      while (thread.getState() != Thread.State.WAITING
          && thread.getState() != Thread.State.TIMED_WAITING) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(thread.getName() + " never parked: " + thread.getState());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
  }
}
