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
import java.util.regex.Pattern;

/**
 * The classes the {@code java} serializer may read: exact classes (the declared value type and what
 * can be seen of it), plus class-name patterns in {@link java.io.ObjectInputFilter} style.
 * Immutable and thread-safe.
 */
final class ClassAllowList {
  /** JDK value classes that read back without running foreign code. */
  static final List<String> JDK_VALUE_CLASSES = List.of(
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Character",
      "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
      "java.lang.String", "java.lang.Number", "java.lang.Enum",
      "java.math.BigInteger", "java.math.BigDecimal",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
      "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.EnumMap",
      "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.UUID", "java.util.Arrays$ArrayList",
      // an EnumSet writes a proxy, which reads back as one of these
      "java.util.EnumSet$SerializationProxy", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
      // List.of / Set.of / Map.of write themselves as CollSer
      "java.util.CollSer", "java.util.ImmutableCollections$*",
      "java.util.Collections$Unmodifiable*", "java.util.Collections$Synchronized*",
      "java.util.Collections$Empty*", "java.util.Collections$Singleton*",
      // java.time values write themselves as java.time.Ser
      "java.time.*");

  private static final Pattern PATTERN = Pattern.compile(
      "[\\p{L}\\p{N}_$]+(\\.[\\p{L}\\p{N}_$]+)*(\\.\\*\\*|\\.\\*|\\*)?");

  private final Set<Class<?>> classes = new HashSet<>();
  private final Set<String> names = new HashSet<>();
  private final Set<String> packages = new HashSet<>();
  private final List<String> packageTrees = new ArrayList<>();
  private final List<String> prefixes = new ArrayList<>();
  private final Set<TypeVariable<?>> variables = new HashSet<>(); // T extends Comparable<T> loops

  /** An allow-list of the given types (see {@link #addType}) and patterns (see {@link #check}). */
  ClassAllowList(List<Type> types, List<String> patterns) {
    types.forEach(this::addType);
    patterns.forEach(this::addPattern);
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
   * Checks a class-name pattern, written as {@link java.io.ObjectInputFilter} does:
   * {@code com.app.User} (one class), {@code com.app.model.*} (a package),
   * {@code com.app.**} (a package and its subpackages) or {@code com.app.Us*} (a name prefix).
   *
   * @return the pattern without surrounding blanks
   * @throws IllegalArgumentException when the pattern is none of these
   */
  static String check(String pattern) {
    String p = pattern.strip();
    if (!PATTERN.matcher(p).matches()) {
      throw new IllegalArgumentException("Invalid allow pattern '" + pattern + "' for the java "
          + "serializer: expected a class name (com.myapp.User), a package (com.myapp.model.*), a "
          + "package and its subpackages (com.myapp.**) or a name prefix (com.myapp.User*); a bare "
          + "wildcard is refused because it would turn the allow-list off");
    }
    return p;
  }

  private void addPattern(String pattern) {
    String p = check(pattern);
    if (p.endsWith(".**")) {
      packageTrees.add(p.substring(0, p.length() - 2));
    } else if (p.endsWith(".*")) {
      packages.add(p.substring(0, p.length() - 2));
    } else if (p.endsWith("*")) {
      prefixes.add(p.substring(0, p.length() - 1));
    } else {
      names.add(p);
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
    String name = leaf.getName();
    int dot = name.lastIndexOf('.');
    String pkg = dot < 0 ? "" : name.substring(0, dot);
    if (names.contains(name) || packages.contains(pkg)) {
      return true;
    }
    for (String tree : packageTrees) {
      if (name.startsWith(tree)) {
        return true;
      }
    }
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
