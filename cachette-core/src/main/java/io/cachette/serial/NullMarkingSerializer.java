package io.cachette.serial;

import io.cachette.SerializationException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A serializer that also stores one marker object, standing for "the result was null", next to
 * real values: for faces that cache null results (memoization's {@code cacheNulls}, Spring's
 * {@code NullValue}), since a cache never stores null itself. Each entry is one flag byte
 * ({@code 0}: the marker, {@code 1}: a value follows) and then the inner serializer's bytes. Its
 * {@link #id()} is the inner id plus {@code ;<tag>}, so entries written with and without the marker
 * are never read as each other (they read as a miss). Over an object store with {@code noop}, values
 * and the marker are kept as they are ({@link #isPassThrough()} follows the inner serializer).
 *
 * <p>Immutable and thread-safe.
 */
public final class NullMarkingSerializer implements Serializer<Object> {
  private static final byte NULL_FLAG = 0;
  private static final byte VALUE_FLAG = 1;

  private final Serializer<Object> inner;
  private final Object marker;
  private final String id;

  /**
   * A serializer of {@code inner}'s values and of {@code marker}.
   *
   * @param inner the serializer of real values
   * @param marker the object that stands for null; compared by identity
   * @param tag what the entries are, added to the id: {@code nulls}, {@code spring-nulls}
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the tag is empty
   */
  public NullMarkingSerializer(Serializer<Object> inner, Object marker, String tag) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.marker = Objects.requireNonNull(marker, "marker");
    Objects.requireNonNull(tag, "tag");
    if (tag.isEmpty()) {
      throw new IllegalArgumentException("tag must not be empty");
    }
    this.id = inner.id() + ";" + tag;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] serialize(Object value) {
    if (value == marker) {
      return new byte[] {NULL_FLAG};
    }
    byte[] payload = inner.serialize(value);
    byte[] out = new byte[payload.length + 1];
    out[0] = VALUE_FLAG;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  /**
   * Reads a value or the marker back.
   *
   * @throws SerializationException when the flag byte is missing or wrong, or the inner
   *     serializer cannot read the rest
   */
  @Override
  public Object deserialize(byte[] bytes) {
    if (bytes.length == 1 && bytes[0] == NULL_FLAG) {
      return marker;
    }
    if (bytes.length == 0 || bytes[0] != VALUE_FLAG) {
      throw new SerializationException("entry is not of " + id + " (bad null flag)");
    }
    return inner.deserialize(Arrays.copyOfRange(bytes, 1, bytes.length));
  }

  @Override
  public boolean isPassThrough() {
    return inner.isPassThrough();
  }
}
