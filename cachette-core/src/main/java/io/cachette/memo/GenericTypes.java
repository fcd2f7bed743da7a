package io.cachette.memo;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the type variables of an inherited method's return type against the proxied interface,
 * so that {@code T find(int id)} declared in {@code Repository<T>} decodes as {@code User} in
 * {@code interface Users extends Repository<User>}.
 */
final class GenericTypes {
  private GenericTypes() {}

  /** The bindings of every type variable of {@code type}'s superinterfaces and superclasses. */
  static Map<TypeVariable<?>, Type> bindings(Class<?> type) {
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    collect(type, bindings);
    return bindings;
  }

  private static void collect(Class<?> type, Map<TypeVariable<?>, Type> bindings) {
    Type superclass = type.getGenericSuperclass();
    if (superclass != null) {
      bind(superclass, bindings);
    }
    for (Type parent : type.getGenericInterfaces()) {
      bind(parent, bindings);
    }
  }

  private static void bind(Type parent, Map<TypeVariable<?>, Type> bindings) {
    if (parent instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] arguments = p.getActualTypeArguments();
      for (int i = 0; i < variables.length; i++) {
        bindings.putIfAbsent(variables[i], resolve(arguments[i], bindings));
      }
      collect(raw, bindings);
    } else if (parent instanceof Class<?> c) {
      collect(c, bindings);
    }
  }

  /** {@code type} with every bound variable replaced; unbound ones are left as they are. */
  static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> variable) {
      return bindings.getOrDefault(variable, variable);
    }
    if (type instanceof ParameterizedType p) {
      Type[] arguments = p.getActualTypeArguments();
      Type[] resolved = new Type[arguments.length];
      boolean changed = false;
      for (int i = 0; i < arguments.length; i++) {
        resolved[i] = resolve(arguments[i], bindings);
        changed |= resolved[i] != arguments[i];
      }
      return changed ? new Parameterized((Class<?>) p.getRawType(), resolved, p.getOwnerType()) : p;
    }
    if (type instanceof GenericArrayType array) {
      Type component = resolve(array.getGenericComponentType(), bindings);
      if (component instanceof Class<?> c) {
        return c.arrayType();
      }
      return component == array.getGenericComponentType() ? array : new GenericArray(component);
    }
    return type;
  }

  /** Whether {@code type} still holds a type variable or wildcard that nothing bound. */
  static boolean isOpen(Type type) {
    if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
      return true;
    }
    if (type instanceof ParameterizedType p) {
      return Arrays.stream(p.getActualTypeArguments()).anyMatch(GenericTypes::isOpen);
    }
    if (type instanceof GenericArrayType array) {
      return isOpen(array.getGenericComponentType());
    }
    return false;
  }

  /** The single type argument of a parameterized type, or Object for a raw one. */
  static Type argument(Type type) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  /** A parameterized type equal to the JDK's own for the same raw type and arguments. */
  private record Parameterized(Class<?> raw, Type[] arguments, @Nullable Type owner)
      implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public @Nullable Type getOwnerType() {
      return owner;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof ParameterizedType p && raw.equals(p.getRawType())
          && Objects.equals(owner, p.getOwnerType())
          && Arrays.equals(arguments, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      // The same formula as the JDK's, so that equal types hash equally whichever made them.
      return Arrays.hashCode(arguments) ^ Objects.hashCode(owner) ^ Objects.hashCode(raw);
    }

    @Override
    public String toString() {
      return raw.getTypeName() + Arrays.stream(arguments).map(Type::getTypeName)
          .collect(Collectors.joining(", ", "<", ">"));
    }
  }

  private record GenericArray(Type component) implements GenericArrayType {
    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof GenericArrayType g && component.equals(g.getGenericComponentType());
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(component);
    }

    @Override
    public String toString() {
      return component.getTypeName() + "[]";
    }
  }
}
