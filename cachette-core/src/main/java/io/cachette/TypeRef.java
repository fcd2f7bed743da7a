package io.cachette;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * Captures a generic type such as {@code List<User>} for {@link Cache#builder(TypeRef)}, so that
 * serializers like JSON can rebuild values of that type without storing type tags:
 *
 * <pre>{@code
 * Cache<List<User>> cache = Cache.builder(new TypeRef<List<User>>() {}).build();
 * }</pre>
 *
 * @param <T> the captured type
 */
public abstract class TypeRef<T> {
  private final Type type;

  /** Captures the type argument of the anonymous subclass. */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType)) {
      throw new IllegalStateException(
          "TypeRef must be created with a type argument: new TypeRef<List<User>>() {}");
    }
    this.type = ((ParameterizedType) superclass).getActualTypeArguments()[0];
  }

  private TypeRef(Type type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /** A reference to a type known only at run time, such as a method's generic return type. */
  public static TypeRef<Object> of(Type type) {
    return new TypeRef<>(type) {};
  }

  /** A reference to a plain class. */
  @SuppressWarnings("unchecked")
  public static <T> TypeRef<T> of(Class<T> type) {
    return (TypeRef<T>) of((Type) type);
  }

  /** The captured type. */
  public Type type() {
    return type;
  }

  /** The raw class of the captured type ({@code List} for {@code List<User>}). */
  public Class<?> rawType() {
    return rawType(type);
  }

  /** The raw class of any type: the class itself, or the raw type of a parameterized type. */
  public static Class<?> rawType(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof java.lang.reflect.GenericArrayType g) {
      return java.lang.reflect.Array.newInstance(rawType(g.getGenericComponentType()), 0).getClass();
    }
    return Object.class;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TypeRef<?> ref && ref.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return type.getTypeName();
  }
}
