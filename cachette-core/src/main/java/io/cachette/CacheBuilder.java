package io.cachette;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures and builds a {@link Cache}. Every setter validates its argument at once; {@link #build()}
 * opens the backend (when given as a URL) and checks that the serializer fits it.
 *
 * <p>Defaults: backend {@code memory://}; serializer {@code noop} when the backend stores objects
 * (memory), {@code json} otherwise; namespace {@code "default"}; no default TTL (entries never
 * expire); fail-open; operation timeout 5 seconds; load timeout 30 seconds; no value size limit
 * beyond the backend's.
 *
 * <p>Not thread-safe; the built cache is.
 *
 * @param <V> the type of values
 */
public final class CacheBuilder<V> {
  private final TypeRef<V> valueType;
  private @Nullable Backend backend;
  private @Nullable String backendUrl;
  private @Nullable Serializer<V> serializer;
  private @Nullable String serializerUrl;
  private String namespace = "default";
  private @Nullable Duration defaultTtl;
  private boolean strict;
  private Duration operationTimeout = Duration.ofSeconds(5);
  private Duration loadTimeout = Duration.ofSeconds(30);
  private long maxValueBytes = Long.MAX_VALUE;

  CacheBuilder(TypeRef<V> valueType) {
    this.valueType = Objects.requireNonNull(valueType, "valueType");
  }

  /**
   * Uses the backend a URL names, such as {@code memory://}, {@code file:///var/cache/app} or
   * {@code redis://localhost:6379/0}. The cache owns it and closes it in {@link Cache#close()}.
   */
  public CacheBuilder<V> backend(String url) {
    Objects.requireNonNull(url, "url");
    this.backendUrl = url;
    this.backend = null;
    return this;
  }

  /**
   * Uses a backend instance, which may be shared by several caches (give each its own namespace).
   * The caller keeps ownership: {@link Cache#close()} leaves it open.
   */
  public CacheBuilder<V> backend(Backend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.backendUrl = null;
    return this;
  }

  /** Uses the serializer chain a URL names, such as {@code json+zstd://?compression-level=3}. */
  public CacheBuilder<V> serializer(String url) {
    Objects.requireNonNull(url, "url");
    this.serializerUrl = url;
    this.serializer = null;
    return this;
  }

  /** Uses a serializer instance. */
  public CacheBuilder<V> serializer(Serializer<V> serializer) {
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.serializerUrl = null;
    return this;
  }

  /**
   * Sets the namespace that prefixes every key ({@code <namespace>:<key>}) and scopes
   * {@link Cache#clear()}. Non-empty, without {@code ':'}.
   */
  public CacheBuilder<V> namespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty() || namespace.indexOf(':') >= 0) {
      throw new IllegalArgumentException("namespace must be non-empty and without ':', was '"
          + namespace + "'; use e.g. 'users' or 'users.v2'");
    }
    this.namespace = namespace;
    return this;
  }

  /**
   * Sets the TTL of writes that give none; {@link Cache#NEVER} (the default) means never expire.
   *
   * @throws NullPointerException when {@code ttl} is null (use {@link Cache#NEVER})
   * @throws IllegalArgumentException when it is zero or negative
   */
  public CacheBuilder<V> defaultTtl(Duration ttl) {
    this.defaultTtl = CacheEngine.ttl(ttl);
    return this;
  }

  /**
   * Makes backend failures throw {@link CacheException} instead of failing open (a read error
   * becoming a miss, a write error being logged and counted).
   */
  public CacheBuilder<V> strict() {
    this.strict = true;
    return this;
  }

  /**
   * Bounds each backend operation of the {@link AsyncCache}, and the store steps that follow a miss
   * in {@code get(key, loader)} of both faces, which share one such timeout; default 5 seconds.
   * (Blocking operations of {@link Cache} are bounded by the backend's own timeouts.)
   */
  public CacheBuilder<V> operationTimeout(Duration timeout) {
    this.operationTimeout = positive("operationTimeout", timeout);
    return this;
  }

  /**
   * How long {@code get(key, loader)} waits for another caller's load of the same key (in this JVM,
   * or in another process through the backend's lease) before it runs the loader itself; default
   * 30 seconds. A loader that hangs thus delays the others by at most this long.
   */
  public CacheBuilder<V> loadTimeout(Duration timeout) {
    this.loadTimeout = positive("loadTimeout", timeout);
    return this;
  }

  private static Duration positive(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + timeout);
    }
    return timeout;
  }

  /**
   * Refuses to store a serialized value larger than this many bytes, with
   * {@link ValueTooLargeException}. The backend's own limit applies too.
   */
  public CacheBuilder<V> maxValueBytes(long maxValueBytes) {
    if (maxValueBytes <= 0) {
      throw new IllegalArgumentException("maxValueBytes must be positive, was " + maxValueBytes);
    }
    this.maxValueBytes = maxValueBytes;
    return this;
  }

  /**
   * Builds the cache.
   *
   * @throws IllegalArgumentException when a URL is invalid, or the serializer does not fit the
   *     backend (for example {@code noop} with a byte backend and non-{@code byte[]} values)
   */
  public Cache<V> build() {
    boolean ownsBackend = backend == null;
    Backend store = backend != null ? backend
        : Backends.fromUrl(backendUrl != null ? backendUrl : "memory://");
    try {
      Serializer<V> chosen = serializer;
      if (chosen == null) {
        String url = serializerUrl != null ? serializerUrl
            : store.storesObjects() ? "noop://" : "json://";
        chosen = Serializers.fromUrl(url, valueType);
      }
      if (chosen.isPassThrough() && !store.storesObjects()
          && valueType.rawType() != byte[].class) {
        throw new IllegalArgumentException("The noop serializer keeps values as they are, but "
            + store.describe() + " stores bytes and the values are " + valueType
            + ": choose a serializer such as json:// or java://");
      }
      return new DefaultCache<>(new CacheEngine<>(store, ownsBackend, chosen, namespace,
          defaultTtl, strict, operationTimeout, loadTimeout, maxValueBytes));
    } catch (RuntimeException e) {
      if (ownsBackend) {
        store.close();
      }
      throw e;
    }
  }
}
