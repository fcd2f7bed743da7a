package io.cachette.memo;

import io.cachette.CacheException;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
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
 * <p>Not thread-safe; the built memoizer is.
 */
public final class MemoizerBuilder {
  private @Nullable Backend backend;
  private @Nullable String backendUrl;
  private @Nullable String serializerUrl;
  private @Nullable Duration defaultTtl;
  private KeyStyle keyStyle = KeyStyle.READABLE;
  private boolean strict;

  MemoizerBuilder() {}

  /**
   * Uses the backend a URL names, such as {@code memory://}, {@code file:///var/cache/app} or
   * {@code redis://localhost:6379/0}. The memoizer opens it in {@link #build()} and closes it in
   * {@link Memoizer#close()}.
   */
  public MemoizerBuilder backend(String url) {
    this.backendUrl = Objects.requireNonNull(url, "url");
    this.backend = null;
    return this;
  }

  /**
   * Uses a backend instance, shared by all the memoizer's namespaces. The caller keeps ownership:
   * {@link Memoizer#close()} leaves it open.
   */
  public MemoizerBuilder backend(Backend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.backendUrl = null;
    return this;
  }

  /**
   * Uses the serializer chain a URL names, such as {@code json://} or {@code json+zstd://}, built
   * for each method's return type.
   */
  public MemoizerBuilder serializer(String url) {
    this.serializerUrl = Objects.requireNonNull(url, "url");
    return this;
  }

  /**
   * Sets how long results live when a method or wrapper gives no TTL; {@code null} (the default)
   * means they never expire.
   *
   * @throws IllegalArgumentException when the TTL is zero or negative
   */
  public MemoizerBuilder defaultTtl(@Nullable Duration ttl) {
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("defaultTtl must be positive, was " + ttl
          + "; use null for results that never expire");
    }
    this.defaultTtl = ttl;
    return this;
  }

  /** Sets how calls become keys when no {@link KeyGenerator} is given; default READABLE. */
  public MemoizerBuilder keyStyle(KeyStyle style) {
    this.keyStyle = Objects.requireNonNull(style, "style");
    return this;
  }

  /**
   * Makes backend failures reach callers as {@link CacheException} instead of failing open (a read
   * error running the method, a write error being logged and counted).
   */
  public MemoizerBuilder strict() {
    this.strict = true;
    return this;
  }

  /**
   * Builds the memoizer.
   *
   * @throws IllegalArgumentException when the backend or serializer URL is invalid
   */
  public Memoizer build() {
    boolean ownsBackend = backend == null;
    Backend store = backend != null ? backend
        : Backends.fromUrl(backendUrl != null ? backendUrl : "memory://");
    try {
      String serializer = serializerUrl != null ? serializerUrl
          : store.storesObjects() ? "noop://" : "json://";
      // Fails now on a bad URL rather than at the first proxy.
      boolean passThrough = Serializers.fromUrl(serializer).isPassThrough();
      return new DefaultMemoizer(store, ownsBackend, serializer,
          passThrough && store.storesObjects(), defaultTtl, keyStyle, strict);
    } catch (RuntimeException e) {
      if (ownsBackend) {
        store.close();
      }
      throw e;
    }
  }
}
