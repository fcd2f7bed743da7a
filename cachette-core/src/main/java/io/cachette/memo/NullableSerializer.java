package io.cachette.memo;

import io.cachette.SerializationException;
import io.cachette.serial.Serializer;
import java.util.Arrays;

/**
 * Lets a cache hold "the method returned null" ({@link #NULL}) next to real values, for
 * {@link Cached#cacheNulls()}. Each entry is one flag byte ({@code 0}: null, {@code 1}: a value
 * follows) and then the inner serializer's bytes. Its id differs from the inner one, so that these
 * entries are never read as plain values nor plain values as these. Over the in-memory backend with
 * {@code noop}, values (and the marker) are kept as they are.
 */
final class NullableSerializer implements Serializer<Object> {
  /** Stands for a null result in the cache. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null (cached)";
    }
  };

  private static final byte NULL_FLAG = 0;
  private static final byte VALUE_FLAG = 1;

  private final Serializer<Object> inner;
  private final String id;

  NullableSerializer(Serializer<Object> inner) {
    this.inner = inner;
    this.id = inner.id() + ";nulls";
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] serialize(Object value) {
    if (value == NULL) {
      return new byte[] {NULL_FLAG};
    }
    byte[] payload = inner.serialize(value);
    byte[] out = new byte[payload.length + 1];
    out[0] = VALUE_FLAG;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  @Override
  public Object deserialize(byte[] bytes) {
    if (bytes.length == 1 && bytes[0] == NULL_FLAG) {
      return NULL;
    }
    if (bytes.length == 0 || bytes[0] != VALUE_FLAG) {
      throw new SerializationException("entry is not a memoized value (bad null flag)");
    }
    return inner.deserialize(Arrays.copyOfRange(bytes, 1, bytes.length));
  }

  @Override
  public boolean isPassThrough() {
    return inner.isPassThrough();
  }
}
