package io.cachette;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import io.cachette.url.CacheUrl;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where a Cachette face keeps its entries, as its builder was told: the backend and the serializer.
 * For the builders of Cachette faces ({@link CacheBuilder}, {@code MemoizerBuilder} and the
 * builders of the HTTP, client, JCache and Spring faces), so that they all read these settings the
 * same way; applications use those builders, not this class.
 *
 * <p>The rules it holds:
 * <ul>
 *   <li>Each setting is given at most once: setting the backend twice (as URLs, as instances or one
 *       of each) or the serializer twice throws {@link IllegalStateException} naming the value
 *       already set.</li>
 *   <li>Ownership: a backend named by a URL (or the default {@code memory://}) is opened by
 *       {@link #open} and owned by the face, which closes it; a backend instance stays the caller's
 *       and is never closed by the face.</li>
 *   <li>The default serializer is {@code noop://} for backends that store objects (memory) and
 *       {@code json://} for the others.</li>
 *   <li>Close on failure: if building the face fails, an owned backend is closed before the error
 *       is rethrown.</li>
 *   <li>{@link #toString()} never shows a password: user info in URLs is masked.</li>
 * </ul>
 *
 * <p>Not thread-safe, like the builders that hold it.
 */
public final class StoreSpec {
  /** The backend used when none is set. */
  public static final String DEFAULT_BACKEND = "memory://";

  private @Nullable String backendUrl;
  private @Nullable Backend backend;
  private @Nullable String serializerUrl;
  private @Nullable Serializer<?> serializer;

  /** An empty spec: the default backend and serializer. */
  public StoreSpec() {}

  /**
   * Sets the backend by URL; the face will own it.
   *
   * @throws NullPointerException when {@code url} is null
   * @throws IllegalStateException when a backend was already set
   */
  public void backend(String url) {
    Objects.requireNonNull(url, "url");
    requireNoBackend();
    this.backendUrl = url;
  }

  /**
   * Sets a backend instance; the caller keeps ownership.
   *
   * @throws NullPointerException when {@code backend} is null
   * @throws IllegalStateException when a backend was already set
   */
  public void backend(Backend backend) {
    Objects.requireNonNull(backend, "backend");
    requireNoBackend();
    this.backend = backend;
  }

  /**
   * Sets the serializer by URL, such as {@code json+zstd://}.
   *
   * @throws NullPointerException when {@code url} is null
   * @throws IllegalStateException when a serializer was already set
   */
  public void serializer(String url) {
    Objects.requireNonNull(url, "url");
    requireNoSerializer();
    this.serializerUrl = url;
  }

  /**
   * Sets a serializer instance.
   *
   * @throws NullPointerException when {@code serializer} is null
   * @throws IllegalStateException when a serializer was already set
   */
  public void serializer(Serializer<?> serializer) {
    Objects.requireNonNull(serializer, "serializer");
    requireNoSerializer();
    this.serializer = serializer;
  }

  /**
   * Opens the store (a backend URL is opened here, once) and builds a face over it with
   * {@code build}. If opening the serializer or {@code build} throws, a backend this spec opened
   * is closed and the exception rethrown.
   *
   * @throws IllegalArgumentException when the backend URL is invalid, or what {@code build} throws
   */
  public <T> T open(Function<? super Store, ? extends T> build) {
    Objects.requireNonNull(build, "build");
    boolean owned = backend == null;
    Backend store = backend != null ? backend
        : Backends.fromUrl(backendUrl != null ? backendUrl : DEFAULT_BACKEND);
    try {
      return build.apply(new Store(store, owned));
    } catch (RuntimeException | Error e) {
      if (owned) {
        try {
          store.close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  /**
   * The settings, for a builder's {@code toString()}: {@code backend=..., serializer=...}, with
   * passwords masked and defaults named as such.
   */
  @Override
  public String toString() {
    String backendText = backend != null ? backend.describe() + " (instance, not owned)"
        : backendUrl != null ? CacheUrl.mask(backendUrl) : DEFAULT_BACKEND + " (default)";
    String serializerText = serializer != null ? serializer.id() + " (instance)"
        : serializerUrl != null ? CacheUrl.mask(serializerUrl)
        : "default (noop:// for object stores, json:// otherwise)";
    return "backend=" + backendText + ", serializer=" + serializerText;
  }

  /**
   * The error of a builder option set twice, as Caffeine words it:
   * {@code "namespace was already set to users; set each option once"}.
   *
   * @param option the option's name, as the builder's method spells it
   * @param current the value already set, as it may be shown (mask secrets first)
   */
  public static IllegalStateException alreadySet(String option, Object current) {
    return new IllegalStateException(option + " was already set to " + current
        + "; set each option once");
  }

  /**
   * Throws {@link #alreadySet} when {@code current}, a builder option's value, is already set
   * (non-null).
   *
   * @throws IllegalStateException when {@code current} is not null
   */
  public static void requireUnset(String option, @Nullable Object current) {
    if (current != null) {
      throw alreadySet(option, current);
    }
  }

  private void requireNoBackend() {
    if (backend != null) {
      throw alreadySet("backend", backend.describe() + " (an instance)");
    }
    if (backendUrl != null) {
      throw alreadySet("backend", CacheUrl.mask(backendUrl));
    }
  }

  private void requireNoSerializer() {
    if (serializer != null) {
      throw alreadySet("serializer", serializer.id() + " (an instance)");
    }
    if (serializerUrl != null) {
      throw alreadySet("serializer", CacheUrl.mask(serializerUrl));
    }
  }

  /** The opened store of a {@link StoreSpec}, handed to the face being built. */
  public final class Store {
    private final Backend backend;
    private final boolean owned;

    private Store(Backend backend, boolean owned) {
      this.backend = backend;
      this.owned = owned;
    }

    /** The backend, open. */
    public Backend backend() {
      return backend;
    }

    /** Whether the face owns the backend (opened it from a URL) and must close it. */
    public boolean ownsBackend() {
      return owned;
    }

    /**
     * The serializer URL that was set, or the default for this backend ({@code noop://} when it
     * stores objects, {@code json://} otherwise); null when a serializer instance was set.
     */
    public @Nullable String serializerUrl() {
      if (serializer != null) {
        return null;
      }
      return serializerUrl != null ? serializerUrl
          : backend.storesObjects() ? "noop://" : "json://";
    }

    /**
     * The serializer for values of {@code valueType}: the instance that was set, or one made from
     * {@link #serializerUrl()}.
     *
     * @throws IllegalArgumentException when the URL is invalid, or the serializer keeps values as
     *     they are ({@code noop}) while the backend stores bytes and the values are not
     *     {@code byte[]}
     */
    @SuppressWarnings("unchecked")
    public <V> Serializer<V> serializer(TypeRef<V> valueType) {
      Objects.requireNonNull(valueType, "valueType");
      String url = serializerUrl();
      Serializer<V> chosen = url == null ? (Serializer<V>) Objects.requireNonNull(serializer)
          : Serializers.fromUrl(url, valueType);
      if (chosen.isPassThrough() && !backend.storesObjects()
          && valueType.rawType() != byte[].class) {
        throw new IllegalArgumentException("The noop serializer keeps values as they are, but "
            + backend.describe() + " stores bytes and the values are " + valueType
            + ": choose a serializer such as json:// or java://");
      }
      return chosen;
    }
  }
}
