package io.cachette.spring;

import io.cachette.SerializationException;
import io.cachette.serial.Serializer;
import java.util.Arrays;
import org.springframework.cache.support.NullValue;

/**
 * Lets a Cachette cache hold Spring's {@link NullValue} (a cached null result) next to real values.
 * Each entry is one flag byte ({@code 0}: null, {@code 1}: a value follows) and then the inner
 * serializer's bytes. Its id differs from the inner one, so that entries written with and without
 * null caching are never confused (they read as a miss). With {@code noop} over an object store,
 * values and {@link NullValue#INSTANCE} are kept as they are. Thread-safe.
 */
final class NullValueSerializer implements Serializer<Object> {
  private static final byte NULL_FLAG = 0;
  private static final byte VALUE_FLAG = 1;

  private final Serializer<Object> inner;
  private final String id;

  NullValueSerializer(Serializer<Object> inner) {
    this.inner = inner;
    this.id = inner.id() + ";spring-nulls";
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] serialize(Object value) {
    if (value == NullValue.INSTANCE) {
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
      return NullValue.INSTANCE;
    }
    if (bytes.length == 0 || bytes[0] != VALUE_FLAG) {
      throw new SerializationException("entry is not a Spring cache value (bad null flag)");
    }
    return inner.deserialize(Arrays.copyOfRange(bytes, 1, bytes.length));
  }

  @Override
  public boolean isPassThrough() {
    return inner.isPassThrough();
  }
}
