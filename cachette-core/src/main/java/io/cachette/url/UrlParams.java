package io.cachette.url;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of a {@link CacheUrl}, read through typed accessors that validate each value
 * and remember which names were asked for.
 *
 * <p>A provider reads every parameter it supports, then calls {@link #rejectUnknown(String)}: any
 * parameter nobody asked for is refused with a message listing the ones that are supported. That
 * way the list of allowed parameters is always the list of parameters actually read. Values that do
 * not parse or are out of range fail at once with a message naming the parameter and its allowed
 * values.
 *
 * <p><b>Names.</b> A parameter is named as the kebab-case of the builder option that sets the
 * same thing, so that one option has one name in code and in configuration: the builder option
 * {@code maxSize} is the parameter {@code max-size}, {@code loadLease} is {@code load-lease},
 * {@code busyTimeout} is {@code busy-timeout}. Parameters with no builder option use the same
 * style (lower case, words joined by {@code '-'}).
 *
 * <p>Thread-safe, but meant to be read by one provider at a time while a URL is being opened.
 */
public final class UrlParams {
  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  private final String url;
  private final Map<String, String> values;
  private final Set<String> asked = Collections.newSetFromMap(new ConcurrentHashMap<>());

  private UrlParams(String url, Map<String, String> values) {
    this.url = url;
    this.values = values;
  }

  static UrlParams parse(String url, String query) {
    return new UrlParams(url, Collections.unmodifiableMap(CacheUrl.parseQuery(url, query)));
  }

  /** Parameters from a plain map, for building a provider without a URL (names are lower-cased). */
  public static UrlParams of(Map<String, String> values) {
    Map<String, String> lower = new java.util.LinkedHashMap<>();
    values.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return new UrlParams("(parameters)", Collections.unmodifiableMap(lower));
  }

  /** All parameters as given (names lower-cased). */
  public Map<String, String> asMap() {
    return values;
  }

  /** Whether the parameter was given. Counts as asking for it. */
  public boolean has(String name) {
    asked.add(name);
    return values.containsKey(name);
  }

  /** The raw value, or null when absent. Counts as asking for it. */
  public @Nullable String string(String name) {
    asked.add(name);
    return values.get(name);
  }

  /** The raw value, or {@code fallback} when absent. */
  public String string(String name, String fallback) {
    String value = string(name);
    return value == null ? fallback : value;
  }

  /**
   * An integer in {@code [min, max]}, or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException when the value is not an integer or out of range
   */
  public int integer(String name, int fallback, int min, int max) {
    long value = longValue(name, fallback, min, max);
    return (int) value;
  }

  /** A long in {@code [min, max]}, or {@code fallback} when absent. */
  public long longValue(String name, long fallback, long min, long max) {
    String text = string(name);
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw invalid(name, text, "an integer from " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw invalid(name, text, "an integer from " + min + " to " + max);
    }
    return value;
  }

  /** A boolean ({@code true/false/yes/no/on/off/1/0}, or empty meaning true), or {@code fallback}. */
  public boolean bool(String name, boolean fallback) {
    String text = string(name);
    if (text == null) {
      return fallback;
    }
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "":
      case "true":
      case "yes":
      case "on":
      case "1":
        return true;
      case "false":
      case "no":
      case "off":
      case "0":
        return false;
      default:
        throw invalid(name, text, "true or false");
    }
  }

  /**
   * A positive duration, or {@code fallback} when absent. Accepts {@code 250ms}, {@code 2s},
   * {@code 5m}, {@code 1h}, {@code 2d}, a bare number of seconds, or ISO-8601 ({@code PT5M}).
   */
  public @Nullable Duration duration(String name, @Nullable Duration fallback) {
    String text = string(name);
    if (text == null) {
      return fallback;
    }
    try {
      Duration value = parseDuration(text);
      if (value.isNegative() || value.isZero()) {
        throw invalid(name, text, "a positive duration such as 500ms, 2s, 5m or PT1H");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw invalid(name, text, "a positive duration such as 500ms, 2s, 5m or PT1H");
    }
  }

  /** One of the given choices (case-insensitive), or {@code fallback} when absent. */
  public String choice(String name, String fallback, Set<String> choices) {
    String text = string(name);
    if (text == null) {
      return fallback;
    }
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (!choices.contains(value)) {
      throw invalid(name, text, "one of " + new TreeSet<>(choices));
    }
    return value;
  }

  /**
   * The URL parameter name of a builder option: its camelCase name in kebab-case, such as
   * {@code maxSize} to {@code max-size} (see "Names" above).
   *
   * @throws IllegalArgumentException when {@code option} is empty or not a Java identifier in
   *     camelCase (letters and digits, starting with a lower-case letter)
   */
  static String kebabCase(String option) {
    if (!option.matches("[a-z][A-Za-z0-9]*")) {
      throw new IllegalArgumentException("not a camelCase option name: '" + option + "'");
    }
    StringBuilder out = new StringBuilder(option.length() + 4);
    for (int i = 0; i < option.length(); i++) {
      char c = option.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Refuses any parameter that no accessor asked for.
   *
   * @param what what the parameters configure, for the message (for example {@code "redis://"})
   * @throws IllegalArgumentException naming the unknown parameters and the supported ones
   */
  public void rejectUnknown(String what) {
    Set<String> unknown = new LinkedHashSet<>(values.keySet());
    unknown.removeAll(asked);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown parameter" + (unknown.size() > 1 ? "s " : " ")
          + unknown + " in '" + url + "' for " + what + "; supported: "
          + (asked.isEmpty() ? "none" : new TreeSet<>(asked).toString()));
    }
  }

  private IllegalArgumentException invalid(String name, String value, String allowed) {
    return new IllegalArgumentException("Invalid value '" + value + "' for parameter '" + name
        + "' in '" + url + "': expected " + allowed);
  }

  /**
   * Parses a duration: {@code 300} (seconds), {@code 250ms}, {@code 300s}, {@code 5m}, {@code 1h},
   * {@code 2d}, decimals such as {@code 1.5s}, or ISO-8601 such as {@code PT5M} or {@code P1D}.
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static Duration parseDuration(String text) {
    String value = text.strip();
    if (value.length() > 1 && (value.charAt(0) == 'P' || value.charAt(0) == 'p')) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a duration: '" + text + "'");
      }
    }
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text
          + "' (use e.g. 300, 250ms, 300s, 5m, 1h, 2d or PT5M)");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    double nanosPerUnit;
    switch (unit) {
      case "ms": nanosPerUnit = 1e6; break;
      case "s": nanosPerUnit = 1e9; break;
      case "m": nanosPerUnit = 60e9; break;
      case "h": nanosPerUnit = 3600e9; break;
      default: nanosPerUnit = 86400e9; break;
    }
    double nanos = amount * nanosPerUnit;
    if (nanos > Long.MAX_VALUE) {
      throw new IllegalArgumentException("duration too long: '" + text + "'");
    }
    return Duration.ofNanos((long) nanos);
  }
}
