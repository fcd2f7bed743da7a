package io.cachette.serial;

import io.cachette.url.UrlParams;
import java.lang.reflect.Type;

/**
 * Creates the value layer of a serializer chain ({@code json}, {@code java}, {@code msgpack},
 * {@code string}, {@code noop}, or a user's own) for {@link Serializers#fromUrl}. Registered in
 * {@code META-INF/services/io.cachette.serial.SerializerProvider}.
 */
public interface SerializerProvider {

  /** The lower-case layer name, as written in URLs: {@code json}. */
  String name();

  /**
   * Creates a serializer for values of the given type.
   *
   * @param valueType the cache's declared value type ({@code Object.class} when unknown)
   * @param params the URL's parameters; read the ones this layer supports
   * @throws IllegalArgumentException when a parameter is invalid or the type is not supported
   */
  Serializer<?> create(Type valueType, UrlParams params);
}
