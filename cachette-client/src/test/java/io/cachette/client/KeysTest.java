package io.cachette.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.KeyInfo;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.client.Origin.Reply;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key format's published vectors, clientele's examples first, and its collision rules. */
class KeysTest {
  record Filter(String name, int level) {}

  /** A bean: keys render it by its properties. */
  public static final class Page {
    public int getSize() {
      return 20;
    }

    public String getCursor() {
      return "c1";
    }
  }

  /** clientele's own example of a key function: {@code key=lambda id: f"pokemon:{id}"}. */
  public static final class ById implements MemoKey {
    @Override
    public String key(Map<String, @Nullable Object> parameters) {
      return "pokemon:" + parameters.get("id");
    }
  }

  interface PokeApi {
    @Memoize @GET("/pokemon/{id}") Pokemon pokemon(@Path("id") int id);
    @Memoize @GET("/search") String search(@Query("query") String query, @Query("limit") int limit);
    default String search(String query) {
      return search(query, 10);   // the default, applied: it joins the key
    }
    @Memoize @GET("/items") String items(@Query("z") Integer z, @Query("a") Integer a);
    @Memoize @GET("/items") String all();
    @Memoize @GET("/find") String find(@Query("q") @Nullable Object q);
    @Memoize @GET("/pair") String pair(@Query("a") String a, @Query("b") String b);
    @Memoize @GET("/filtered") String filtered(@QueryMap Map<String, Object> filters,
        @Query("page") int page);
    @Memoize @GET("/me") String me(@Query("api_key") String apiKey, @Query("page") int page);
    @Memoize(varyOn = {"Accept-Language", "Authorization"})
    @GET("/greeting") String greeting(@Header("Accept-Language") String language,
        @Header("Authorization") String authorization);
    @Memoize(key = ById.class) @GET("/pokemon/{id}") Pokemon custom(@Path("id") int id);
    @Memoize @GET String at(@Url String url);
    @Memoize @GET("/pokemon/{name}") Optional<Pokemon> named(@Path("name") String name);
  }

  interface Timed {
    @Memoize(ttl = "5m") @GET("/pokemon/{id}") Pokemon pokemon(@Path("id") int id);
    @Memoize(ttl = "never") @GET("/search") String search(@Query("query") String query);
  }

  interface Switched {
    @Memoize(enabled = "cachette.client.test.memoize:true")
    @GET("/pokemon/{id}") Pokemon pokemon(@Path("id") int id);
  }

  private Origin origin;
  private MemoryBackend backend;
  private ApiClient client;
  private PokeApi api;

  @BeforeEach
  void start() throws IOException {
    origin = new Origin().route("/pokemon/25", Reply.json("{\"id\":25,\"name\":\"pikachu\"}"))
        .route("/search", Reply.json("hits"));
    backend = MemoryBackend.builder().build();
    client = ApiClient.builder().baseUrl(origin.url()).cacheBackend(backend).build();
    api = client.create(PokeApi.class);
  }

  @AfterEach
  void stop() {
    client.close();
    backend.close();
    origin.close();
  }

  private String key(String method, @Nullable Object... args) {
    return client.key(api, method, args);
  }

  @Test
  void clienteleDocumentationExamples() {
    assertThat(key("pokemon", 25)).isEqualTo("GET:/pokemon/{id}:id=25");
    assertThat(key("search", "python", 10)).isEqualTo("GET:/search:limit=10:query=python");
    assertThat(key("items", 1, 2)).isEqualTo("GET:/items:a=2:z=1");
    assertThat(key("all")).isEqualTo("GET:/items");
    assertThat(key("custom", 25)).isEqualTo("pokemon:25");
  }

  @Test
  void storedKeysAreTheBaseUrlNamespaceThenTheKey() {
    api.pokemon(25);
    api.search("python");
    assertThat(client.namespace()).isEqualTo("http%3A//127.0.0.1%3A" + origin.port());
    try (Cache<Object> view = Cache.builder(Object.class).backend(backend)
        .namespace(client.namespace()).build()) {
      assertThat(view.keys().map(KeyInfo::key)).containsExactlyInAnyOrder(
          "GET:/pokemon/{id}:id=25", "GET:/search:limit=10:query=python");
    }
  }

