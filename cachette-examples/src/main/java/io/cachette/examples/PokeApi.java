package io.cachette.examples;

import io.cachette.client.ApiClient;
import io.cachette.client.Body;
import io.cachette.client.GET;
import io.cachette.client.Memoize;
import io.cachette.client.POST;
import io.cachette.client.Path;
import io.cachette.client.Query;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An example API interface for {@link ApiClient}: PokeAPI's shape, with memoized GETs. Keys are
 * clientele's: {@code GET:/pokemon/{id}:id=25}, {@code GET:/search:limit=10:query=pika}.
 */
public interface PokeApi {
  /** A Pokémon as the API returns it (unknown JSON properties are ignored). */
  record Pokemon(int id, String name) {}

  /** A search hit. */
  record Hit(String name, String url) {}

  /** The body of a POST. */
  record NewPokemon(String name) {}

  @Memoize(ttl = "5m")
  @GET("/pokemon/{id}")
  Pokemon pokemon(@Path("id") int id);

  @Memoize(ttl = "5m")
  @GET("/pokemon/{id}")
  CompletableFuture<Pokemon> pokemonAsync(@Path("id") int id);

  /** A 404 is an empty Optional; empty results are never cached. */
  @Memoize
  @GET("/pokemon/{name}")
  Optional<Pokemon> find(@Path("name") String name);

  @Memoize(ttl = "1m", cache = "small")
  @GET("/search")
  List<Hit> search(@Query("query") String query, @Query("limit") int limit);

  /** A default for {@code limit}: it is applied before the key is made, as in clientele. */
  default List<Hit> search(String query) {
    return search(query, 10);
  }

  @POST("/pokemon")
  Pokemon create(@Body NewPokemon pokemon);
}
