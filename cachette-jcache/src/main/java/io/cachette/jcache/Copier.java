package io.cachette.jcache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import javax.cache.CacheException;

/**
 * The copies a store-by-value cache on {@code memory://} makes of keys and values, on the way in
 * and on the way out, so that no caller shares an object with the cache: Java serialization through
 * the manager's class loader, except for immutable values (strings, boxed primitives, enums,
 * {@code java.time} values and a few other JDK value types), which are kept as they are, as a copy
 * of them could not be told from them. Other backends copy through their serializer, and
 * store-by-reference caches copy nothing ({@link #NONE}). Thread-safe.
 */
class Copier {
  /** No copies: the cache keeps and hands out the very objects. */
  static final Copier NONE = new Copier();

  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class,
      Short.class, Byte.class, Character.class, Boolean.class, Double.class, Float.class,
      BigInteger.class, BigDecimal.class, UUID.class, URI.class, Class.class);

  private Copier() {}

  /** Copies through Java serialization with this class loader. */
  static Copier serializing(ClassLoader classLoader) {
    JavaCopySerializer serializer = new JavaCopySerializer(classLoader);
    return new Copier() {
      @Override
      Object copy(Object value) {
        if (isImmutable(value)) {
          return value;
        }
        try {
          return serializer.deserialize(serializer.serialize(value));
        } catch (io.cachette.SerializationException e) {
          throw new CacheException(e.getMessage(), e);
        }
      }
    };
  }

  Object copy(Object value) {
    return value;
  }

  private static boolean isImmutable(Object value) {
    Class<?> type = value.getClass();
    return IMMUTABLE.contains(type) || type.isEnum()
        || (type.getPackageName().equals("java.time") && !type.isArray());
  }
}
