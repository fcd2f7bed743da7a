package io.cachette.spring.boot;

import io.cachette.spring.CacheSpec;
import io.cachette.spring.FailurePolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code cachette.*} properties of a Boot application:
 *
 * <pre>
 * cachette.default.backend=redis://localhost:6379/0
 * cachette.default.ttl=10m
 * cachette.caches.users.ttl=5m
 * cachette.caches.reports.backend=sqlite://~/app-cache
 * cachette.caches.reports.serializer=java://?allow=com.myapp.**
 * </pre>
 *
 * <p>{@code cachette.default.*} is the spec of every cache; {@code cachette.caches.<name>.*} makes
 * the cache {@code <name>} at startup, with what it sets replacing the default's settings. A cache
 * name with dots or capitals is written in brackets: {@code cachette.caches[my.Cache].ttl=1m}.
 * See {@link CacheSpec} for each setting and its default. Not thread-safe (Boot binds it once).
 */
@ConfigurationProperties(prefix = "cachette")
public class CachetteProperties {
  /**
   * Whether Cachette provides the application's CacheManager (when caching is enabled and the
   * application defines none of its own).
   */
  private boolean enabled = true;

  /**
   * Whether a cache name that is not configured under cachette.caches is made on first use from
   * cachette.default (true), or unknown to the cache manager (false).
   */
  private boolean dynamic = true;

  /** The spec of every cache, and the defaults of those configured under cachette.caches. */
  private final Spec defaults = new Spec();

  /** Caches made at startup, by name; each setting left out is taken from cachette.default. */
  private final Map<String, Spec> caches = new LinkedHashMap<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isDynamic() {
    return dynamic;
  }

  public void setDynamic(boolean dynamic) {
    this.dynamic = dynamic;
  }

  /** {@code cachette.default.*}. */
  public Spec getDefault() {
    return defaults;
  }

  /** {@code cachette.caches.<name>.*}. */
  public Map<String, Spec> getCaches() {
    return caches;
  }

  /** The settings of one cache (or of the default); each is optional. */
  public static class Spec {
    /**
     * Backend URL, such as memory://, sqlite://~/app-cache or redis://localhost:6379/0 (the module
     * that provides the scheme must be on the classpath). Default memory://.
     */
    private @Nullable String backend;

    /**
     * Serializer URL, such as json://, json+zstd:// or java://?allow=com.myapp.**. Default noop://
     * on memory://, json:// elsewhere.
     */
    private @Nullable String serializer;

    /** Time to live of every entry, such as 5m or 1h. Default: entries never expire. */
    private @Nullable Duration ttl;

    /** Whether a method's null result is cached. Default true. */
    private @Nullable Boolean cacheNulls;

    /**
     * What a store failure does: fail-open (a miss or a write not done, the method runs as if
     * nothing were cached) or strict (thrown to Spring's CacheErrorHandler). Default fail-open.
     */
    private @Nullable FailurePolicy failurePolicy;

    /** Namespace of the cache's keys. Default: the cache's name. */
    private @Nullable String namespace;

    public @Nullable String getBackend() {
      return backend;
    }

    public void setBackend(@Nullable String backend) {
      this.backend = backend;
    }

    public @Nullable String getSerializer() {
      return serializer;
    }

    public void setSerializer(@Nullable String serializer) {
      this.serializer = serializer;
    }

    public @Nullable Duration getTtl() {
      return ttl;
    }

    public void setTtl(@Nullable Duration ttl) {
      this.ttl = ttl;
    }

    public @Nullable Boolean getCacheNulls() {
      return cacheNulls;
    }

    public void setCacheNulls(@Nullable Boolean cacheNulls) {
      this.cacheNulls = cacheNulls;
    }

    public @Nullable FailurePolicy getFailurePolicy() {
      return failurePolicy;
    }

    public void setFailurePolicy(@Nullable FailurePolicy failurePolicy) {
      this.failurePolicy = failurePolicy;
    }

    public @Nullable String getNamespace() {
      return namespace;
    }

    public void setNamespace(@Nullable String namespace) {
      this.namespace = namespace;
    }

    /**
     * These settings as a {@link CacheSpec}.
     *
     * @param where the properties' prefix, named in errors ({@code cachette.caches.users})
     * @throws IllegalArgumentException when a setting is invalid, naming the property
     */
    CacheSpec toSpec(String where) {
      CacheSpec.Builder spec = CacheSpec.builder();
      try {
        if (backend != null) {
          spec.backend(backend);
        }
        if (serializer != null) {
          spec.serializer(serializer);
        }
        if (ttl != null) {
          spec.ttl(ttl);
        }
        if (cacheNulls != null) {
          spec.cacheNulls(cacheNulls);
        }
        if (failurePolicy != null) {
          spec.failurePolicy(failurePolicy);
        }
        if (namespace != null) {
          spec.namespace(namespace);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      return spec.build();
    }
  }
}
