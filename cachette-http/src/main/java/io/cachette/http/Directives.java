package io.cachette.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The directives of {@code Cache-Control} header lines (RFC 9111 §5.2, RFC 5861), by lower-case
 * name. Lenient as a cache must be: unknown directives are kept and ignored, a directive repeated
 * keeps its first value, and a malformed delta-seconds value (RFC 9111 §1.2.2: {@code abc},
 * {@code -5}, {@code 1.5}, empty) reads as 0, so that a response whose freshness cannot be read is
 * stale rather than fresh for ever, and a {@code stale-while-revalidate} or {@code stale-if-error}
 * window that cannot be read is no window at all (the directive is ignored).
 */
final class Directives {
  static final Directives NONE = new Directives(Map.of());

  /** RFC 9111 §1.2.2: a delta-seconds too large to hold is 2^31. */
  static final long MAX_DELTA_SECONDS = 2_147_483_648L;

  private final Map<String, @Nullable String> values;

  private Directives(Map<String, @Nullable String> values) {
    this.values = values;
  }

  /**
   * The last lines parsed and their directives: most responses of a client carry the same
   * Cache-Control, which a hit would otherwise parse again. Both are immutable, so the pair is
   * safe to share between threads.
   */
  private static volatile @Nullable Parsed last;

  private record Parsed(List<String> lines, Directives directives) {}

  static Directives parse(List<String> headerLines) {
    if (headerLines.isEmpty()) {
      return NONE;
    }
    Parsed previous = last;
    if (previous != null && previous.lines().equals(headerLines)) {
      return previous.directives();
    }
    Directives parsed = parseLines(headerLines);
    last = new Parsed(List.copyOf(headerLines), parsed);
    return parsed;
  }

  private static Directives parseLines(List<String> headerLines) {
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    for (String line : headerLines) {
      for (String part : splitOutsideQuotes(line)) {
        String directive = part.trim();
        if (directive.isEmpty()) {
          continue;
        }
        int eq = directive.indexOf('=');
        String name = (eq < 0 ? directive : directive.substring(0, eq)).trim()
            .toLowerCase(Locale.ROOT);
        String value = eq < 0 ? null : unquote(directive.substring(eq + 1).trim());
        if (!name.isEmpty() && !values.containsKey(name)) {
          values.put(name, value);
        }
      }
    }
    return new Directives(values);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * A delta-seconds directive: -1 when absent, 0 when malformed, at most {@link #MAX_DELTA_SECONDS}.
   */
  long seconds(String name) {
    if (!values.containsKey(name)) {
      return -1;
    }
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      return 0;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return 0;
      }
    }
    if (value.length() > 10) {
      return MAX_DELTA_SECONDS;
    }
    return Math.min(Long.parseLong(value), MAX_DELTA_SECONDS);
  }

  /** {@code max-stale}: -1 when absent, {@link Long#MAX_VALUE} without a value (any staleness). */
  long maxStaleSeconds() {
    if (!values.containsKey("max-stale")) {
      return -1;
    }
    String value = values.get("max-stale");
    return value == null ? Long.MAX_VALUE : seconds("max-stale");
  }

  private static List<String> splitOutsideQuotes(String line) {
    List<String> parts = new java.util.ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        parts.add(line.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(line.substring(start));
    return parts;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
