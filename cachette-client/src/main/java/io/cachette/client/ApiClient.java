package io.cachette.client;

import io.cachette.CacheStats;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Makes HTTP API clients from annotated interfaces, as Retrofit does, on
 * {@code java.net.http.HttpClient} and Jackson, with {@link Memoize @Memoize} GETs stored
 * through Cachette caches.
 *
 * <pre>{@code
 * interface PokeApi {
 *   @Memoize(ttl = "5m") @GET("/pokemon/{id}") Pokemon pokemon(@Path("id") int id);
 *   @GET("/pokemon/{id}") CompletableFuture<Pokemon> pokemonAsync(@Path("id") int id);
 *   @GET("/pokemon/{name}") Optional<Pokemon> find(@Path("name") String name);   // 404: empty
 *   @GET("/search") List<Hit> search(@Query("query") String q, @Query("limit") int limit);
 *   @POST("/pokemon") Pokemon create(@Body NewPokemon p);
 * }
 * try (ApiClient client = ApiClient.builder().baseUrl("https://pokeapi.co/api/v2").build()) {
 *   PokeApi api = client.create(PokeApi.class);
 *   api.pokemon(25);   // GET /pokemon/25, stored under GET:/pokemon/{id}:id=25
 *   api.pokemon(25);   // from the cache: no request
 * }
 * }</pre>
 *
 * <p>Results: any type Jackson reads (records, generics such as {@code List<Pokemon>}),
 * {@code String}, {@code byte[]}, {@code void}, {@code HttpResponse<T>} for status and headers,
 * {@code Optional<T>} (a 404 is empty), and {@code CompletableFuture} (or {@code CompletionStage})
 * of each, which sends with {@code HttpClient.sendAsync} and never blocks a thread. A status
 * outside 2xx throws {@link ApiException} (in a future: completes with it); a transport failure
 * throws the {@code IOException} when the method declares it, an {@code UncheckedIOException}
 * otherwise.
 *
 * <p>Thread-safe, as are the clients it makes.
 */
public interface ApiClient extends AutoCloseable {

  /** Starts configuring a client. */
  static ApiClientBuilder builder() {
    return new ApiClientBuilder();
  }

  /**
   * A client of the API an interface describes. Every method is checked here, so a mistake fails
   * now, not on the first call. Default methods run as written (they may call the others); methods
   * of {@code Object} are the proxy's own ({@code equals} is identity).
   *
   * @throws IllegalArgumentException when {@code api} is not an interface, is generic, or one of
   *     its methods is invalid (the message names the method and says what to change)
   */
  <T> T create(Class<T> api);

  /**
   * Removes the stored result of one call of a {@link Memoize} method, given the same arguments as
   * the call (as {@code Memoizer.purge}).
   *
   * @param api a client made by {@link #create}
   * @param method the method's name; among overloads, the one taking these arguments
   * @return true if an entry was removed
   * @throws IllegalArgumentException when {@code api} was not made by this client, or no single
   *     {@code @Memoize} method of that name takes these arguments
   */
  boolean purge(Object api, String method, @Nullable Object... args);

  /**
   * The key a call of a {@link Memoize} method is stored under, without the namespace, such as
   * {@code GET:/pokemon/{id}:id=25}.
   *
   * @throws IllegalArgumentException as {@link #purge} does
   */
  String key(Object api, String method, @Nullable Object... args);

  /**
   * Removes every memoized result of this client (its namespace) from every registered cache, and
   * nothing else.
   *
   * @throws io.cachette.CacheException only when a store fails and its cache is strict
   */
  void clear();

  /**
   * The namespace of this client's entries in its caches: the base URL, with {@code :} and
   * {@code %} percent-encoded and any user info replaced by a digest, such as
   * {@code https%3A//pokeapi.co/api/v2}.
   */
  String namespace();

  /** The base URL requests are made against. */
  URI baseUrl();

  /** Counters summed over the caches of memoized methods: hits, misses, requests (loads), errors. */
  CacheStats stats();

  /** Closes the cache backends this client opened from URLs; instances passed in stay open. */
  @Override
  void close();
}
