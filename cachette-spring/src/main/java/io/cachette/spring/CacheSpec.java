package io.cachette.spring;

import io.cachette.Cache;
import io.cachette.StoreSpec;
import io.cachette.backend.Backend;
import io.cachette.url.CacheUrl;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the Spring caches of a {@link CachetteCacheManager} are made: the backend (by URL, or an
 * instance), the serializer URL, the time to live, whether nulls are cached, the failure policy and
 * the namespace. Every setting is optional; an unset one is taken from the manager's default spec,
 * and where that leaves it unset too, from these defaults:
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>backend</td><td>{@code memory://}</td></tr>
 *   <tr><td>serializer</td><td>{@code noop://} on stores that keep objects (memory), {@code json://}
 *       on the others</td></tr>
 *   <tr><td>ttl</td><td>none: entries never expire</td></tr>
 *   <tr><td>cacheNulls</td><td>true, as Spring's own cache managers: a method's {@code null} result
 *       is cached</td></tr>
 *   <tr><td>failurePolicy</td><td>{@link FailurePolicy#FAIL_OPEN}</td></tr>
 *   <tr><td>namespace</td><td>the cache's name (a name holding {@code ':'} needs one set)</td></tr>
 * </table>
 *
 * <p>Note that {@code json://} stores JDK values, records and enums (records and enums of classes
 * its {@code allow} parameter names, such as {@code json://?allow=com.myapp.model.**}); for other
 * classes of your own choose {@code java://?allow=com.myapp.**}. A value the serializer cannot
 * write is not cached (logged and counted; thrown when strict), never a failed method call.
 *
 * <p>Immutable and thread-safe; built by {@link #builder()}.
 */
public final class CacheSpec {
  private static final CacheSpec EMPTY = new Builder().build();

  private final @Nullable String backendUrl;
  private final @Nullable Backend backend;
  private final @Nullable String serializerUrl;
  private final @Nullable Duration ttl;
  private final @Nullable Boolean cacheNulls;
  private final @Nullable FailurePolicy failurePolicy;
  private final @Nullable String namespace;

  private CacheSpec(Builder b) {
    this.backendUrl = b.backendUrl;
    this.backend = b.backend;
    this.serializerUrl = b.serializerUrl;
    this.ttl = b.ttl;
    this.cacheNulls = b.cacheNulls;
    this.failurePolicy = b.failurePolicy;
    this.namespace = b.namespace;
  }

  /** Starts a spec with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A spec with nothing set: every cache made from it takes the defaults. */
  public static CacheSpec defaults() {
    return EMPTY;
  }

  /** The backend URL, or null when unset or when a backend instance is set. */
  public @Nullable String backendUrl() {
    return backendUrl;
  }

  /** The backend instance, or null when unset or when a URL is set. */
  public @Nullable Backend backend() {
    return backend;
  }

  /** The serializer URL, or null when unset. */
  public @Nullable String serializerUrl() {
    return serializerUrl;
  }

  /** The time to live ({@link Cache#NEVER}: never expires), or null when unset. */
  public @Nullable Duration ttl() {
    return ttl;
  }

  /** Whether null results are cached, or null when unset. */
  public @Nullable Boolean cacheNulls() {
    return cacheNulls;
  }

  /** The failure policy, or null when unset. */
  public @Nullable FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  /** The namespace, or null when unset. */
  public @Nullable String namespace() {
    return namespace;
  }

  /**
   * This spec with each unset setting taken from {@code parent}. A backend set here (as a URL or an
   * instance) replaces the parent's whichever form either has. The namespace is never inherited:
   * it defaults to each cache's name.
   */
  public CacheSpec withDefaults(CacheSpec parent) {
    Objects.requireNonNull(parent, "parent");
    Builder merged = new Builder();
    boolean ownBackend = backendUrl != null || backend != null;
    merged.backendUrl = ownBackend ? backendUrl : parent.backendUrl;
    merged.backend = ownBackend ? backend : parent.backend;
    merged.serializerUrl = serializerUrl != null ? serializerUrl : parent.serializerUrl;
    merged.ttl = ttl != null ? ttl : parent.ttl;
    merged.cacheNulls = cacheNulls != null ? cacheNulls : parent.cacheNulls;
    merged.failurePolicy = failurePolicy != null ? failurePolicy : parent.failurePolicy;
    merged.namespace = namespace;
    return merged.build();
  }

  /**
   * The settings, such as {@code CacheSpec{backend=redis://app:***@host:6379, ttl=PT5M}}; unset
   * ones are left out and passwords in URLs are masked.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("CacheSpec{");
    String sep = "";
    if (backendUrl != null) {
      out.append("backend=").append(CacheUrl.mask(backendUrl));
      sep = ", ";
    }
    if (backend != null) {
      out.append(sep).append("backend=").append(backend.describe()).append(" (instance)");
      sep = ", ";
    }
    if (serializerUrl != null) {
      out.append(sep).append("serializer=").append(CacheUrl.mask(serializerUrl));
      sep = ", ";
    }
    if (ttl != null) {
      out.append(sep).append("ttl=").append(Cache.NEVER.equals(ttl) ? "NEVER" : ttl);
      sep = ", ";
    }
    if (cacheNulls != null) {
      out.append(sep).append("cacheNulls=").append(cacheNulls);
      sep = ", ";
    }
    if (failurePolicy != null) {
      out.append(sep).append("failurePolicy=").append(failurePolicy);
      sep = ", ";
    }
    if (namespace != null) {
      out.append(sep).append("namespace=").append(namespace);
    }
    return out.append('}').toString();
  }

  /**
   * Builds a {@link CacheSpec}. Each setting is given at most once (again throws
   * {@link IllegalStateException} naming the value already set, as Cachette's other builders do);
   * each setter checks its argument at once. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String backendUrl;
    private @Nullable Backend backend;
    private @Nullable String serializerUrl;
    private @Nullable Duration ttl;
    private @Nullable Boolean cacheNulls;
    private @Nullable FailurePolicy failurePolicy;
    private @Nullable String namespace;

    private Builder() {}

    /**
     * The backend by URL, such as {@code redis://localhost:6379/0} or {@code sqlite://~/app-cache}
     * (the module that provides the scheme must be on the classpath). The manager opens each
     * distinct URL once, shares it among the caches that name it (each in its own namespace) and
     * closes it when the manager closes.
     *
     * @throws IllegalArgumentException when the URL is malformed
     * @throws IllegalStateException when a backend was already set
     */
    public Builder backend(String url) {
      Objects.requireNonNull(url, "url");
      requireNoBackend();
      CacheUrl.parse(url);
      this.backendUrl = url;
      return this;
    }

    /**
     * A backend instance, such as {@link SpringBackends#of}. It stays the caller's: the manager
     * never closes it.
     *
     * @throws IllegalStateException when a backend was already set
     */
    public Builder backend(Backend backend) {
      Objects.requireNonNull(backend, "backend");
      requireNoBackend();
      this.backend = backend;
      return this;
    }

    /**
     * The serializer chain by URL, such as {@code json+zstd://} or {@code java://?allow=com.myapp.**}.
     *
     * @throws IllegalArgumentException when the URL is malformed
     * @throws IllegalStateException when a serializer was already set
     */
    public Builder serializer(String url) {
      Objects.requireNonNull(url, "url");
      if (serializerUrl != null) {
        throw StoreSpec.alreadySet("serializer", CacheUrl.mask(serializerUrl));
      }
      CacheUrl.parse(url);
      this.serializerUrl = url;
      return this;
    }

    /**
     * The time to live of every entry; {@link Cache#NEVER} for entries that never expire.
     *
     * @throws NullPointerException when {@code ttl} is null (use {@link Cache#NEVER})
     * @throws IllegalArgumentException when it is zero or negative
     * @throws IllegalStateException when the TTL was already set
     */
    public Builder ttl(Duration ttl) {
      if (ttl == null) {
        throw new NullPointerException("ttl is null: use Cache.NEVER for entries that never expire");
      }
      StoreSpec.requireUnset("ttl", this.ttl);
      if (ttl.isZero() || ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must be positive, was " + ttl
            + "; leave it unset (or use Cache.NEVER) for entries that never expire");
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Whether a method's null result is cached (true, Spring's default) or not cached at all. With
     * false, {@code Cache.put(key, null)} (a {@code @Cacheable} or {@code @CachePut} method that
     * returned null) removes the key's entry, where Spring's own caches throw.
     *
     * @throws IllegalStateException when it was already set
     */
    public Builder cacheNulls(boolean cacheNulls) {
      StoreSpec.requireUnset("cacheNulls", this.cacheNulls);
      this.cacheNulls = cacheNulls;
      return this;
    }

    /**
     * What a store failure does; see {@link FailurePolicy}.
     *
     * @throws IllegalStateException when it was already set
     */
    public Builder failurePolicy(FailurePolicy failurePolicy) {
      Objects.requireNonNull(failurePolicy, "failurePolicy");
      StoreSpec.requireUnset("failurePolicy", this.failurePolicy);
      this.failurePolicy = failurePolicy;
      return this;
    }

    /**
     * The namespace of the cache's keys, when it should differ from the cache's name. Non-empty,
     * without {@code ':'}.
     *
     * @throws IllegalArgumentException when it is empty or holds {@code ':'}
     * @throws IllegalStateException when it was already set
     */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      StoreSpec.requireUnset("namespace", this.namespace);
      if (namespace.isEmpty() || namespace.indexOf(':') >= 0) {
        throw new IllegalArgumentException("namespace must be non-empty and without ':', was '"
            + namespace + "'");
      }
      this.namespace = namespace;
      return this;
    }

    /** The spec. The builder may build again. */
    public CacheSpec build() {
      return new CacheSpec(this);
    }

    private void requireNoBackend() {
      if (backendUrl != null) {
        throw StoreSpec.alreadySet("backend", CacheUrl.mask(backendUrl));
      }
      if (backend != null) {
        throw StoreSpec.alreadySet("backend", backend.describe() + " (an instance)");
      }
    }
  }
}
