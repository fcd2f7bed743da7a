package io.cachette.memo;

import org.jspecify.annotations.Nullable;

/** Boxed values passed for primitive parameters, converted as {@code Method.invoke} would. */
final class Primitives {
  private Primitives() {}

  /**
   * {@code value} as the wrapper of primitive type {@code to}, by identity or a widening
   * conversion (an {@code Integer} for a {@code long} becomes a {@code Long}); null when it does
   * not fit.
   */
  static @Nullable Object widen(Object value, Class<?> to) {
    if (value instanceof Boolean) {
      return to == boolean.class ? value : null;
    }
    if (value instanceof Character c) {
      return to == char.class ? value : widenNumber(c.charValue(), 1, to);
    }
    if (value instanceof Byte b) {
      return widenNumber(b.longValue(), 0, to);
    }
    if (value instanceof Short s) {
      return widenNumber(s.longValue(), 1, to);
    }
    if (value instanceof Integer i) {
      return widenNumber(i.longValue(), 2, to);
    }
    if (value instanceof Long l) {
      return to == long.class ? l : to == float.class ? (Object) (float) l.longValue()
          : to == double.class ? (Object) (double) l.longValue() : null;
    }
    if (value instanceof Float f) {
      return to == float.class ? f : to == double.class ? (Object) (double) f.floatValue() : null;
    }
    if (value instanceof Double d) {
      return to == double.class ? d : null;
    }
    return null;
  }

  /**
   * An integral value of rank 0 (byte), 1 (short or char) or 2 (int) widened to {@code to}.
   * Chars rank with shorts but do not widen to short, nor shorts to char.
   */
  private static @Nullable Object widenNumber(long value, int rank, Class<?> to) {
    if (to == byte.class) {
      return rank == 0 ? (Object) (byte) value : null;
    }
    if (to == short.class) {
      return rank <= 1 ? (Object) (short) value : null;
    }
    if (to == int.class) {
      return (int) value;
    }
    if (to == long.class) {
      return value;
    }
    if (to == float.class) {
      return (float) value;
    }
    if (to == double.class) {
      return (double) value;
    }
    return null;
  }
}
