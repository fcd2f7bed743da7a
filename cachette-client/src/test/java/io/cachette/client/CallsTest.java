package io.cachette.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.client.Origin.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests and results of unmemoized methods, against a local origin. */
class CallsTest {
  record NewPokemon(String name) {}

  enum Sort { NAME, ID }

  @Headers("X-Api: pokedex")
  @BasePath("/v2")
  interface PokeApi {
    @GET("/pokemon/{id}") Pokemon pokemon(@Path("id") int id);
    @GET("/pokemon") List<Pokemon> all(@Query("sort") Sort sort, @Query("ids") List<Integer> ids,
        @Query("name") String name);
    @GET("/pokemon/{id}") String raw(@Path("id") int id);
    @GET("/pokemon/{id}") byte[] bytes(@Path("id") int id);
    @GET("/pokemon/{id}") HttpResponse<Pokemon> response(@Path("id") int id);
    @GET("/pokemon/{name}") Optional<Pokemon> find(@Path("name") String name);
    @GET("/files/{name}") String file(@Path("name") String name);
    @GET("/files/{name}") String encoded(@Path(value = "name", encoded = true) String name,
        @Query(value = "q", encoded = true) String q);
    @Headers("Accept: text/plain")
    @GET("/headers") String headers(@Header("X-Trace") String trace,
        @HeaderMap Map<String, String> more);
    @GET("/search") String search(@QueryMap Map<String, Object> filters);
    @POST("/pokemon") Pokemon create(@Body NewPokemon pokemon);
    @PUT("/pokemon/{id}") void rename(@Path("id") int id, @Body String name);
    @DELETE("/pokemon/{id}") Void delete(@Path("id") int id);
    @HEAD("/pokemon/{id}") HttpResponse<Void> head(@Path("id") int id);
    @GET String at(@Url String url);
    @GET("/pokemon/{id}") Pokemon declared(@Path("id") int id) throws IOException;

    @GET("/pokemon/{id}") CompletableFuture<Pokemon> pokemonAsync(@Path("id") int id);
    @GET("/pokemon/{name}") CompletableFuture<Optional<Pokemon>> findAsync(@Path("name") String n);
    @GET("/pokemon/{id}") CompletionStage<HttpResponse<String>> responseAsync(@Path("id") int id);

    default Pokemon pikachu() {
      return pokemon(25);
    }
  }

  private Origin origin;
  private ApiClient client;
  private PokeApi api;

  @BeforeEach
  void start() throws IOException {
    origin = new Origin()
        .route("/v2/pokemon/25", Reply.json("{\"id\":25,\"name\":\"pikachu\",\"extra\":true}"))
        .route("/v2/pokemon", Reply.json("[{\"id\":1,\"name\":\"bulbasaur\"}]"))
        .route("/v2/headers", Reply.json("ok"))
        .route("/v2/search", Reply.json("found"))
        .route("/v2/pokemon/missingno", Reply.status(500, "boom"));
    client = ApiClient.builder().baseUrl(origin.url() + "/").header("User-Agent", "tests").build();
    api = client.create(PokeApi.class);
  }

  @AfterEach
  void stop() {
    client.close();
    origin.close();
  }

  @Test
  void readsRecordsAndGenericLists() {
    assertThat(api.pokemon(25)).isEqualTo(new Pokemon(25, "pikachu"));
    assertThat(origin.last().method()).isEqualTo("GET");
    assertThat(origin.last().header("Accept")).isEqualTo("application/json");
    assertThat(origin.last().header("X-Api")).isEqualTo("pokedex");
    assertThat(origin.last().header("User-Agent")).isEqualTo("tests");

    assertThat(api.all(Sort.NAME, List.of(1, 2), null)).containsExactly(new Pokemon(1, "bulbasaur"));
    assertThat(origin.last().uri()).isEqualTo("/v2/pokemon?sort=NAME&ids=1&ids=2");
    assertThat(origin.requests).hasValue(2);
  }

