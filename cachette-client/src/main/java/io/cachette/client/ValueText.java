package io.cachette.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cachette.serial.JdkValueTypes;
import io.cachette.serial.JsonSerializer;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The text of parameter values, the same in requests and in memo keys: scalars as the text they
 * are sent as ({@code String.valueOf} for numbers and booleans, enums by name, JDK value types by
 * the canonical text of {@link JdkValueTypes}), everything else as compact JSON with sorted keys
 * at every level.
 */
final class ValueText {
  /** One fixed writer, so that keys never depend on a user's mapper settings. */
  private static final ObjectWriter JSON = JsonSerializer.mapperBuilder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build()
      .writer();

  private ValueText() {}

  /** The text of a scalar value, or null when the value is not a scalar. */
  static @Nullable String scalar(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
      return String.valueOf(value);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    JdkValueTypes.Entry entry = JdkValueTypes.textTypeOf(value.getClass());
    return entry == null ? null : entry.text(value);
  }

  /** The text a value is sent as: its scalar text, or compact sorted JSON. */
  static String text(Object value) {
    String scalar = scalar(value);
    return scalar != null ? scalar : json(value);
  }

  /**
   * The texts a parameter sends: none for null or an empty Optional, one per non-null element of
   * an Iterable or array, one otherwise.
   */
  static List<String> texts(@Nullable Object value) {
    List<String> out = new ArrayList<>(1);
    collect(value, out);
    return out;
  }

  private static void collect(@Nullable Object value, List<String> out) {
    if (value == null) {
      return;
    }
    if (value instanceof Optional<?> optional) {
      collect(optional.orElse(null), out);
    } else if (value instanceof Iterable<?> items) {
      for (Object item : items) {
        if (item != null) {
          out.add(text(item));
        }
      }
    } else if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      for (int i = 0; i < length; i++) {
        Object item = Array.get(value, i);
        if (item != null) {
          out.add(text(item));
        }
      }
    } else {
      out.add(text(value));
    }
  }

  /**
   * Appends a value as memo keys render it: {@code null}; a scalar's text with {@code %}, {@code :}
   * and {@code =} percent-encoded (and a whole {@code "null"} or a leading brace or bracket, so that
   * no string reads as null or JSON); anything else as compact sorted JSON, which is
   * self-delimiting.
   */
  static void appendKeyValue(StringBuilder out, @Nullable Object value) {
    // The commonest values first: their digits need no escaping.
    if (value instanceof Integer i) {
      out.append(i.intValue());
      return;
    }
    if (value instanceof Long l) {
      out.append(l.longValue());
      return;
    }
    if (value instanceof Optional<?> optional) {
      value = optional.orElse(null);
    }
    if (value == null) {
      out.append("null");
      return;
    }
    String scalar = scalar(value);
    if (scalar == null) {
      out.append(json(value));
      return;
    }
    appendEscaped(out, scalar);
  }

  /** A scalar value in a key: see {@link #appendKeyValue}. */
  static void appendEscaped(StringBuilder out, String text) {
    if (text.equals("null")) {
      out.append("%6Eull");
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '%' -> out.append("%25");
        case ':' -> out.append("%3A");
        case '=' -> out.append("%3D");
        case '{' -> out.append(i == 0 ? "%7B" : "{");
        case '[' -> out.append(i == 0 ? "%5B" : "[");
        default -> out.append(c);
      }
    }
  }

  /**
   * A parameter name in a key: {@code %}, {@code :} and {@code =} percent-encoded, and a leading
   * {@code @} too, which marks the {@code varyOn} headers.
   */
  static void appendName(StringBuilder out, String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '%' -> out.append("%25");
        case ':' -> out.append("%3A");
        case '=' -> out.append("%3D");
        case '@' -> out.append(i == 0 ? "%40" : "@");
        default -> out.append(c);
      }
    }
  }

  /** Compact JSON with sorted map keys and properties. */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write a " + value.getClass().getName()
          + " parameter as JSON: " + e.getOriginalMessage()
          + "; pass a String, a number, a record or a map instead", e);
    }
  }
}
