package io.cachette.serial;

import io.cachette.TypeRef;
import io.cachette.url.CacheUrl;
import io.cachette.url.UrlParams;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Builds serializers from URLs whose scheme is a {@code +} chain of layers:
 *
 * <pre>{@code
 * Serializer<User> s = Serializers.fromUrl("json+zstd://?compression-level=3", User.class);
 * Serializer<Object> j = Serializers.fromUrl("java+zlib://?compression-level=6");
 * }</pre>
 *
 * <p>A chain is one optional value layer ({@code json}, {@code java}, {@code msgpack},
 * {@code string}, {@code noop}) followed by any number of byte layers ({@code zlib}, {@code gzip},
 * {@code zstd} (alias {@code zstandard}), {@code lz4}). Layers apply left to right on write and
 * right to left on read. A chain that starts with a byte layer serializes {@code byte[]} values. The wire types are checked here, so
 * an impossible chain such as {@code zstd+json://} fails at once with a message saying why.
 *
 * <p>Parameters are shared by the chain's layers; a parameter no layer reads is refused.
 */
public final class Serializers {
  private static final Map<String, String> KNOWN_MODULES =
      Map.of("msgpack", "cachette-codecs", "zstd", "cachette-codecs", "zstandard",
          "cachette-codecs", "lz4", "cachette-codecs");

  private Serializers() {}

  /** Builds a serializer chain for values of unknown type ({@code Object}). */
  public static Serializer<Object> fromUrl(String url) {
    return fromUrl(url, Object.class);
  }

  /** Builds a serializer chain for values of the given class. */
  @SuppressWarnings("unchecked")
  public static <T> Serializer<T> fromUrl(String url, Class<T> valueType) {
    return (Serializer<T>) fromUrl(url, (Type) valueType);
  }

  /** Builds a serializer chain for values of the given generic type. */
  @SuppressWarnings("unchecked")
  public static <T> Serializer<T> fromUrl(String url, TypeRef<T> valueType) {
    return (Serializer<T>) fromUrl(url, valueType.type());
  }

  /**
   * Builds a serializer chain for values of the given type.
   *
   * @throws IllegalArgumentException when the URL is malformed, a layer is unknown (the message
   *     lists the known layers and the module that adds a missing one), the chain's wire types do
   *     not fit, or a parameter is unknown or invalid
   */
  public static Serializer<?> fromUrl(String url, Type valueType) {
    Objects.requireNonNull(valueType, "valueType");
    CacheUrl parsed = CacheUrl.parse(url);
    if (!parsed.authority().isEmpty() || !parsed.path().isEmpty()) {
      throw new IllegalArgumentException("Serializer URL '" + parsed
          + "' takes no host or path, only parameters: write it as " + parsed.scheme() + "://"
          + (parsed.params().asMap().isEmpty() ? "" : "?..."));
    }
    UrlParams params = parsed.params();
    String[] names = parsed.scheme().split("\\+", -1);
    Map<String, SerializerProvider> values = valueProviders();
    Map<String, CompressorProvider> compressors = compressorProviders();

    Serializer<?> head = null;
    List<Compressor> tail = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      SerializerProvider value = values.get(name);
      CompressorProvider compressor = compressors.get(name);
      if (value != null) {
        if (i > 0) {
          throw new IllegalArgumentException("Impossible serializer chain '" + parsed.scheme()
              + "': '" + name + "' serializes values, but after '" + names[i - 1]
              + "' the value is already bytes. Put the value layer first (json, java, msgpack, "
              + "string or noop) and only compressors after it, e.g. " + name + "+"
              + names[i - 1] + "://");
        }
        head = value.create(valueType, params);
      } else if (compressor != null) {
        if (i == 0 && TypeRef.rawType(valueType) != byte[].class) {
          throw new IllegalArgumentException("Impossible serializer chain '" + parsed.scheme()
              + "': '" + name + "' compresses bytes, but the values are "
              + valueType.getTypeName() + ". Start the chain with a value layer, e.g. json+"
              + parsed.scheme() + "://, or use a byte[] cache");
        }
        tail.add(compressor.create(params));
      } else {
        throw unknownLayer(parsed, name, values, compressors);
      }
    }
    params.rejectUnknown("serializer '" + parsed.scheme() + "://'");
    if (head == null) {
      head = new NoopSerializer<>();
    }
    if (tail.isEmpty()) {
      return head;
    }
    if (head.isPassThrough() && TypeRef.rawType(valueType) != byte[].class) {
      throw new IllegalArgumentException("Impossible serializer chain '" + parsed.scheme()
          + "': noop passes values through unchanged, so compressors after it need byte[] values,"
          + " but the values are " + valueType.getTypeName() + ". Use json+"
          + parsed.scheme().substring(parsed.scheme().indexOf('+') + 1) + ":// instead");
    }
    return new ChainedSerializer<>(head, tail);
  }

  /** The {@code noop} serializer: values are stored as they are. */
  public static <T> Serializer<T> noop() {
    return new NoopSerializer<>();
  }

  /** The registered value layers by name. */
  public static Map<String, SerializerProvider> valueProviders() {
    Map<String, SerializerProvider> byName = new TreeMap<>();
    for (SerializerProvider p : ServiceLoader.load(SerializerProvider.class, loader())) {
      byName.putIfAbsent(p.name(), p);
    }
    return byName;
  }

  /** The registered byte layers by name and by each of their aliases. */
  public static Map<String, CompressorProvider> compressorProviders() {
    Map<String, CompressorProvider> byName = new TreeMap<>();
    for (CompressorProvider p : ServiceLoader.load(CompressorProvider.class, loader())) {
      byName.putIfAbsent(p.name(), p);
    }
    // aliases after every name, so that no alias hides another provider's own name
    for (CompressorProvider p : new ArrayList<>(byName.values())) {
      for (String alias : p.aliases()) {
        byName.putIfAbsent(alias, p);
      }
    }
    return byName;
  }

  private static ClassLoader loader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : Serializers.class.getClassLoader();
  }

  private static IllegalArgumentException unknownLayer(CacheUrl url, String name,
      Map<String, SerializerProvider> values, Map<String, CompressorProvider> compressors) {
    StringBuilder message = new StringBuilder("Unknown serializer layer '").append(name)
        .append("' in '").append(url).append("'. ");
    String module = KNOWN_MODULES.get(name);
    if (module != null) {
      message.append("The ").append(name).append(" layer lives in another module: add io.cachette:")
          .append(module).append(" to your dependencies. ");
    }
    message.append("Value layers here: ").append(values.keySet())
        .append("; compressors here: ").append(compressors.keySet()).append('.');
    return new IllegalArgumentException(message.toString());
  }
}
