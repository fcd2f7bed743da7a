package io.cachette;

import org.jspecify.annotations.Nullable;

/**
 * A value could not be serialized, or stored bytes could not be read back (corrupt bytes, a
 * different serializer or envelope version, a class refused by the Java allow-list).
 *
 * <p>On reads through a {@link Cache}, this never reaches the caller: the entry is treated as a miss,
 * deleted and logged. It is thrown when a value cannot be written, and by {@link
 * io.cachette.serial.Serializer} methods called directly.
 */
public class SerializationException extends CacheException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message and an optional cause. */
  public SerializationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception with a message. */
  public SerializationException(String message) {
    super(message);
  }
}
