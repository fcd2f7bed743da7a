package io.cachette.jcache;

import io.cachette.url.CacheUrl;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * A JCache configuration with Cachette's settings on top of JSR-107's: the backend URL the cache
 * lives on, the serializer URL of store-by-value caches, the namespace of its keys in the backend
 * and its failure policy.
 *
 * <pre>{@code
 * CachetteConfiguration<String, User> config = new CachetteConfiguration<String, User>()
 *     .backend("redis://localhost:6379/0")
 *     .serializer("json+zstd://")
 *     .namespace("users")
 *     .failOpen(true);
 * config.setTypes(String.class, User.class)
 *     .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.FIVE_MINUTES));
 * Cache<String, User> users = cacheManager.createCache("users", config);
 * }</pre>
 *
 * <p>Defaults: the backend of the cache manager ({@code memory://} unless its properties say
 * otherwise, see {@link CachetteCachingProvider}); for store-by-value, Java serialization through
 * the manager's class loader (any {@code Serializable} key and value), or the given serializer URL
 * applied to the key and value types; the namespace is the cache name (with {@code ':'} replaced by
 * {@code '.'}); failures throw ({@link javax.cache.CacheException}). Store-by-reference
 * ({@code setStoreByValue(false)}) keeps the very objects, and needs {@code memory://} and no
 * serializer (or {@code noop://}).
 *
 * <p>Failing open makes a backend error on a read a miss and on a write a logged, counted no-op,
 * as for any Cachette cache; JSR-107 expects errors to be thrown, which is the default.
 *
 * <p>Like {@link MutableConfiguration}, not thread-safe; the cache keeps its own copy.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class CachetteConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  private @Nullable String backend;
  private @Nullable String serializer;
  private @Nullable String namespace;
  private boolean failOpen;

  /** A configuration with JSR-107's defaults and Cachette's. */
  public CachetteConfiguration() {}

  /**
   * A copy of another configuration: every setting of a {@link CompleteConfiguration}, and the
   * Cachette settings when it is a {@code CachetteConfiguration}; only the types of a plain
   * {@link Configuration}.
   */
  public CachetteConfiguration(Configuration<K, V> configuration) {
    super(complete(configuration));
    if (configuration instanceof CachetteConfiguration<K, V> cachette) {
      this.backend = cachette.backend;
      this.serializer = cachette.serializer;
      this.namespace = cachette.namespace;
      this.failOpen = cachette.failOpen;
    }
  }

  private static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return complete;
    }
    MutableConfiguration<K, V> mutable = new MutableConfiguration<>();
    mutable.setTypes(configuration.getKeyType(), configuration.getValueType());
    mutable.setStoreByValue(configuration.isStoreByValue());
    return mutable;
  }

  /**
   * The backend URL, such as {@code redis://localhost:6379/0}; null for the cache manager's.
   *
   * @throws IllegalArgumentException when the URL is empty
   */
  public CachetteConfiguration<K, V> backend(@Nullable String url) {
    this.backend = nonEmpty("backend", url);
    return this;
  }

  /** The backend URL, or null for the cache manager's default. */
  public @Nullable String backend() {
    return backend;
  }

  /**
   * The serializer URL of a store-by-value cache, such as {@code json://} or
   * {@code java+zstd://?allow=com.myapp.**}, applied to keys and values of the configured types;
   * null for Java serialization through the manager's class loader.
   *
   * @throws IllegalArgumentException when the URL is empty
   */
  public CachetteConfiguration<K, V> serializer(@Nullable String url) {
    this.serializer = nonEmpty("serializer", url);
    return this;
  }

  /** The serializer URL, or null for the default. */
  public @Nullable String serializer() {
    return serializer;
  }

  /**
   * The namespace of the cache's keys in the backend (non-empty, without {@code ':'}); null for the
   * cache name.
   *
   * @throws IllegalArgumentException when it is empty or holds {@code ':'}
   */
  public CachetteConfiguration<K, V> namespace(@Nullable String namespace) {
    if (namespace != null && (namespace.isEmpty() || namespace.indexOf(':') >= 0)) {
      throw new IllegalArgumentException("namespace must be non-empty and without ':', was '"
          + namespace + "'");
    }
    this.namespace = namespace;
    return this;
  }

  /** The namespace, or null for the cache name. */
  public @Nullable String namespace() {
    return namespace;
  }

  /**
   * Whether backend failures are misses and logged no-ops (true) or thrown as
   * {@link javax.cache.CacheException} (false, the default).
   */
  public CachetteConfiguration<K, V> failOpen(boolean failOpen) {
    this.failOpen = failOpen;
    return this;
  }

  /** Whether the cache fails open. */
  public boolean isFailOpen() {
    return failOpen;
  }

  private static @Nullable String nonEmpty(String name, @Nullable String url) {
    if (url != null && url.isBlank()) {
      throw new IllegalArgumentException(name + " URL must not be empty; pass null for the default");
    }
    return url;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CachetteConfiguration<?, ?> that && super.equals(that)
        && Objects.equals(backend, that.backend) && Objects.equals(serializer, that.serializer)
        && Objects.equals(namespace, that.namespace) && failOpen == that.failOpen;
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), backend, serializer, namespace, failOpen);
  }

  @Override
  public String toString() {
    return "CachetteConfiguration{keyType=" + getKeyType().getName() + ", valueType="
        + getValueType().getName() + ", backend=" + (backend != null ? CacheUrl.mask(backend) : "default")
        + ", serializer=" + (serializer != null ? CacheUrl.mask(serializer) : "default") + ", namespace="
        + (namespace != null ? namespace : "cache name") + ", failOpen=" + failOpen
        + ", storeByValue=" + isStoreByValue() + ", readThrough=" + isReadThrough()
        + ", writeThrough=" + isWriteThrough() + ", statistics=" + isStatisticsEnabled()
        + ", management=" + isManagementEnabled() + "}";
  }
}
