package io.cachette.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cachette.Cache;
import io.cachette.CacheBuilder;
import io.cachette.CacheStats;
import io.cachette.StoreSpec;
import io.cachette.TypeRef;
import io.cachette.backend.PrefixedStore;
import io.cachette.serial.JsonSerializer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ApiClient}: one HttpClient, one mapper, and the named stores of memoized methods,
 * with one {@link Cache} per store and value type, made when a method needs it and shared.
 */
final class DefaultApiClient implements ApiClient {
  private static final @Nullable Object[] NO_ARGUMENTS = new Object[0];

  private final URI baseUri;
  /** The base URL as requests start, without a trailing slash. */
  final String baseUrl;
  final HttpClient http;
  final ObjectMapper mapper;
  final List<String[]> headers;
  final @Nullable Duration requestTimeout;
  final String namespace;
  private final Map<String, StoreSpec.Store> stores;
  private final ConcurrentHashMap<CacheId, Cache<Object>> caches = new ConcurrentHashMap<>();

  /** A cache's identity: its store's name and the type its values decode to. */
  private record CacheId(String store, Type valueType) {}

  DefaultApiClient(URI baseUri, HttpClient http, ObjectMapper mapper, List<String[]> headers,
      @Nullable Duration requestTimeout, Map<String, StoreSpec.Store> stores) {
    this.baseUri = baseUri;
    String text = baseUri.toString();
    this.baseUrl = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.http = http;
    this.mapper = mapper;
    this.headers = headers;
    this.requestTimeout = requestTimeout;
    this.namespace = namespaceOf(baseUri);
    this.stores = Map.copyOf(stores);
    for (StoreSpec.Store store : this.stores.values()) {
      if (store.ownsBackend() && store.backend() instanceof PrefixedStore prefixed) {
        // Every cache of this client uses its one namespace, and no one else writes to a store
        // the client opened: an in-memory store keeps those keys as the callers' strings.
        prefixed.preferPrefix(namespace + ":");
      }
    }
  }

  /** {@code scheme://[digest@]host[:port]/path}, with '%' and ':' percent-encoded. */
  static String namespaceOf(URI uri) {
    StringBuilder out = new StringBuilder()
        .append(Objects.requireNonNull(uri.getScheme()).toLowerCase(Locale.ROOT)).append("://");
    if (uri.getRawUserInfo() != null) {
      out.append(Secrets.digest(uri.getRawUserInfo())).append('@');
    }
    out.append(Objects.requireNonNull(uri.getHost()).toLowerCase(Locale.ROOT));
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    out.append(path);
    return out.toString().replace("%", "%25").replace(":", "%3A");
  }