  @Test
  void readsStringsBytesAndResponses() {
    assertThat(api.raw(25)).isEqualTo("{\"id\":25,\"name\":\"pikachu\",\"extra\":true}");
    assertThat(new String(api.bytes(25), StandardCharsets.UTF_8)).startsWith("{\"id\":25");
    HttpResponse<Pokemon> response = api.response(25);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo(new Pokemon(25, "pikachu"));
    assertThat(origin.requests).hasValue(3);
  }

  @Test
  void optionalIsEmptyOn404AndOtherErrorsThrow() {
    assertThat(api.find("25")).contains(new Pokemon(25, "pikachu"));
    assertThat(api.find("nobody")).isEmpty();
    assertThatThrownBy(() -> api.find("missingno"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(500);
          assertThat(e.bodyText()).isEqualTo("boom");
          assertThat(e.headers().firstValue("X-Reason")).hasValue("test");
          assertThat(e.method()).isEqualTo("GET");
          assertThat(e.uri().getPath()).isEqualTo("/v2/pokemon/missingno");
          assertThat(e.getMessage()).isEqualTo("GET " + origin.url()
              + "/v2/pokemon/missingno returned 500: boom");
        });
    assertThatThrownBy(() -> api.pokemon(404)).isInstanceOf(ApiException.class)
        .hasMessageEndingWith("returned 404: no route");
  }

