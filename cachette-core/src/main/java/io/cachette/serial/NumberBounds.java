package io.cachette.serial;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The bounds on big numbers read from stored JSON, so that no stored value costs more to decode
 * (or to compute with afterwards) than its size suggests: parsing a number of n digits takes time
 * quadratic in n, and a decimal of scale -999,999,999 is a few bytes that a later {@code add} or
 * {@code toPlainString} turns into a billion digits.
 *
 * <ul>
 *   <li>a {@code BigInteger} has at most {@value #MAX_DIGITS} digits (Jackson's default
 *       {@code StreamReadConstraints.maxNumberLength});</li>
 *   <li>a {@code BigDecimal} has at most {@value #MAX_DIGITS} digits of precision, a scale between
 *       -{@value #MAX_SCALE} and {@value #MAX_SCALE}, and text of at most
 *       {@value #MAX_DECIMAL_TEXT} characters.</li>
 * </ul>
 * Every method throws {@link IllegalArgumentException} for a number over a bound, before the
 * expensive part of parsing.
 */
final class NumberBounds {
  static final int MAX_DIGITS = 1_000;
  static final int MAX_SCALE = 10_000;
  /** The digits plus room for a sign, a decimal point and an exponent. */
  static final int MAX_DECIMAL_TEXT = MAX_DIGITS + 32;
  /** {@code 2^3322 > 10^1000}: a longer number has more than {@link #MAX_DIGITS} digits. */
  private static final int MAX_BITS = 3322;

  private NumberBounds() {}

  /** Parses a {@code BigInteger} of at most {@link #MAX_DIGITS} digits. */
  static BigInteger parseBigInteger(String text) {
    boolean signed = text.startsWith("-") || text.startsWith("+");
    int digits = text.length() - (signed ? 1 : 0);
    if (digits > MAX_DIGITS) {
      throw new IllegalArgumentException("a bigint of " + digits + " digits is over the bound of "
          + MAX_DIGITS + " digits");
    }
    return new BigInteger(text);
  }

  /** The text of a {@code BigInteger}, refusing one that {@link #parseBigInteger} would refuse. */
  static String bigIntegerText(BigInteger value) {
    String text = value.bitLength() > MAX_BITS ? "" : value.toString();
    if (text.isEmpty() || text.length() - (value.signum() < 0 ? 1 : 0) > MAX_DIGITS) {
      throw new IllegalArgumentException("a BigInteger over " + MAX_DIGITS + " digits cannot be "
          + "stored as tagged JSON (it could not be read back); store it as a String or a byte[]");
    }
    return text;
  }

  /** Parses a {@code BigDecimal} within the bounds. */
  static BigDecimal parseBigDecimal(String text) {
    if (text.length() > MAX_DECIMAL_TEXT) {
      throw new IllegalArgumentException("a decimal of " + text.length() + " characters is over "
          + "the bound of " + MAX_DECIMAL_TEXT + " characters");
    }
    return checkBigDecimal(new BigDecimal(text));
  }

  /** The value itself, if its precision and scale are within the bounds. */
  static BigDecimal checkBigDecimal(BigDecimal value) {
    if (value.precision() > MAX_DIGITS || Math.abs((long) value.scale()) > MAX_SCALE) {
      throw new IllegalArgumentException("a decimal with " + value.precision() + " digits and "
          + "scale " + value.scale() + " is over the bounds of " + MAX_DIGITS + " digits and a "
          + "scale between -" + MAX_SCALE + " and " + MAX_SCALE);
    }
    return value;
  }
}