  @Override
  public <T> T create(Class<T> api) {
    Objects.requireNonNull(api, "api");
    if (!api.isInterface()) {
      throw new IllegalArgumentException(api.getName() + " is not an interface; declare the API as "
          + "an interface of @GET, @POST... methods");
    }
    if (api.getTypeParameters().length > 0) {
      throw new IllegalArgumentException(api.getSimpleName() + " is generic ("
          + api.getTypeParameters().length + " type parameter(s)), so its results have no type to "
          + "be read as; declare an interface without type parameters, whose methods name their "
          + "types (Pokemon, List<Pokemon>)");
    }
    String basePath = "";
    BasePath base = api.getAnnotation(BasePath.class);
    if (base != null) {
      basePath = base.value().strip();
      if (!basePath.startsWith("/") || basePath.indexOf('{') >= 0 || basePath.indexOf('?') >= 0) {
        throw new IllegalArgumentException(api.getSimpleName() + ": @BasePath(\"" + base.value()
            + "\") must start with '/' and hold no variable or query, as in @BasePath(\"/v2\")");
      }
      while (basePath.endsWith("/")) {
        basePath = basePath.substring(0, basePath.length() - 1);
      }
    }
    Headers typeHeaders = api.getAnnotation(Headers.class);
    List<String[]> fixed = typeHeaders == null ? List.of()
        : ApiMethod.parseHeaders(typeHeaders, api.getSimpleName());
    Map<Method, ApiMethod> methods = new HashMap<>();
    for (Method method : api.getMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
        ApiMethod.refuseAnnotations(api, method);
        continue;
      }
      methods.put(method, new ApiMethod(this, api, method, basePath, fixed));
    }
    Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api},
        new Handler(api, Map.copyOf(methods)));
    return api.cast(proxy);
  }

  /** Runs the calls of one client interface. */
  private final class Handler implements InvocationHandler {
    private final Class<?> api;
    final Map<Method, ApiMethod> methods;
    /**
     * The same, by the identity of the Method instances the proxy passes (one per method, always
     * the same), so that a call costs an identity lookup rather than Method.equals; copied on
     * write.
     */
    private volatile Map<Method, ApiMethod> byInstance = new java.util.IdentityHashMap<>();

    Handler(Class<?> api, Map<Method, ApiMethod> methods) {
      this.api = api;
      this.methods = methods;
    }

    DefaultApiClient client() {
      return DefaultApiClient.this;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
        throws Throwable {
      ApiMethod call = byInstance.get(method);
      if (call == null) {
        call = methods.get(method);
        if (call != null) {
          Map<Method, ApiMethod> copy = new java.util.IdentityHashMap<>(byInstance);
          copy.put(method, call);
          byInstance = copy;
        }
      }
      if (call != null) {
        return call.invoke(args == null ? NO_ARGUMENTS : args);
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      return switch (method.getName()) {
        case "equals" -> args != null && proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        case "toString" -> api.getSimpleName() + " client of " + Secrets.maskQuery(baseUri);
        default -> throw new UnsupportedOperationException(method.toString());
      };
    }
  }

  /** The cache of a store for values of a type. */
  Cache<Object> cache(String name, Type valueType, String where) {
    String store = name.isEmpty() ? ApiClientBuilder.DEFAULT_CACHE : name;
    if (!stores.containsKey(store)) {
      throw new IllegalArgumentException(where + ": @Memoize(cache = \"" + name + "\") names no "
          + "registered cache; register it with ApiClient.builder().cache(\"" + name
          + "\", \"memory://?max-size=50\") (registered: " + String.join(", ", stores.keySet())
          + ")");
    }
    return caches.computeIfAbsent(new CacheId(store, valueType), id -> {
      StoreSpec.Store opened = Objects.requireNonNull(stores.get(id.store()));
      TypeRef<Object> type = TypeRef.of(id.valueType());
      CacheBuilder<Object> builder = Cache.builder(type)
          .backend(opened.backend())
          .namespace(namespace);
      if (!opened.backend().storesObjects()) {
        builder.serializer(JsonSerializer.of(type, mapper));
      }
      return builder.build();
    });
  }

  private MemoCall memoOf(Object api, String method, @Nullable Object @Nullable [] given) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(method, "method");
    @Nullable Object[] args = given == null ? new Object[] {null} : given;
    if (!Proxy.isProxyClass(api.getClass())
        || !(Proxy.getInvocationHandler(api) instanceof Handler handler)
        || handler.client() != this) {
      throw new IllegalArgumentException("not a client made by this ApiClient's create(): "
          + api.getClass().getName());
    }
    List<MemoCall> found = new ArrayList<>();
    for (Map.Entry<Method, ApiMethod> entry : handler.methods.entrySet()) {
      MemoCall memo = entry.getValue().memo();
      if (memo != null && entry.getKey().getName().equals(method)
          && accepts(entry.getKey().getParameterTypes(), args)) {
        found.add(memo);
      }
    }
    if (found.size() != 1) {
      throw new IllegalArgumentException((found.isEmpty() ? "no" : "more than one")
          + " @Memoize method " + handler.api.getSimpleName() + "." + method + " takes "
          + args.length + " argument(s) of these types; name a @Memoize method and pass the "
          + "arguments of the call");
    }
    return found.get(0);
  }

  private static boolean accepts(Class<?>[] types, @Nullable Object[] args) {
    if (types.length != args.length) {
      return false;
    }
    for (int i = 0; i < types.length; i++) {
      Object arg = args[i];
      Class<?> type = types[i].isPrimitive()
          ? java.lang.invoke.MethodType.methodType(types[i]).wrap().returnType() : types[i];
      if (arg == null ? types[i].isPrimitive() : !type.isInstance(arg)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean purge(Object api, String method, @Nullable Object... args) {
    MemoCall memo = memoOf(api, method, args);
    return memo.purge(args == null ? new Object[] {null} : args);
  }

  @Override
  public String key(Object api, String method, @Nullable Object... args) {
    MemoCall memo = memoOf(api, method, args);
    return memo.key(args == null ? new Object[] {null} : args);
  }

  @Override
  public void clear() {
    for (String store : stores.keySet()) {
      cache(store, Object.class, "clear").clear();
    }
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public URI baseUrl() {
    return baseUri;
  }

  @Override
  public CacheStats stats() {
    // Stores that cannot tell (-1) add nothing; -1 only when none can.
    long evictions = -1;
    for (StoreSpec.Store store : stores.values()) {
      long count = store.backend().evictionCount();
      if (count >= 0) {
        evictions = Math.max(evictions, 0) + count;
      }
    }
    return CacheStats.sum(caches.values(), evictions);
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (Cache<Object> cache : caches.values()) {
      try {
        cache.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    try {
      closeOwned(stores.values(), null);
    } catch (RuntimeException e) {
      failure = e;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes the backends opened from URLs; errors join {@code failure} or are thrown. */
  static void closeOwned(Collection<StoreSpec.Store> stores, @Nullable Throwable failure) {
    RuntimeException first = null;
    for (StoreSpec.Store store : stores) {
      if (!store.ownsBackend()) {
        continue;
      }
      try {
        store.backend().close();
      } catch (RuntimeException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "ApiClient[baseUrl=" + Secrets.maskQuery(baseUri) + ", namespace=" + namespace
        + ", caches=" + stores.keySet() + "]";
  }
}
