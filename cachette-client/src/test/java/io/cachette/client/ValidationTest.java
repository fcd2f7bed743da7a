package io.cachette.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every interface is checked by create(): one test per rule, each asserting the message. */
class ValidationTest {
  private final ApiClient client = ApiClient.builder().baseUrl("http://127.0.0.1:9")
      .cache("small", "memory://?max-size=50").build();

  @AfterEach
  void close() {
    client.close();
  }

  private void refuses(Class<?> api, String message) {
    assertThatThrownBy(() -> client.create(api)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  abstract static class NotAnInterface {}

  @Test
  void onlyInterfaces() {
    refuses(NotAnInterface.class, NotAnInterface.class.getName() + " is not an interface; declare "
        + "the API as an interface of @GET, @POST... methods");
  }

  interface Generic<T> {
    @GET("/x") T get();
  }

  @Test
  void noGenericInterfaces() {
    refuses(Generic.class, "Generic is generic (1 type parameter(s)), so its results have no type "
        + "to be read as; declare an interface without type parameters, whose methods name their "
        + "types (Pokemon, List<Pokemon>)");
  }

  interface MemoizedDefault {
    @GET("/x") String get(@Query("limit") int limit);

    @Memoize
    default String get() {
      return get(10);
    }
  }

  @Test
  void defaultMethodsCarryNoRequestAnnotations() {
    refuses(MemoizedDefault.class, "MemoizedDefault.get is a default method, which runs as written, "
        + "but has @Memoize; put the annotation on the abstract method it calls, or remove the "
        + "method's body");
  }

  interface NoVerb {
    String get();
  }

  @Test
  void everyMethodHasAnHttpMethod() {
    refuses(NoVerb.class, "NoVerb.get has no HTTP method; annotate it with @GET(\"/path\"), @POST, "
        + "@PUT, @PATCH, @DELETE or @HEAD, or make it a default method");
  }

  interface TwoVerbs {
    @GET("/x") @POST("/x") String get();
  }

  @Test
  void oneHttpMethod() {
    refuses(TwoVerbs.class, "TwoVerbs.get has two HTTP methods, @GET and @POST; keep one");
  }

  interface MissingPath {
    @GET("/pokemon/{id}") String get(@Query("id") int id);
  }

  @Test
  void pathVariablesNeedAPathParameter() {
    refuses(MissingPath.class, "MissingPath.get path variable {id} has no @Path(\"id\") parameter; "
        + "add one, as in @Path(\"id\") String id");
  }

  interface UnusedPath {
    @GET("/pokemon") String get(@Path("id") int id);
  }

  @Test
  void pathParametersNeedAPathVariable() {
    refuses(UnusedPath.class, "UnusedPath.get @Path(\"id\") (parameter 1) is not in the path "
        + "\"/pokemon\"; add {id} to the path or make it a @Query");
  }

  interface Unannotated {
    @GET("/x") String get(int id);
  }

  @Test
  void everyParameterIsAnnotated() {
    refuses(Unannotated.class, "Unannotated.get parameter 1 (int) has no annotation; annotate it "
        + "with @Path, @Query, @QueryMap, @Header, @HeaderMap, @Body or @Url");
  }

  interface DoublyAnnotated {
    @GET("/x/{id}") String get(@Path("id") @Query("id") int id);
  }

  @Test
  void oneAnnotationAParameter() {
    refuses(DoublyAnnotated.class, "DoublyAnnotated.get parameter 1 has both @Path and @Query; "
        + "keep one");
  }

  interface BodyOnGet {
    @GET("/x") String get(@Body String body);
  }

  @Test
  void noBodyOnGet() {
    refuses(BodyOnGet.class, "BodyOnGet.get has a @Body, but a GET request sends no body; remove "
        + "the @Body or use @POST, @PUT or @PATCH");
  }

  interface TwoBodies {
    @POST("/x") String post(@Body String a, @Body String b);
  }

  @Test
  void oneBody() {
    refuses(TwoBodies.class, "TwoBodies.post has two @Body parameters (1 and 2); a request has one "
        + "body: wrap them in one record");
  }

  interface UrlAndPath {
    @GET("/x") String get(@Url String url);
  }

  @Test
  void urlParametersReplaceThePath() {
    refuses(UrlAndPath.class, "UrlAndPath.get has a @Url parameter and the path \"/x\"; leave the "
        + "path empty, as in @GET()");
  }

  interface QueryMapNotAMap {
    @GET("/x") String get(@QueryMap List<String> filters);
  }

  @Test
  void queryMapsAreMaps() {
    refuses(QueryMapNotAMap.class, "QueryMapNotAMap.get @QueryMap parameter 1 is a "
        + "java.util.List<java.lang.String>; make it a Map<String, ?>");
  }

  interface RawFuture {
    @SuppressWarnings("rawtypes")
    @GET("/x") CompletableFuture get();
  }

  @Test
  void futuresSayWhatTheyCompleteWith() {
    refuses(RawFuture.class, "RawFuture.get returns a raw CompletableFuture; say what it completes "
        + "with, as in CompletableFuture<Pokemon>");
  }

  interface OpenType {
    @GET("/x") <T> List<T> get();
  }

  @Test
  void returnTypesAreConcrete() {
    refuses(OpenType.class, "OpenType.get returns java.util.List<T>, which holds a type variable or "
        + "wildcard; declare a concrete type such as List<Pokemon>");
  }

  interface HeadWithBody {
    @HEAD("/x") String head();
  }

  @Test
  void headReturnsNoBody() {
    refuses(HeadWithBody.class, "HeadWithBody.head is a HEAD request, which has no body, but "
        + "returns java.lang.String; return void, Void or HttpResponse<Void>");
  }

  interface BadHeader {
    @Headers("Accept application/json")
    @GET("/x") String get();
  }

  @Test
  void headerLinesAreNameColonValue() {
    refuses(BadHeader.class, "BadHeader.get: @Headers line \"Accept application/json\" is not "
        + "\"Name: value\"; write it as in \"Accept: application/json\"");
  }

  interface RestrictedHeader {
    @Headers("Host: example.com")
    @GET("/x") String get();
  }

  @Test
  void headersJavaNetHttpCannotSendAreRefused() {
    assertThatThrownBy(() -> client.create(RestrictedHeader.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RestrictedHeader.get: header \"Host\" cannot be sent by "
            + "java.net.http");
  }

  interface MemoizedPost {
    @Memoize @POST("/x") String post(@Body String body);
  }

  @Test
  void memoizeIsForGetOnly() {
    refuses(MemoizedPost.class, "MemoizedPost.post has @Memoize, which caches GET requests only; "
        + "remove it from this POST");
  }

  interface MemoizedResponse {
    @Memoize @GET("/x") HttpResponse<String> get();
  }

  @Test
  void memoizeDoesNotStoreResponses() {
    refuses(MemoizedResponse.class, "MemoizedResponse.get has @Memoize and returns HttpResponse, "
        + "which is not stored (it holds the exchange, not a value); return the body's type, such "
        + "as Pokemon or Optional<Pokemon>");
  }

  interface MemoizedVoid {
    @Memoize @GET("/x") void get();
  }

  @Test
  void memoizeNeedsAResult() {
    refuses(MemoizedVoid.class, "MemoizedVoid.get has @Memoize but returns nothing to store; "
        + "return the body's type, or remove @Memoize");
  }

  interface BadTtl {
    @Memoize(ttl = "5 minutes") @GET("/x") String get();
  }

  @Test
  void memoizeTtlIsDurationText() {
    assertThatThrownBy(() -> client.create(BadTtl.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BadTtl.get: @Memoize ttl '5 minutes' is not a duration: use a "
            + "number of seconds");
  }

  interface BadSwitch {
    @Memoize(enabled = "maybe:sometimes") @GET("/x") String get();
  }

  @Test
  void memoizeEnabledIsASwitch() {
    refuses(BadSwitch.class, "BadSwitch.get: @Memoize enabled 'maybe:sometimes': the default after "
        + "':' must be true or false, as in \"app.cache.users:false\"");
  }

  interface UnknownCache {
    @Memoize(cache = "huge") @GET("/x") String get();
  }

  @Test
  void memoizeNamesARegisteredCache() {
    assertThatThrownBy(() -> client.create(UnknownCache.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("UnknownCache.get: @Memoize(cache = \"huge\") names no registered "
            + "cache; register it with ApiClient.builder().cache(\"huge\", "
            + "\"memory://?max-size=50\") (registered: ")
        .hasMessageContaining("small").hasMessageContaining("default");
  }

  static final class NoConstructor implements MemoKey {
    NoConstructor(String unused) {}

    @Override
    public String key(Map<String, @Nullable Object> parameters) {
      return "x";
    }
  }

  interface BadKey {
    @Memoize(key = NoConstructor.class) @GET("/x") String get();
  }

  @Test
  void memoizeKeyClassesCanBeMade() {
    assertThatThrownBy(() -> client.create(BadKey.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BadKey.get: @Memoize(key = NoConstructor.class) cannot be made (")
        .hasMessageEndingWith("); give it a public no-argument constructor");
  }

  @Test
  void builderOptionsAreSetOnceAndTheBaseUrlIsRequired() {
    assertThatThrownBy(() -> ApiClient.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("baseUrl is not set; call ApiClient.builder().baseUrl(\"https://api.example.com\")");
    assertThatThrownBy(() -> ApiClient.builder().baseUrl("http://a").baseUrl("http://b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("baseUrl was already set to http://a; set each option once");
    assertThatThrownBy(() -> ApiClient.builder().baseUrl("ftp://a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl 'ftp://a' must be an absolute http or https URL with a host, as in "
            + "https://api.example.com/v1");
    assertThatThrownBy(() -> ApiClient.builder().baseUrl("http://a/?key=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not have a query or fragment");
    assertThatThrownBy(() -> ApiClient.builder().cache("small", "memory://").cache("small", "memory://"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cache(\"small\") was already set to backend=memory://");
    assertThat(ApiClient.builder().baseUrl("https://user:pw@api.example").header("Authorization", "x")
        .toString()).isEqualTo("ApiClientBuilder[baseUrl=https://***@api.example, "
            + "headers=[Authorization], caches={default=memory://?max-size=128 (default)}]");
  }
}
