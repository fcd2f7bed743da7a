package io.cachette.serial;

import io.cachette.SerializationException;

/** {@code noop}: values pass through as they are; as bytes, only {@code byte[]} values work. */
final class NoopSerializer<T> implements Serializer<T> {

  @Override
  public String id() {
    return "noop";
  }

  @Override
  public byte[] serialize(T value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    throw new SerializationException("The noop serializer stores values as they are, so over a "
        + "byte backend it needs byte[] values, not " + value.getClass().getName()
        + "; choose a serializer such as json:// or use the memory:// backend");
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(byte[] bytes) {
    return (T) bytes;
  }

  @Override
  public boolean isPassThrough() {
    return true;
  }
}
