package io.cachette.memo;

import io.cachette.serial.NullMarkingSerializer;
import io.cachette.serial.Serializer;

/**
 * Lets a memoizer's cache hold "the method returned null" ({@link #NULL}) next to real values, for
 * {@link Cached#cacheNulls()}: a {@link NullMarkingSerializer} with the tag {@code nulls}.
 */
final class NullableSerializer {
  /** Stands for a null result in the cache. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null (cached)";
    }
  };

  private NullableSerializer() {}

  /** The serializer of {@code inner}'s values and of {@link #NULL}. */
  static Serializer<Object> of(Serializer<Object> inner) {
    return new NullMarkingSerializer(inner, NULL, "nulls");
  }
}