  @Test
  void valuesRenderAsClienteleRendersThem() {
    assertThat(key("find", (Object) null)).isEqualTo("GET:/find:q=null");
    assertThat(key("find", true)).isEqualTo("GET:/find:q=true");
    assertThat(key("find", 2.5)).isEqualTo("GET:/find:q=2.5");
    assertThat(key("find", List.of(1, 2))).isEqualTo("GET:/find:q=[1,2]");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("b", Map.of("d", 4, "c", 3));
    nested.put("a", List.of(Map.of("z", 1, "y", 2)));
    assertThat(key("find", nested))
        .isEqualTo("GET:/find:q={\"a\":[{\"y\":2,\"z\":1}],\"b\":{\"c\":3,\"d\":4}}");
    assertThat(key("find", new Filter("x", 3))).isEqualTo("GET:/find:q={\"level\":3,\"name\":\"x\"}");
    assertThat(key("find", new Page())).isEqualTo("GET:/find:q={\"cursor\":\"c1\",\"size\":20}");
    assertThat(key("find", java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
        .isEqualTo("GET:/find:q=123e4567-e89b-12d3-a456-426614174000");
    assertThat(key("find", java.time.LocalDate.of(2026, 12, 4)))
        .isEqualTo("GET:/find:q=2026-12-04");
    assertThat(key("find", Optional.of("x"))).isEqualTo("GET:/find:q=x");
  }

  @Test
  void separatorsInsideValuesNeverMakeTwoCallsShareAKey() {
    Set<String> keys = new HashSet<>();
    keys.add(key("pair", "1:b=2", "3"));
    keys.add(key("pair", "1", "2:b=3"));
    keys.add(key("pair", "1:b", "2:b=3"));
    keys.add(key("pair", "1%3Ab%3D2", "3"));
    assertThat(keys).hasSize(4);
    assertThat(key("pair", "1:b=2", "3")).isEqualTo("GET:/pair:a=1%3Ab%3D2:b=3");
  }

  @Test
  void stringsNeverReadAsNullOrJson() {
    Set<String> keys = new HashSet<>();
    keys.add(key("find", (Object) null));
    keys.add(key("find", "null"));
    keys.add(key("find", List.of(1, 2)));
    keys.add(key("find", "[1,2]"));
    keys.add(key("find", Map.of("a", 1)));
    keys.add(key("find", "{\"a\":1}"));
    assertThat(keys).hasSize(6);
    assertThat(key("find", "null")).isEqualTo("GET:/find:q=%6Eull");
  }

  @Test
  void numbersAndTheirTextShareAKeyBecauseTheySendTheSameRequest() {
    assertThat(key("find", 25)).isEqualTo(key("find", "25")).isEqualTo(key("find", 25L));
  }

  @Test
  void queryMapEntriesJoinTheSortedParameters() {
    Map<String, Object> filters = new TreeMap<>(Map.of("type", "fire", "gen", 1));
    assertThat(key("filtered", filters, 2)).isEqualTo("GET:/filtered:gen=1:page=2:type=fire");
  }

  @Test
  void secretParametersAndHeadersJoinAsDigests() {
    String key = key("me", "s3cret-key", 1);
    assertThat(key).startsWith("GET:/me:api_key=sha256-").endsWith(":page=1")
        .doesNotContain("s3cret");
    assertThat(key("me", "other-key", 1)).isNotEqualTo(key);

    String greeting = key("greeting", "fr", "Bearer t0ken");
    assertThat(greeting).startsWith("GET:/greeting:@accept-language=fr:@authorization=sha256-")
        .doesNotContain("t0ken");
    assertThat(key("greeting", "de", "Bearer t0ken")).isNotEqualTo(greeting);
    assertThat(key("greeting", "fr", "Bearer other")).isNotEqualTo(greeting);
  }

  @Test
  void urlParametersJoinAsUrl() {
    assertThat(key("at", "http://x.example/a?b=c"))
        .isEqualTo("GET::url=http%3A//x.example/a?b%3Dc");
  }

  @Test
  void keysTooLongForTheStoreKeepTheirTemplateAndADigest() {
    String key = key("find", "x".repeat(2000));
    assertThat(key).matches("GET:/find#sha256-[0-9a-f]{64}");
    assertThat(key("find", "x".repeat(2001))).isNotEqualTo(key);
  }

  @Test
  void entriesAreStoredWithTheMethodsTtl() {
    Timed timed = client.create(Timed.class);
    timed.pokemon(25);
    timed.search("python");
    try (Cache<Object> view = Cache.builder(Object.class).backend(backend)
        .namespace(client.namespace()).build()) {
      Map<String, java.time.Duration> ttls = new TreeMap<>();
      view.keys().forEach(info -> ttls.put(info.key(), info.ttl()));
      assertThat(ttls).containsOnlyKeys("GET:/pokemon/{id}:id=25", "GET:/search:query=python");
      assertThat(ttls.get("GET:/pokemon/{id}:id=25")).isPositive()
          .isLessThanOrEqualTo(java.time.Duration.ofMinutes(5));
      assertThat(ttls.get("GET:/search:query=python")).isNull();
    }
  }

  @Test
  void enabledCanNameASystemProperty() {
    System.setProperty("cachette.client.test.memoize", "off");
    try {
      Switched off = client.create(Switched.class);
      off.pokemon(25);
      off.pokemon(25);
      assertThat(origin.requests).hasValue(2);
    } finally {
      System.clearProperty("cachette.client.test.memoize");
    }
    Switched on = client.create(Switched.class);
    on.pokemon(25);
    on.pokemon(25);
    assertThat(origin.requests).hasValue(3);
  }

  @Test
  void purgeNamesAMemoizedMethodAndItsArguments() {
    assertThatThrownBy(() -> client.key(api, "nothing", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no @Memoize method PokeApi.nothing takes 1 argument(s)");
    assertThatThrownBy(() -> client.key("not a client", "pokemon", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a client made by this ApiClient");
  }
}
