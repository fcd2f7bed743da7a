package io.cachette.serial;

import java.io.Serializable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classes the {@code java} serializer may read: exact classes (the declared value type and what
 * can be seen of it), plus class-name patterns in {@link java.io.ObjectInputFilter} style.
 * Immutable and thread-safe.
 */
final class ClassAllowList {
  /** Collections, with the forms they serialize as, and the base classes of values. */
  private static final List<String> JDK_COLLECTIONS = List.of(
      "java.lang.Number", "java.lang.Enum",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
      "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.EnumMap",
      "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.Arrays$ArrayList",
      // an EnumSet writes a proxy, which reads back as one of these
      "java.util.EnumSet$SerializationProxy", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
      // List.of / Set.of / Map.of write themselves as CollSer
      "java.util.CollSer", "java.util.ImmutableCollections$*",
      "java.util.Collections$Unmodifiable*", "java.util.Collections$Synchronized*",
      "java.util.Collections$Empty*", "java.util.Collections$Singleton*");

  /**
   * The JDK classes allowed by default: the value types of {@link JdkValueTypes} that the java
   * serializer reads, the base classes of numbers and enums, and the collections with the forms
   * they serialize as. None runs foreign code when read.
   */
  static final List<String> JDK_VALUE_CLASSES = defaults();

  private static List<String> defaults() {
    List<String> patterns = new ArrayList<>(JdkValueTypes.javaSerialPatterns());
    patterns.addAll(JDK_COLLECTIONS);
    return List.copyOf(patterns);
  }

  private final Set<Class<?>> classes = new HashSet<>();
  private final ClassNamePatterns patterns;
  private final Set<TypeVariable<?>> variables = new HashSet<>(); // T extends Comparable<T> loops

  /**
   * An allow-list of the given types (see {@link #addType}) and patterns (see
   * {@link ClassNamePatterns}).
   */
  ClassAllowList(List<Type> types, List<String> patterns) {
    types.forEach(this::addType);
    this.patterns = new ClassNamePatterns(patterns);
  }

  /**
   * Allows a class and what it is made of, as far as types tell: its serializable superclasses,
   * the component types of a record (recursively), the permitted subclasses of a sealed type, the
   * element types of arrays and the type arguments of generic types.
   */
  private void addType(Type type) {
    if (type instanceof Class<?> c) {
      Class<?> leaf = c;
      while (leaf.isArray()) {
        leaf = leaf.getComponentType();
      }
      if (leaf.isPrimitive() || !classes.add(leaf)) {
        return;
      }
      for (Class<?> s = leaf.getSuperclass(); s != null && Serializable.class.isAssignableFrom(s);
          s = s.getSuperclass()) {
        classes.add(s);
      }
      if (leaf.isRecord()) {
        for (RecordComponent component : leaf.getRecordComponents()) {
          addType(component.getGenericType());
        }
      }
      if (leaf.isSealed()) {
        for (Class<?> permitted : leaf.getPermittedSubclasses()) {
          addType(permitted);
        }
      }
    } else if (type instanceof ParameterizedType p) {
      addType(p.getRawType());
      for (Type argument : p.getActualTypeArguments()) {
        addType(argument);
      }
    } else if (type instanceof GenericArrayType g) {
      addType(g.getGenericComponentType());
    } else if (type instanceof WildcardType w) {
      for (Type bound : w.getUpperBounds()) {
        addType(bound);
      }
    } else if (type instanceof TypeVariable<?> v && variables.add(v)) {
      for (Type bound : v.getBounds()) {
        addType(bound);
      }
    }
  }

  /**
   * Whether the stream may hold this class. An array is allowed when its element class is:
   * allocating it runs no code, and each element is checked when read. {@code Object[]} and
   * {@code Map.Entry[]} are the tables collections allocate before reading their elements.
   */
  boolean allows(Class<?> type) {
    Class<?> leaf = type;
    while (leaf.isArray()) {
      leaf = leaf.getComponentType();
    }
    if (leaf.isPrimitive() || classes.contains(leaf)) {
      return true;
    }
    if (leaf != type && (leaf == Object.class || leaf == Map.Entry.class)) {
      return true;
    }
    return patterns.matches(leaf.getName());
  }
}
