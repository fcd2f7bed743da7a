package io.cachette.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.client.Origin.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** {@link MemoizeContract} on SQLite files: results written as plain JSON. */
class SqliteMemoizeTest extends MemoizeContract {
  @TempDir
  Path folder;
  private final AtomicInteger files = new AtomicInteger();

  interface Pokedex {
    @Memoize @GET("/pokemon/{id}") java.util.List<Pokemon> evolutions(@io.cachette.client.Path("id") int id);
  }

  @Test
  void storedJsonHoldsNoTypeTags() {
    origin.route("/pokemon/1", Reply.json("[{\"id\":1,\"name\":\"bulbasaur\",\"x\":0},"
        + "{\"id\":2,\"name\":\"ivysaur\"}]"));
    Backend backend = openBackend();
    try (ApiClient client = ApiClient.builder().baseUrl(origin.url()).cacheBackend(backend)
        .build()) {
      Pokedex pokedex = client.create(Pokedex.class);
      assertThat(pokedex.evolutions(1)).containsExactly(new Pokemon(1, "bulbasaur"),
          new Pokemon(2, "ivysaur"));
      byte[] stored = (byte[]) backend.get(client.namespace() + ":GET:/pokemon/{id}:id=1");
      assertThat(new String(stored, StandardCharsets.UTF_8))
          .endsWith("[{\"id\":1,\"name\":\"bulbasaur\"},{\"id\":2,\"name\":\"ivysaur\"}]");
      assertThat(pokedex.evolutions(1)).hasSize(2);
      assertThat(origin.requests).hasValue(1);
      client.clear();
    } finally {
      backend.close();
    }
  }

  @Override
  Backend openBackend() {
    return Backends.fromUrl("sqlite://" + folder.resolve("cache-" + files.incrementAndGet()
        + ".sqlite").toAbsolutePath());
  }
}
