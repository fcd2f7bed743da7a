package io.cachette.backend;

import io.cachette.url.CacheUrl;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens backends by URL, with the schemes registered by the {@link BackendProvider}s on the
 * classpath. Schemes are case-insensitive.
 *
 * <pre>{@code
 * Backend memory = Backends.fromUrl("memory://?max-size=10000");
 * Backend files  = Backends.fromUrl("file:///var/cache/myapp?max-bytes=104857600");
 * Backend redis  = Backends.fromUrl("redis://localhost:6379/0");   // needs cachette-redis
 * }</pre>
 */
public final class Backends {
  /** Schemes that Cachette modules provide, with the module to add for each. */
  private static final Map<String, String> KNOWN_MODULES = Map.ofEntries(
      Map.entry("redis", "cachette-redis"),
      Map.entry("rediss", "cachette-redis"),
      Map.entry("redis+unix", "cachette-redis"),
      Map.entry("redis-sentinel", "cachette-redis"),
      Map.entry("redis-cluster", "cachette-redis"),
      Map.entry("sqlite", "cachette-jdbc"),
      Map.entry("postgresql", "cachette-jdbc"),
      Map.entry("postgres", "cachette-jdbc"),
      Map.entry("mariadb", "cachette-jdbc"),
      Map.entry("mysql", "cachette-jdbc"),
      Map.entry("mongodb", "cachette-mongodb"),
      Map.entry("mongodb+srv", "cachette-mongodb"),
      Map.entry("gridfs", "cachette-mongodb"),
      Map.entry("dynamodb", "cachette-dynamodb"));

  private Backends() {}

  /**
   * Opens the backend a URL names.
   *
   * @throws IllegalArgumentException when the URL is malformed, its scheme is not registered (the
   *     message lists the registered schemes and, for a Cachette scheme whose module is missing,
   *     the module to add), or a parameter is unknown or invalid
   */
  public static Backend fromUrl(String url) {
    CacheUrl parsed = CacheUrl.parse(url);
    Map<String, BackendProvider> providers = providers();
    BackendProvider provider = providers.get(parsed.scheme());
    if (provider == null) {
      throw unknownScheme(parsed, providers);
    }
    return provider.open(parsed);
  }

  /** The registered schemes and their providers, sorted by scheme. */
  public static Map<String, BackendProvider> providers() {
    Map<String, BackendProvider> byScheme = new TreeMap<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    register(byScheme, context != null ? context : Backends.class.getClassLoader());
    if (byScheme.isEmpty()) {
      // Shaded or module-path setups can hide META-INF/services from the context loader.
      register(byScheme, Backends.class.getClassLoader());
    }
    return byScheme;
  }

  private static void register(Map<String, BackendProvider> byScheme, ClassLoader loader) {
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, loader)) {
      for (String scheme : provider.schemes()) {
        byScheme.putIfAbsent(scheme.toLowerCase(Locale.ROOT), provider);
      }
    }
  }

  private static IllegalArgumentException unknownScheme(
      CacheUrl url, Map<String, BackendProvider> providers) {
    String scheme = url.scheme();
    String module = KNOWN_MODULES.get(scheme);
    StringBuilder message = new StringBuilder("No backend for scheme '").append(scheme)
        .append("://' in '").append(url).append("'. ");
    if (module != null) {
      message.append("The ").append(scheme).append(":// backend lives in another module: add io.cachette:")
          .append(module).append(" to your dependencies. ");
    }
    message.append("Supported here: ").append(providers.keySet().stream()
        .map(s -> s + "://").toList()).append('.');
    return new IllegalArgumentException(message.toString());
  }
}
