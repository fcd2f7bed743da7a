package io.cachette;

import io.cachette.backend.Backend;
import io.cachette.serial.Serializer;
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
 * <p>Like Caffeine's builder, each option is set at most once: setting one twice, or setting the
 * backend (or the serializer) both as a URL and as an instance, throws
 * {@link IllegalStateException} naming the value already set. {@link #toString()} shows the
 * configuration, with passwords in URLs masked.
 *
 * <p>Not thread-safe; the built cache is.
 *
 * @param <V> the type of values
 */
public final class CacheBuilder<V> {
  private static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(30);
  private static final long UNSET = -1;

  private final TypeRef<V> valueType;
  private final StoreSpec store = new StoreSpec();
  private @Nullable String namespace;
  private @Nullable Duration defaultTtl;
  private boolean defaultTtlSet;
  private boolean strict;
  private @Nullable Duration operationTimeout;
  private @Nullable Duration loadTimeout;
  private long maxValueBytes = UNSET;
  private @Nullable Boolean recordStats;

  CacheBuilder(TypeRef<V> valueType) {
    this.valueType = Objects.requireNonNull(valueType, "valueType");
  }

  /**
   * Uses the backend a URL names, such as {@code memory://}, {@code file:///var/cache/app} or
   * {@code redis://localhost:6379/0}. The cache owns it and closes it in {@link Cache#close()}.
   *
   * @throws IllegalStateException when a backend was already set
   */
  public CacheBuilder<V> backend(String url) {
    store.backend(url);
    return this;
  }

  /**
   * Uses a backend instance, which may be shared by several caches (give each its own namespace).
   * The caller keeps ownership: {@link Cache#close()} leaves it open.
   *
   * @throws IllegalStateException when a backend was already set
   */
  public CacheBuilder<V> backend(Backend backend) {
    store.backend(backend);
    return this;
  }

  /**
   * Uses the serializer chain a URL names, such as {@code json+zstd://?compression-level=3}.
   *
   * @throws IllegalStateException when a serializer was already set
   */
  public CacheBuilder<V> serializer(String url) {
    store.serializer(url);
    return this;
  }

  /**
   * Uses a serializer instance.
   *
   * @throws IllegalStateException when a serializer was already set
   */
  public CacheBuilder<V> serializer(Serializer<V> serializer) {
    store.serializer(serializer);
    return this;
  }

  /**
   * Sets the namespace that prefixes every key ({@code <namespace>:<key>}) and scopes
   * {@link Cache#clear()}. Non-empty, without {@code ':'}.
   *
   * @throws IllegalArgumentException when the namespace is empty or holds {@code ':'}
   * @throws IllegalStateException when the namespace was already set
   */
  public CacheBuilder<V> namespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    StoreSpec.requireUnset("namespace", this.namespace);
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
   * @throws IllegalStateException when the default TTL was already set
   */
  public CacheBuilder<V> defaultTtl(Duration ttl) {
    if (defaultTtlSet) {
      throw StoreSpec.alreadySet("defaultTtl", defaultTtl == null ? "NEVER" : defaultTtl);
    }
    this.defaultTtl = CacheEngine.ttl(ttl);
    this.defaultTtlSet = true;
    return this;
  }

  /**
   * Makes backend failures throw {@link CacheException} instead of failing open (a read error
   * becoming a miss, a write error being logged and counted).
   *
   * @throws IllegalStateException when strict mode was already set
   */
  public CacheBuilder<V> strict() {
    if (strict) {
      throw StoreSpec.alreadySet("strict", true);
    }
    this.strict = true;
    return this;
  }

  /**
   * Bounds each backend operation of the {@link AsyncCache}, and the store steps that follow a miss
   * in {@code get(key, loader)} of both faces, which share one such timeout; default 5 seconds.
   * (Blocking operations of {@link Cache} are bounded by the backend's own timeouts.)
   *
   * @throws IllegalArgumentException when the timeout is zero or negative
   * @throws IllegalStateException when the timeout was already set
   */
  public CacheBuilder<V> operationTimeout(Duration timeout) {
    StoreSpec.requireUnset("operationTimeout", operationTimeout);
    this.operationTimeout = positive("operationTimeout", timeout);
    return this;
  }

  /**
   * How long {@code get(key, loader)} waits for another caller's load of the same key (in this JVM,
   * or in another process through the backend's lease) before it runs the loader itself; default
   * 30 seconds. A loader that hangs thus delays the others by at most this long.
   *
   * @throws IllegalArgumentException when the timeout is zero or negative
   * @throws IllegalStateException when the timeout was already set
   */
  public CacheBuilder<V> loadTimeout(Duration timeout) {
    StoreSpec.requireUnset("loadTimeout", loadTimeout);
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
   *
   * @throws IllegalArgumentException when the limit is not positive
   * @throws IllegalStateException when the limit was already set
   */
  public CacheBuilder<V> maxValueBytes(long maxValueBytes) {
    if (this.maxValueBytes != UNSET) {
      throw StoreSpec.alreadySet("maxValueBytes", this.maxValueBytes);
    }
    if (maxValueBytes <= 0) {
      throw new IllegalArgumentException("maxValueBytes must be positive, was " + maxValueBytes);
    }
    this.maxValueBytes = maxValueBytes;
    return this;
  }

  /**
   * Whether the cache counts its hits, misses, puts and loads for {@link Cache#stats()}; default
   * true. Hits, misses and puts are counted in per-thread cells without an atomic instruction;
   * loads in a {@code LongAdder} (one atomic increment, as Caffeine's {@code recordStats()}
   * counts). On an in-process hit counting is still a few instructions over a bare map lookup:
   * turn it off where only speed matters. With it off, {@link Cache#stats()} reports zero for those
   * counts and still reports {@link CacheStats#errorCount()} and {@link CacheStats#evictionCount()}.
   *
   * @throws IllegalStateException when it was already set
   */
  public CacheBuilder<V> recordStats(boolean recordStats) {
    if (this.recordStats != null) {
      throw StoreSpec.alreadySet("recordStats", this.recordStats);
    }
    this.recordStats = recordStats;
    return this;
  }

  /**
   * Builds the cache. The builder may build again (each cache opens its own backend from a URL).
   *
   * @throws IllegalArgumentException when a URL is invalid, or the serializer does not fit the
   *     backend (for example {@code noop} with a byte backend and non-{@code byte[]} values)
   */
  public Cache<V> build() {
    String namespace = this.namespace != null ? this.namespace : "default";
    Duration operationTimeout = this.operationTimeout != null ? this.operationTimeout
        : DEFAULT_OPERATION_TIMEOUT;
    Duration loadTimeout = this.loadTimeout != null ? this.loadTimeout : DEFAULT_LOAD_TIMEOUT;
    long maxValueBytes = this.maxValueBytes != UNSET ? this.maxValueBytes : Long.MAX_VALUE;
    boolean recordStats = this.recordStats == null || this.recordStats;
    return store.open(opened -> {
      Backend backend = opened.backend();
      boolean ownsBackend = opened.ownsBackend();
      Serializer<V> chosen = opened.serializer(valueType);
      return new DefaultCache<>(new CacheEngine<>(backend, ownsBackend, chosen, namespace,
          defaultTtl, strict, operationTimeout, loadTimeout, maxValueBytes, recordStats));
    });
  }

  /**
   * The configuration, such as {@code CacheBuilder{valueType=User, backend=redis://u:***@host,
   * serializer=json://, namespace=users, defaultTtl=PT5M, strict=false, operationTimeout=PT5S,
   * loadTimeout=PT30S, maxValueBytes=none, recordStats=true}}; passwords in URLs are masked.
   */
  @Override
  public String toString() {
    return "CacheBuilder{valueType=" + valueType + ", " + store
        + ", namespace=" + (namespace != null ? namespace : "default")
        + ", defaultTtl=" + (defaultTtl != null ? defaultTtl : "NEVER")
        + ", strict=" + strict
        + ", operationTimeout=" + (operationTimeout != null ? operationTimeout
            : DEFAULT_OPERATION_TIMEOUT)
        + ", loadTimeout=" + (loadTimeout != null ? loadTimeout : DEFAULT_LOAD_TIMEOUT)
        + ", maxValueBytes=" + (maxValueBytes != UNSET ? maxValueBytes : "none")
        + ", recordStats=" + (recordStats == null || recordStats) + "}";
  }

  /** The error of an option set twice, like Caffeine's: it names the value already set. */
  static IllegalStateException alreadySet(String option, Object current) {
    return new IllegalStateException(option + " was already set to " + current
        + "; set each option once");
  }
}