  @Test
  void aBodyThatDoesNotFitTheTypeIsAnApiExceptionWithTheCause() {
    origin.route("/v2/pokemon/7", Reply.json("[1,2]"));
    assertThatThrownBy(() -> api.pokemon(7)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.getMessage()).contains("returned 200 but its body could not be read as "
          + Pokemon.class.getName());
      assertThat(e.getCause()).isNotNull();
    });
  }

  @Test
  void pathValuesAreEncodedAndCannotClimb() {
    assertThatThrownBy(() -> api.file("a b/c?d")).isInstanceOf(ApiException.class);
    assertThat(origin.last().uri()).isEqualTo("/v2/files/a%20b%2Fc%3Fd");
    assertThatThrownBy(() -> api.file("..")).isInstanceOf(ApiException.class);
    assertThat(origin.last().uri()).isEqualTo("/v2/files/%2E%2E");
    assertThatThrownBy(() -> api.file("é")).isInstanceOf(ApiException.class);
    assertThat(origin.last().uri()).isEqualTo("/v2/files/%C3%A9");
    assertThatThrownBy(() -> api.file(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PokeApi.file: @Path(\"name\") is null; pass a value");
  }

  @Test
  void encodedValuesAreSentAsTheyAreButCannotClimb() {
    assertThatThrownBy(() -> api.encoded("a%2Fb/c", "x%20y+z")).isInstanceOf(ApiException.class);
    assertThat(origin.last().uri()).isEqualTo("/v2/files/a%2Fb/c?q=x%20y+z");
    int before = origin.requests.get();
    assertThatThrownBy(() -> api.encoded("a/%2E%2E/b", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PokeApi.encoded: @Path(\"name\", encoded = true) has a '.' or "
            + "'..' segment");
    assertThat(origin.requests).hasValue(before);
  }

  @Test
  void nullQueryValuesAreDroppedAndMapsAreSentAsParameters() {
    api.all(null, null, null);
    assertThat(origin.last().uri()).isEqualTo("/v2/pokemon");
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("q", "a&b=c");
    filters.put("none", null);
    filters.put("tags", List.of("x", "y"));
    filters.put("range", Map.of("to", 9, "from", 1));
    assertThat(api.search(filters)).isEqualTo("found");
    assertThat(origin.last().uri()).isEqualTo(
        "/v2/search?q=a%26b%3Dc&tags=x&tags=y&range=%7B%22from%22%3A1%2C%22to%22%3A9%7D");
  }

  @Test
  void headersComeFromTheBuilderTheInterfaceTheMethodAndParameters() {
    Map<String, String> more = new LinkedHashMap<>();
    more.put("X-One", "1");
    more.put("X-None", null);
    api.headers("abc", more);
    Origin.Seen seen = origin.last();
    assertThat(seen.header("X-Trace")).isEqualTo("abc");
    assertThat(seen.header("X-One")).isEqualTo("1");
    assertThat(seen.header("X-None")).isNull();
    assertThat(seen.header("Accept")).isEqualTo("text/plain");
    assertThat(seen.header("X-Api")).isEqualTo("pokedex");
  }

  @Test
  void bodiesAreSentAsJsonTextOrBytes() {
    origin.route("/v2/pokemon", Reply.json("{\"id\":900,\"name\":\"newmon\"}"));
    assertThat(api.create(new NewPokemon("newmon"))).isEqualTo(new Pokemon(900, "newmon"));
    assertThat(origin.last().method()).isEqualTo("POST");
    assertThat(origin.last().body()).isEqualTo("{\"name\":\"newmon\"}");
    assertThat(origin.last().header("Content-Type")).isEqualTo("application/json");

    api.rename(25, "pika");
    assertThat(origin.last().method()).isEqualTo("PUT");
    assertThat(origin.last().body()).isEqualTo("pika");
    assertThat(origin.last().header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");

    assertThat(api.delete(25)).isNull();
    assertThat(origin.last().method()).isEqualTo("DELETE");
    assertThat(api.head(25).statusCode()).isEqualTo(200);
    assertThat(origin.last().method()).isEqualTo("HEAD");
  }

  @Test
  void urlParametersAreAbsoluteOrRelativeToTheBaseUrl() {
    assertThat(api.at(origin.url() + "/v2/headers")).isEqualTo("ok");
    assertThat(api.at("v2/search?x=1")).isEqualTo("found");
    assertThat(origin.last().uri()).isEqualTo("/v2/search?x=1");
  }

  @Test
  void defaultMethodsRunAsWritten() {
    assertThat(api.pikachu()).isEqualTo(new Pokemon(25, "pikachu"));
    assertThat(api.toString()).isEqualTo("PokeApi client of " + origin.url() + "/");
    assertThat(api).isEqualTo(api).isNotEqualTo(client.create(PokeApi.class));
  }

  @Test
  void asyncMethodsCompleteWithTheResultOrTheApiException() {
    assertThat(api.pokemonAsync(25).join()).isEqualTo(new Pokemon(25, "pikachu"));
    assertThat(api.findAsync("nobody").join()).isEmpty();
    assertThat(api.responseAsync(25).toCompletableFuture().join().body()).contains("pikachu");
    assertThatThrownBy(() -> api.pokemonAsync(404).join())
        .isInstanceOf(CompletionException.class).cause().isInstanceOf(ApiException.class);
    assertThat(origin.requests).hasValue(4);
  }

  @Test
  void transportFailuresAreTheDeclaredIoExceptionOrUnchecked() throws IOException {
    int port = origin.port();
    origin.close();
    try (ApiClient dead = ApiClient.builder().baseUrl("http://127.0.0.1:" + port).build()) {
      PokeApi down = dead.create(PokeApi.class);
      assertThatThrownBy(() -> down.declared(25)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> down.pokemon(25)).isInstanceOf(UncheckedIOException.class)
          .cause().isInstanceOf(IOException.class);
      assertThatThrownBy(() -> down.pokemonAsync(25).join())
          .cause().isInstanceOf(IOException.class);
    }
  }

  @Test
  void exceptionsKeepABoundedBodyAndHideSecretsInTheirMessage() {
    byte[] big = new byte[ApiException.MAX_BODY_BYTES + 10];
    Arrays.fill(big, (byte) 'x');
    ApiException e = new ApiException("GET",
        URI.create("https://user:pw@api.example/x?api_key=s3cret&page=2"), 500,
        java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true), big, null, null);
    assertThat(e.body()).hasSize(ApiException.MAX_BODY_BYTES);
    assertThat(e.bodyTruncated()).isTrue();
    assertThat(e.getMessage()).startsWith("GET https://***@api.example/x?api_key=***&page=2 "
        + "returned 500: xxx").doesNotContain("s3cret").doesNotContain("pw");
  }
}
