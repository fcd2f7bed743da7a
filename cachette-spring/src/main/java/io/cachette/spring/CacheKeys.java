package io.cachette.spring;

import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.interceptor.SimpleKey;

/**
 * Turns the keys Spring hands a cache (any object) into Cachette's string keys, the way Spring's
 * own Redis cache does: a {@link String} as it is, and any other key by its {@code toString()} if
 * its class has its own ({@link SimpleKey}, numbers, enums, {@link UUID}, records, ...). A key whose
 * class only inherits {@link Object#toString()} (identity text, different in every JVM) is refused.
 *
 * <p>Keys of different types with the same text are the same entry ({@code 1}, {@code 1L} and
 * {@code "1"}), as in Spring's Redis cache. Stateless apart from a cache of checked classes;
 * thread-safe.
 */
final class CacheKeys {
  private static final Map<Class<?>, Boolean> HAS_OWN_TO_STRING = new ConcurrentHashMap<>();

  private CacheKeys() {}

  /**
   * The string key for a Spring key.
   *
   * @throws IllegalArgumentException when the key's class has no {@code toString()} of its own
   */
  static String of(Object key) {
    if (key instanceof String text) {
      return text;
    }
    if (key instanceof Number || key instanceof Enum<?> || key instanceof UUID
        || key instanceof SimpleKey || key instanceof Boolean || key instanceof Character
        || key instanceof TemporalAccessor || ownToString(key.getClass())) {
      return key.toString();
    }
    throw new IllegalArgumentException("Cannot use a " + key.getClass().getName()
        + " as a cache key: its class does not override toString(), so its text differs between"
        + " runs. Give @Cacheable a key expression that yields a String (key = \"#user.id\"), a"
        + " KeyGenerator, or override toString() in " + key.getClass().getSimpleName());
  }

  private static boolean ownToString(Class<?> type) {
    return HAS_OWN_TO_STRING.computeIfAbsent(type, t -> {
      try {
        return t.getMethod("toString").getDeclaringClass() != Object.class;
      } catch (NoSuchMethodException e) {
        return false;
      }
    });
  }
}
