package io.cachette.jcache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Caches declared outside code, in the properties of a cache manager: the system properties of
 * the same names, then, when the manager's URI is a {@code classpath:} or {@code file:} URI of a
 * properties file, those of the file, then those passed to
 * {@code getCacheManager(uri, classLoader, properties)} (each overriding the ones before). See {@link CachetteCachingProvider} for the property names.
 */
final class DeclaredCaches {
  static final String DEFAULT_PREFIX = "cachette.default.";
  static final String CACHE_PREFIX = "cachette.caches.";
  static final Set<String> OPTIONS = Set.of("backend", "serializer", "namespace", "failure-policy",
      "store-by-value", "statistics", "management", "ttl", "expiry");
  private static final Pattern TTL = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final Map<String, String> defaults;
  private final Map<String, Map<String, String>> caches;

  private DeclaredCaches(Map<String, String> defaults, Map<String, Map<String, String>> caches) {
    this.defaults = defaults;
    this.caches = caches;
  }

  static DeclaredCaches of(URI uri, ClassLoader classLoader, Properties given) {
    Properties all = new Properties();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith(DEFAULT_PREFIX) || name.startsWith(CACHE_PREFIX)) {
        all.setProperty(name, system.getProperty(name));
      }
    }
    all.putAll(fromUri(uri, classLoader));
    all.putAll(given);
    Map<String, String> defaults = new HashMap<>();
    Map<String, Map<String, String>> caches = new HashMap<>();
    for (String property : all.stringPropertyNames()) {
      String value = all.getProperty(property).trim();
      if (property.startsWith(DEFAULT_PREFIX)) {
        defaults.put(option(property, property.substring(DEFAULT_PREFIX.length())), value);
      } else if (property.startsWith(CACHE_PREFIX)) {
        String rest = property.substring(CACHE_PREFIX.length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0) {
          throw new IllegalArgumentException("property " + property + " names no cache option:"
              + " write " + CACHE_PREFIX + "<cache name>.<option>, options " + OPTIONS);
        }
        caches.computeIfAbsent(rest.substring(0, dot), name -> new HashMap<>())
            .put(option(property, rest.substring(dot + 1)), value);
      }
    }
    DeclaredCaches declared = new DeclaredCaches(defaults, caches);
    // Parse every declaration now, so that a typo fails when the manager is made.
    declared.fill("", new CachetteConfiguration<>());
    for (String name : caches.keySet()) {
      declared.fill(name, new CachetteConfiguration<>());
    }
    return declared;
  }

  private static Properties fromUri(URI uri, ClassLoader classLoader) {
    Properties loaded = new Properties();
    String scheme = uri.getScheme();
    if (!uri.toString().endsWith(".properties") || scheme == null) {
      return loaded;
    }
    try {
      if (scheme.equals("classpath")) {
        String resource = uri.getSchemeSpecificPart().replaceFirst("^/+", "");
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalArgumentException("no resource " + resource + " on the class path"
                + " for cache manager " + uri);
          }
          loaded.load(in);
        }
      } else if (scheme.equals("file")) {
        try (InputStream in = Files.newInputStream(Path.of(uri))) {
          loaded.load(in);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cache declarations of " + uri, e);
    }
    return loaded;
  }

  private static String option(String property, String option) {
    if (!OPTIONS.contains(option)) {
      throw new IllegalArgumentException("unknown cache option '" + option + "' in property "
          + property + "; the options are " + OPTIONS);
    }
    return option;
  }

  /** Whether the declaration of this very cache (not the defaults) sets an option. */
  boolean declares(String cacheName, String option) {
    return caches.getOrDefault(cacheName, Map.of()).containsKey(option);
  }

  boolean declares(String cacheName) {
    return caches.containsKey(cacheName);
  }

  /**
   * Gives a configuration the declared settings of a cache (then the defaults) for each Cachette
   * setting it leaves unset; JSR-107 settings (store by value, statistics, management, expiry) are
   * taken from a declaration of this very cache only.
   */
  <K, V> void fill(String cacheName, CachetteConfiguration<K, V> config) {
    Map<String, String> own = caches.getOrDefault(cacheName, Map.of());
    String backend = setting(own, "backend");
    if (config.backend() == null && backend != null) {
      config.backend(backend);
    }
    String serializer = setting(own, "serializer");
    if (config.serializer() == null && serializer != null) {
      config.serializer(serializer);
    }
    String namespace = own.get("namespace");
    if (config.namespace() == null && namespace != null) {
      config.namespace(namespace);
    }
    String failurePolicy = setting(own, "failure-policy");
    if (failurePolicy != null) {
      switch (failurePolicy) {
        case "strict" -> { }
        case "fail-open" -> config.failOpen(true);
        default -> throw new IllegalArgumentException("failure-policy of cache " + cacheName
            + " must be strict or fail-open, was " + failurePolicy);
      }
    }
    if (own.containsKey("store-by-value")) {
      config.setStoreByValue(bool(cacheName, "store-by-value", own.get("store-by-value")));
    }
    if (own.containsKey("statistics")) {
      config.setStatisticsEnabled(bool(cacheName, "statistics", own.get("statistics")));
    }
    if (own.containsKey("management")) {
      config.setManagementEnabled(bool(cacheName, "management", own.get("management")));
    }
    String ttl = own.get("ttl");
    String expiry = own.getOrDefault("expiry", "created");
    if (ttl != null) {
      Duration duration = duration(cacheName, ttl);
      config.setExpiryPolicyFactory(switch (expiry) {
        case "created" -> FactoryBuilder.factoryOf(new CreatedExpiryPolicy(duration));
        case "accessed" -> FactoryBuilder.factoryOf(new AccessedExpiryPolicy(duration));
        case "modified" -> FactoryBuilder.factoryOf(new ModifiedExpiryPolicy(duration));
        case "touched" -> FactoryBuilder.factoryOf(new TouchedExpiryPolicy(duration));
        default -> throw new IllegalArgumentException("expiry of cache " + cacheName
            + " must be created, accessed, modified or touched, was " + expiry);
      });
    } else if (own.containsKey("expiry")) {
      throw new IllegalArgumentException("cache " + cacheName + " declares an expiry but no ttl:"
          + " add " + CACHE_PREFIX + cacheName + ".ttl=5m");
    }
  }

  private @Nullable String setting(Map<String, String> own, String option) {
    String value = own.get(option);
    return value != null ? value : defaults.get(option);
  }

  private static boolean bool(String cacheName, String option, @Nullable String value) {
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(option + " of cache " + cacheName
        + " must be true or false, was " + value);
  }

  /** A TTL: a whole number with a unit {@code ms, s, m, h, d}, or an ISO-8601 duration. */
  static Duration duration(String cacheName, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    Matcher matcher = TTL.matcher(lower);
    long millis;
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      millis = switch (matcher.group(2)) {
        case "ms" -> amount;
        case "s" -> TimeUnit.SECONDS.toMillis(amount);
        case "m" -> TimeUnit.MINUTES.toMillis(amount);
        case "h" -> TimeUnit.HOURS.toMillis(amount);
        default -> TimeUnit.DAYS.toMillis(amount);
      };
    } else {
      try {
        millis = java.time.Duration.parse(text).toMillis();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("ttl of cache " + cacheName + " must be like 500ms, 30s,"
            + " 5m, 1h, 2d or PT5M, was " + text, e);
      }
    }
    if (millis <= 0) {
      throw new IllegalArgumentException("ttl of cache " + cacheName + " must be positive, was "
          + text);
    }
    return new Duration(TimeUnit.MILLISECONDS, millis);
  }
}
