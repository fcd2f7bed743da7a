package io.cachette.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cachette.StoreSpec;
import io.cachette.backend.Backend;
import io.cachette.serial.JsonSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures an {@link ApiClient}. Each option is set once: setting one again throws
 * {@link IllegalStateException} naming the value already set ({@link #header} adds a header each
 * time). Only {@link #baseUrl} is required.
 *
 * <p>Caches: memoized methods store their results in the client's default cache, an in-memory LRU
 * of 128 entries ({@code memory://?max-size=128}) unless {@link #cacheBackend} names another
 * store, or in a cache registered by name with {@link #cache(String, String)} and named in
 * {@link Memoize#cache()}. A backend given as a URL is opened by {@link #build()} and closed with
 * the client; a {@link Backend} instance stays yours. Values are kept as they are on object stores
 * ({@code memory://}) and written as plain JSON by the client's {@code ObjectMapper} on the others.
 *
 * <p>Not thread-safe; the client it builds is.
 */
public final class ApiClientBuilder {
  /** The name of the default cache. */
  public static final String DEFAULT_CACHE = "default";
  /** The default cache's store: clientele's default, an LRU of 128 entries. */
  public static final String DEFAULT_CACHE_BACKEND = "memory://?max-size=128";

  private @Nullable URI baseUrl;
  private @Nullable HttpClient httpClient;
  private @Nullable ObjectMapper objectMapper;
  private @Nullable Duration requestTimeout;
  private final List<String[]> headers = new ArrayList<>();
  private final Map<String, StoreSpec> caches = new LinkedHashMap<>();

  ApiClientBuilder() {}

  /**
   * Sets the URL every path template is relative to, such as {@code https://pokeapi.co/api/v2}
   * (a trailing {@code '/'} is ignored).
   *
   * @throws IllegalArgumentException when it is not an absolute http or https URL, or has a query
   *     or fragment
   * @throws IllegalStateException when the base URL was already set
   */
  public ApiClientBuilder baseUrl(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl '" + url + "' is not a URL (" + e.getReason()
          + "); write it as in https://api.example.com/v1", e);
    }
    return baseUrl(uri);
  }

  /** Like {@link #baseUrl(String)}. */
  public ApiClientBuilder baseUrl(URI url) {
    Objects.requireNonNull(url, "url");
    StoreSpec.requireUnset("baseUrl", baseUrl == null ? null : Secrets.maskQuery(baseUrl));
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("baseUrl '" + Secrets.maskQuery(url) + "' must be an "
          + "absolute http or https URL with a host, as in https://api.example.com/v1");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("baseUrl '" + Secrets.maskQuery(url) + "' must not have "
          + "a query or fragment; send query parameters with @Query");
    }
    this.baseUrl = url;
    return this;
  }

  /**
   * Sets the HttpClient that sends every request (a {@code CachedHttpClient} works too). Default:
   * one with normal redirects and a 10-second connect timeout.
   *
   * @throws IllegalStateException when it was already set
   */
  public ApiClientBuilder httpClient(HttpClient client) {
    Objects.requireNonNull(client, "client");
    StoreSpec.requireUnset("httpClient", httpClient);
    this.httpClient = client;
    return this;
  }

  /**
   * Sets the Jackson mapper that reads response bodies, writes {@link Body}s, and writes memoized
   * results to byte stores. Default: Cachette's ({@link JsonSerializer#mapperBuilder()}: java.time
   * support, unknown properties ignored).
   *
   * @throws IllegalStateException when it was already set
   */
  public ApiClientBuilder objectMapper(ObjectMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    StoreSpec.requireUnset("objectMapper", objectMapper);
    this.objectMapper = mapper;
    return this;
  }

  /**
   * Adds a header to every request, before the interface's and method's. Headers are never part
   * of keys unless a method names them in {@link Memoize#varyOn()}.
   *
   * @throws IllegalArgumentException when java.net.http cannot send it (a restricted name such as
   *     {@code Host}, or a bad character)
   */
  public ApiClientBuilder header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    ApiMethod.checkHeader(name, value, "ApiClientBuilder.header");
    headers.add(new String[] {name, value});
    return this;
  }

  /**
   * Sets how long each request may take (java.net.http's request timeout); none by default.
   *
   * @throws IllegalArgumentException when it is not positive
   * @throws IllegalStateException when it was already set
   */
  public ApiClientBuilder requestTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    StoreSpec.requireUnset("requestTimeout", requestTimeout);
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("requestTimeout must be positive, was " + timeout);
    }
    this.requestTimeout = timeout;
    return this;
  }

  /**
   * Sets the store of the default cache by URL, such as {@code "sqlite://~/api-cache"} or
   * {@code "redis://localhost:6379/0"}; the same as {@code cache("default", url)}.
   *
   * @throws IllegalStateException when the default cache was already set
   */
  public ApiClientBuilder cacheBackend(String url) {
    return cache(DEFAULT_CACHE, url);
  }

  /** Sets the store of the default cache to a backend instance, which stays yours. */
  public ApiClientBuilder cacheBackend(Backend backend) {
    return cache(DEFAULT_CACHE, backend);
  }

  /**
   * Registers a cache by name, for {@link Memoize#cache()}: {@code .cache("small",
   * "memory://?max-size=50")}.
   *
   * @throws IllegalArgumentException when the name is empty
   * @throws IllegalStateException when a cache of that name was already registered
   */
  public ApiClientBuilder cache(String name, String backendUrl) {
    Objects.requireNonNull(backendUrl, "backendUrl");
    spec(name).backend(backendUrl);
    return this;
  }

  /** Like {@link #cache(String, String)} with a backend instance, which stays yours. */
  public ApiClientBuilder cache(String name, Backend backend) {
    Objects.requireNonNull(backend, "backend");
    spec(name).backend(backend);
    return this;
  }

  private StoreSpec spec(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a cache name must not be empty; use e.g. \"small\"");
    }
    StoreSpec existing = caches.get(name);
    if (existing != null) {
      throw StoreSpec.alreadySet("cache(\"" + name + "\")", existing);
    }
    StoreSpec spec = new StoreSpec();
    caches.put(name, spec);
    return spec;
  }

  /**
   * Builds the client, opening the backends given as URLs (each once, shared by every method that
   * names its cache).
   *
   * @throws IllegalStateException when no base URL was set
   * @throws IllegalArgumentException when a backend URL is invalid
   */
  public ApiClient build() {
    URI base = baseUrl;
    if (base == null) {
      throw new IllegalStateException("baseUrl is not set; call "
          + "ApiClient.builder().baseUrl(\"https://api.example.com\")");
    }
    Map<String, StoreSpec> specs = new LinkedHashMap<>(caches);
    if (!specs.containsKey(DEFAULT_CACHE)) {
      StoreSpec spec = new StoreSpec();
      spec.backend(DEFAULT_CACHE_BACKEND);
      specs.put(DEFAULT_CACHE, spec);
    }
    Map<String, StoreSpec.Store> stores = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, StoreSpec> entry : specs.entrySet()) {
        stores.put(entry.getKey(), entry.getValue().open(store -> store));
      }
    } catch (RuntimeException | Error e) {
      DefaultApiClient.closeOwned(stores.values(), e);
      throw e;
    }
    HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    ObjectMapper mapper = objectMapper != null ? objectMapper
        : JsonSerializer.mapperBuilder().build();
    return new DefaultApiClient(base, http, mapper, List.copyOf(headers), requestTimeout, stores);
  }

  /** The configuration, with passwords in URLs masked and header values left out. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("ApiClientBuilder[baseUrl=")
        .append(baseUrl == null ? "unset" : Secrets.maskQuery(baseUrl));
    if (!headers.isEmpty()) {
      out.append(", headers=").append(headers.stream().map(h -> h[0]).toList());
    }
    if (requestTimeout != null) {
      out.append(", requestTimeout=").append(requestTimeout);
    }
    out.append(", caches={");
    if (!caches.containsKey(DEFAULT_CACHE)) {
      out.append(DEFAULT_CACHE).append('=').append(DEFAULT_CACHE_BACKEND).append(" (default)");
    }
    caches.forEach((name, spec) -> {
      if (out.charAt(out.length() - 1) != '{') {
        out.append(", ");
      }
      out.append(name).append("=[").append(spec).append(']');
    });
    return out.append("}]").toString();
  }
}
