package io.cachette.memo;

import io.cachette.CacheException;
import io.cachette.StoreSpec;
import io.cachette.backend.Backend;
import io.cachette.serial.Serializers;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures and builds a {@link Memoizer}. Setters validate at once; {@link #build()} opens the
 * backend (when given as a URL) and checks the serializer URL.
 *
 * <p>Defaults: backend {@code memory://}; serializer {@code noop} over the in-memory backend,
 * {@code json} otherwise; no default TTL (results never expire unless a method says so);
 * {@link KeyStyle#READABLE} keys; fail-open.
 *
 * <p>Each option is set at most once: setting one twice, or the backend both as a URL and as an
 * instance, throws {@link IllegalStateException} naming the value already set.
 * {@link #toString()} shows the configuration, with passwords in URLs masked.
 *
 * <p>Not thread-safe; the built memoizer is.
 */
public final class MemoizerBuilder {
  private final StoreSpec store = new StoreSpec();
  private @Nullable Duration defaultTtl;
  private boolean defaultTtlSet;
  private @Nullable KeyStyle keyStyle;
  private boolean strict;
  private @Nullable Boolean recordStats;

  MemoizerBuilder() {}

  /**
   * Uses the backend a URL names, such as {@code memory://}, {@code file:///var/cache/app} or
   * {@code redis://localhost:6379/0}. The memoizer opens it in {@link #build()} and closes it in
   * {@link Memoizer#close()}.
   *
   * @throws IllegalStateException when a backend was already set
   */
  public MemoizerBuilder backend(String url) {
    store.backend(url);
    return this;
  }

  /**
   * Uses a backend instance, shared by all the memoizer's namespaces. The caller keeps ownership:
   * {@link Memoizer#close()} leaves it open.
   *
   * @throws IllegalStateException when a backend was already set
   */
  public MemoizerBuilder backend(Backend backend) {
    store.backend(backend);
    return this;
  }

  /**
   * Uses the serializer chain a URL names, such as {@code json://} or {@code json+zstd://}, built
   * for each method's return type.
   *
   * @throws IllegalStateException when a serializer was already set
   */
  public MemoizerBuilder serializer(String url) {
    store.serializer(url);
    return this;
  }

  /**
   * Sets how long results live when a method or wrapper gives no TTL; {@code null} (the default)
   * means they never expire.
   *
   * @throws IllegalArgumentException when the TTL is zero or negative
   * @throws IllegalStateException when the default TTL was already set
   */
  public MemoizerBuilder defaultTtl(@Nullable Duration ttl) {
    if (defaultTtlSet) {
      throw StoreSpec.alreadySet("defaultTtl", defaultTtl == null ? "null (never expire)" : defaultTtl);
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("defaultTtl must be positive, was " + ttl
          + "; use null for results that never expire");
    }
    this.defaultTtl = ttl;
    this.defaultTtlSet = true;
    return this;
  }

  /**
   * Sets how calls become keys when no {@link KeyGenerator} is given; default READABLE.
   *
   * @throws IllegalStateException when the key style was already set
   */
  public MemoizerBuilder keyStyle(KeyStyle style) {
    Objects.requireNonNull(style, "style");
    if (keyStyle != null) {
      throw StoreSpec.alreadySet("keyStyle", keyStyle);
    }
    this.keyStyle = style;
    return this;
  }

  /**
   * Makes backend failures reach callers as {@link CacheException} instead of failing open (a read
   * error running the method, a write error being logged and counted): the memoizer's caches are
   * built {@link io.cachette.CacheBuilder#strict() strict}.
   *
   * @throws IllegalStateException when strict mode was already set
   */
  public MemoizerBuilder strict() {
    if (strict) {
      throw StoreSpec.alreadySet("strict", true);
    }
    this.strict = true;
    return this;
  }

  /**
   * Whether the memoizer's caches count hits, misses, puts and loads for {@link Memoizer#stats()};
   * default true. See {@link io.cachette.CacheBuilder#recordStats(boolean)}: with it off, a
   * memoized hit counts nothing and the stats report only errors and evictions.
   *
   * @throws IllegalStateException when it was already set
   */
  public MemoizerBuilder recordStats(boolean recordStats) {
    if (this.recordStats != null) {
      throw StoreSpec.alreadySet("recordStats", this.recordStats);
    }
    this.recordStats = recordStats;
    return this;
  }

  /**
   * Builds the memoizer. The builder may build again (each memoizer opens its own backend from a
   * URL).
   *
   * @throws IllegalArgumentException when the backend or serializer URL is invalid
   */
  public Memoizer build() {
    KeyStyle style = keyStyle != null ? keyStyle : KeyStyle.READABLE;
    return store.open(opened -> {
      Backend backend = opened.backend();
      // The memoizer takes only serializer URLs, so there always is one.
      String serializer = Objects.requireNonNull(opened.serializerUrl());
      // Fails now on a bad URL rather than at the first proxy.
      boolean passThrough = Serializers.fromUrl(serializer).isPassThrough();
      return new DefaultMemoizer(backend, opened.ownsBackend(), serializer,
          passThrough && backend.storesObjects(), defaultTtl, style, strict,
          recordStats == null || recordStats);
    });
  }

  /**
   * The configuration, such as {@code MemoizerBuilder{backend=redis://u:***@host,
   * serializer=json://, defaultTtl=never, keyStyle=READABLE, strict=false, recordStats=true}};
   * passwords in URLs are masked.
   */
  @Override
  public String toString() {
    return "MemoizerBuilder{" + store
        + ", defaultTtl=" + (defaultTtl != null ? defaultTtl : "never")
        + ", keyStyle=" + (keyStyle != null ? keyStyle : KeyStyle.READABLE)
        + ", strict=" + strict
        + ", recordStats=" + (recordStats == null || recordStats) + "}";
  }
}
