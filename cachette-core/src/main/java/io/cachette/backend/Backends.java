package io.cachette.backend;

import io.cachette.url.CacheUrl;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

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
  /**
   * Schemes that Cachette modules of this build provide, with the module to add for each. Only
   * modules that exist are named (BackendsTest checks each against the build's folders).
   */
  static final Map<String, String> KNOWN_MODULES = Map.ofEntries(
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
      Map.entry("gridfs+srv", "cachette-mongodb"),
      Map.entry("dynamodb", "cachette-dynamodb"));

  /** The provider table, loaded on first use; see {@link #providers()}. */
  private static volatile @Nullable Map<String, BackendProvider> providerTable;

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

  /**
   * The registered schemes and their providers, sorted by scheme: an unmodifiable map, the same
   * one on every call. The {@link BackendProvider}s are discovered once, on first use, through
   * {@link ServiceLoader} with the calling thread's context class loader and with the class
   * loader of cachette-core (shaded or module-path setups can hide {@code META-INF/services} from
   * the former); a provider put on the classpath later is not seen. Thread-safe.
   *
   * @throws java.util.ServiceConfigurationError when a registered provider cannot be loaded; the
   *     next call tries again
   */
  public static Map<String, BackendProvider> providers() {
    Map<String, BackendProvider> table = providerTable;
    if (table == null) {
      synchronized (Backends.class) {
        table = providerTable;
        if (table == null) {
          table = loadProviders();
          providerTable = table;
        }
      }
    }
    return table;
  }

  private static Map<String, BackendProvider> loadProviders() {
    Map<String, BackendProvider> byScheme = new TreeMap<>();
    Set<Class<?>> loaded = new HashSet<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      register(byScheme, loaded, context);
    }
    register(byScheme, loaded, Backends.class.getClassLoader());
    return Collections.unmodifiableMap(byScheme);
  }

  /** Instantiates each provider class once, even when both loaders see it; first scheme wins. */
  private static void register(
      Map<String, BackendProvider> byScheme, Set<Class<?>> loaded, ClassLoader loader) {
    ServiceLoader.load(BackendProvider.class, loader).stream()
        .filter(candidate -> loaded.add(candidate.type()))
        .map(ServiceLoader.Provider::get)
        .forEach(provider -> {
          for (String scheme : provider.schemes()) {
            byScheme.putIfAbsent(scheme.toLowerCase(Locale.ROOT), provider);
          }
        });
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
