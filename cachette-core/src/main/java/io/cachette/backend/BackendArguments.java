package io.cachette.backend;

import io.cachette.ValueTooLargeException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The argument checks every backend makes, in one place, so that all of them reject the same
 * arguments with the same exceptions (see "Arguments" in {@link Backend}). TTLs are checked by
 * {@link Ttls#check}. Stateless and thread-safe.
 */
public final class BackendArguments {
  private BackendArguments() {}

  /**
   * Checks a key.
   *
   * @return the key
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when the key is empty
   */
  public static String key(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty; give every entry a non-empty key");
    }
    return key;
  }

  /**
   * Checks every key of a collection, as {@link #key(String)} does.
   *
   * @return the keys
   * @throws NullPointerException when the collection or a key is null
   * @throws IllegalArgumentException when a key is empty
   */
  public static <C extends Collection<String>> C keys(C keys) {
    Objects.requireNonNull(keys, "keys");
    for (String key : keys) {
      key(key);
    }
    return keys;
  }

  /**
   * Checks every key and value of a batch, as {@link #key(String)} and {@link #value(Object)} do.
   *
   * @return the entries
   * @throws NullPointerException when the map, a key or a value is null
   * @throws IllegalArgumentException when a key is empty
   */
  public static <M extends Map<String, ?>> M entries(M entries) {
    Objects.requireNonNull(entries, "entries");
    entries.forEach((key, value) -> {
      key(key);
      value(value);
    });
    return entries;
  }

  /**
   * Checks a value of a backend that stores objects: any non-null object.
   *
   * @return the value
   * @throws NullPointerException when the value is null
   */
  public static Object value(Object value) {
    return Objects.requireNonNull(value, "value");
  }

  /**
   * Checks a value of a backend that stores bytes ({@link Backend#storesObjects()} false).
   *
   * @param key the key the value is for, named in the oversize message
   * @param maxValueBytes the backend's {@link Backend#maxValueBytes()}
   * @param backend the backend's {@link Backend#describe()}, named in the messages
   * @return the value as bytes
   * @throws NullPointerException when the value is null
   * @throws IllegalArgumentException when the value is not a {@code byte[]}
   * @throws ValueTooLargeException when it is longer than {@code maxValueBytes}
   */
  public static byte[] bytes(String key, Object value, long maxValueBytes, String backend) {
    Objects.requireNonNull(value, "value");
    if (!(value instanceof byte[] bytes)) {
      throw new IllegalArgumentException(backend + " stores byte[] values, not "
          + value.getClass().getName() + ": serialize values first (a Cache does that with its"
          + " serializer, such as json://)");
    }
    if (bytes.length > maxValueBytes) {
      throw new ValueTooLargeException(key, bytes.length, maxValueBytes, backend);
    }
    return bytes;
  }
}
