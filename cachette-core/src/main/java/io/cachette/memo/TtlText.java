package io.cachette.memo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the TTL text of {@link Cached#ttl()} and {@link WrapperBuilder#ttl(String)}. Seconds may
 * have a decimal fraction ({@code "7.5s"}, {@code "0.5"}), exact to the nanosecond; the other units
 * take whole numbers ({@code "1.5h"} is refused: write {@code "90m"}).
 *
 * <p>Public so that other Cachette faces (the API client's {@code @Memoize}) read TTLs the same
 * way; applications write the text in annotations rather than call this. Stateless and thread-safe.
 */
public final class TtlText {
  /** The accepted forms, for error messages. */
  public static final String FORMS = "a number of seconds (\"300\", or with a decimal fraction \"0.5\"), "
      + "a number with a unit ms, s, m, h or d (\"300s\", \"7.5s\", \"5m\", \"1h\", \"2d\"), an "
      + "ISO-8601 duration (\"PT5M\"), \"never\", or empty for the memoizer's default";

  private TtlText() {}

  /**
   * The TTL a text names: {@code fallback} (the memoizer's default) for the empty text, null (never
   * expire) for "never", the duration otherwise.
   *
   * @throws IllegalArgumentException when the text is none of the accepted forms, or not positive
   */
  public static @Nullable Duration parse(String text, @Nullable Duration fallback) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return fallback;
    }
    if (trimmed.equalsIgnoreCase("never")) {
      return null;
    }
    Duration ttl;
    try {
      ttl = parseDuration(trimmed);
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("ttl '" + text + "' is not a duration: use " + FORMS);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl '" + text + "' must be positive; to not cache, use "
          + "enabled = \"false\"");
    }
    return ttl;
  }

  private static Duration parseDuration(String text) {
    char first = text.charAt(0);
    if (first == 'P' || first == 'p' || first == '-' && text.length() > 1
        && Character.toUpperCase(text.charAt(1)) == 'P') {
      return Duration.parse(text);
    }
    int digits = 0;
    while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
      digits++;
    }
    if (digits == 0) {
      throw new NumberFormatException(text);
    }
    int end = digits;
    if (end < text.length() - 1 && text.charAt(end) == '.'
        && Character.isDigit(text.charAt(end + 1))) {
      end++;
      while (end < text.length() && Character.isDigit(text.charAt(end))) {
        end++;
      }
      String unit = text.substring(end).toLowerCase(Locale.ROOT);
      if (!unit.isEmpty() && !unit.equals("s")) {
        throw new NumberFormatException(text);
      }
      // Decimal seconds, exact to the nanosecond; a finer fraction is refused, not rounded.
      return Duration.ofNanos(new BigDecimal(text.substring(0, end)).movePointRight(9)
          .longValueExact());
    }
    long amount = Long.parseLong(text.substring(0, digits));
    String unit = text.substring(digits).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "", "s" -> Duration.ofSeconds(amount);
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw new NumberFormatException(text);
    };
  }
}
