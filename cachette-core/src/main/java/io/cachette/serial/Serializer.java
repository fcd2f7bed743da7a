package io.cachette.serial;

import io.cachette.SerializationException;

/**
 * Turns values into bytes and back. Obtain one from {@link Serializers#fromUrl(String, java.lang.reflect.Type)}
 * (for example {@code json+zstd://?compression-level=3}) or write your own.
 *
 * <p>The {@link #id()} is stored with every entry, so that bytes written by a different serializer
 * are recognised on read and treated as a miss rather than decoded into a wrong value.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @param <T> the type of values
 */
public interface Serializer<T> {

  /**
   * A short identifier of the wire format, stored with each entry: the chain of layer names such as
   * {@code json+zstd}. Parameters that do not change the format (a compression level) are left out.
   * At most 255 ASCII characters.
   */
  String id();

  /**
   * Serializes a value.
   *
   * @throws SerializationException when the value cannot be serialized
   */
  byte[] serialize(T value);

  /**
   * Reads a value back.
   *
   * @throws SerializationException when the bytes are corrupt, truncated or of another format
   */
  T deserialize(byte[] bytes);

  /**
   * Whether this serializer keeps values as they are ({@code noop}). A cache over a backend that
   * stores objects then skips serialization entirely; over a byte backend, values must be
   * {@code byte[]}.
   */
  default boolean isPassThrough() {
    return false;
  }
}
