package io.cachette.memo;

import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link Cached#enabled()}: a constant, or a system property / environment variable.
 *
 * <p>Public so that other Cachette faces (the API client's {@code @Memoize}) read the switch the
 * same way; applications write the text in annotations rather than call this. Thread-safe.
 */
public final class EnabledSwitch {
  private EnabledSwitch() {}

  /**
   * Whether caching is on, reading the live system properties and environment: {@code "true"} or
   * {@code "false"} (also on/off, yes/no, 1/0), or the name of a system property or environment
   * variable, optionally followed by {@code :true} or {@code :false} for when neither is set.
   *
   * @throws IllegalArgumentException when the text or the switch's value is not understood
   */
  public static boolean isEnabled(String text) {
    return isEnabled(text, System::getProperty, System::getenv);
  }

  /**
   * Whether caching is on.
   *
   * @throws IllegalArgumentException when the text or the switch's value is not understood
   */
  static boolean isEnabled(String text, UnaryOperator<@Nullable String> properties,
      UnaryOperator<@Nullable String> environment) {
    String trimmed = text.strip();
    Boolean constant = bool(trimmed);
    if (constant != null) {
      return constant;
    }
    String name = trimmed;
    boolean fallback = true;
    int colon = trimmed.lastIndexOf(':');
    if (colon >= 0) {
      Boolean parsed = bool(trimmed.substring(colon + 1).strip());
      if (parsed == null) {
        throw new IllegalArgumentException("enabled '" + text + "': the default after ':' must be "
            + "true or false, as in \"app.cache.users:false\"");
      }
      fallback = parsed;
      name = trimmed.substring(0, colon).strip();
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("enabled '" + text + "' must be \"true\", \"false\", or "
          + "the name of a system property or environment variable");
    }
    String value = properties.apply(name);
    String source = "system property";
    if (value == null) {
      value = environment.apply(name);
      source = "environment variable";
    }
    if (value == null) {
      return fallback;
    }
    Boolean parsed = bool(value.strip());
    if (parsed == null) {
      throw new IllegalArgumentException("enabled '" + text + "': " + source + " " + name + "='"
          + value + "' is not a switch; use true/false, on/off, yes/no or 1/0");
    }
    return parsed;
  }

  private static @Nullable Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1" -> Boolean.TRUE;
      case "false", "off", "no", "0" -> Boolean.FALSE;
      default -> null;
    };
  }
}
