package io.cachette.memo;

import io.cachette.serial.JdkValueTypes;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Renders call arguments as canonical text for readable keys (the grammar is documented on
 * {@link KeyStyle#READABLE}). Equal arguments render equally in every JVM and run; arguments that
 * differ render differently, except numbers of different types with the same value when untyped.
 * Every rendering is self-delimiting (quoted, bracketed, or free of the separators {@code , : ( ) [
 * ] { } " '}), which is what keeps lists of them apart.
 *
 * <p>How each class renders is decided by a table of rules (the first that applies wins; JDK
 * value types come from the table shared with the serializers, {@link JdkValueTypes}), worked out
 * once per class and kept in a {@link ClassValue}.
 */
final class ArgumentRenderer {
  static final ArgumentRenderer UNTYPED = new ArgumentRenderer(false);
  static final ArgumentRenderer TYPED = new ArgumentRenderer(true);

  /** Deeper nesting than this is taken for a cycle. */
  private static final int MAX_DEPTH = 32;

  private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
    @Override
    protected Shape computeValue(Class<?> type) {
      return shapeOf(type);
    }
  };

  private final boolean typed;

  private ArgumentRenderer(boolean typed) {
    this.typed = typed;
  }

  static ArgumentRenderer of(boolean typed) {
    return typed ? TYPED : UNTYPED;
  }

  /** Appends the arguments, separated by {@code ", "}. */
  void renderAll(StringBuilder out, @Nullable Object[] args) {
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      render(out, args[i], 0);
    }
  }

  void render(StringBuilder out, @Nullable Object value, int depth) {
    // The commonest arguments first, without a ClassValue lookup.
    if (value == null) {
      out.append("null");
    } else if (value instanceof Integer i) {
      tag(out, "int").append(i.intValue());
    } else if (value instanceof Long l) {
      tag(out, "long").append(l.longValue());
    } else if (value instanceof String s) {
      quote(out, s, '"');
    } else {
      if (depth >= MAX_DEPTH) {
        throw new IllegalArgumentException("An argument is nested more than " + MAX_DEPTH
            + " levels deep (a cycle?) at a " + value.getClass().getName()
            + "; give the method a KeyGenerator");
      }
      SHAPES.get(value.getClass()).render(this, out, value, depth + 1);
    }
  }

  private StringBuilder tag(StringBuilder out, String type) {
    return typed ? out.append('(').append(type).append(')') : out;
  }

  private String renderToString(@Nullable Object value, int depth) {
    StringBuilder out = new StringBuilder();
    render(out, value, depth);
    return out.toString();
  }

  static StringBuilder quote(StringBuilder out, String text, char quote) {
    out.append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(quote);
  }

  /** Numbers by value: plain decimal without trailing zeros, so 1, 1L, 1.0 and 1.00 all read 1. */
  static String decimal(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  static String floating(double value, String text) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    return decimal(new BigDecimal(text));
  }

  /** How values of one class render. */
  @FunctionalInterface
  private interface Shape {
    void render(ArgumentRenderer renderer, StringBuilder out, Object value, int depth);
  }

  /**
   * One row of the rendering table: the shape of the classes it applies to, or null when it does
   * not apply to a class.
   */
  @FunctionalInterface
  private interface Rule {
    @Nullable Shape shapeFor(Class<?> type);
  }

  /**
   * How each class renders: the first rule that applies wins, so the order is part of the key
   * format. The commonest classes (null, Integer, Long, String) never reach the table.
   */
  private static final List<Rule> RULES = List.of(
      exactly(Short.class, (r, out, v, d) -> r.tag(out, "short").append(((Short) v).shortValue())),
      exactly(Byte.class, (r, out, v, d) -> r.tag(out, "byte").append(((Byte) v).byteValue())),
      subtypesOf(BigInteger.class, (r, out, v, d) -> r.tag(out, "BigInteger").append(v)),
      exactly(Double.class,
          (r, out, v, d) -> r.tag(out, "double").append(floating((Double) v, v.toString()))),
      exactly(Float.class,
          (r, out, v, d) -> r.tag(out, "float").append(floating((Float) v, v.toString()))),
      subtypesOf(BigDecimal.class,
          (r, out, v, d) -> r.tag(out, "BigDecimal").append(decimal((BigDecimal) v))),
      exactly(Boolean.class, (r, out, v, d) -> out.append(((Boolean) v).booleanValue())),
      exactly(Character.class, (r, out, v, d) -> quote(out, v.toString(), '\'')),
      subtypesOf(Enum.class, (r, out, v, d) -> out.append(((Enum<?>) v).getDeclaringClass()
          .getName()).append('.').append(((Enum<?>) v).name())),
      type -> type.isArray() ? arrayShape(type) : null,
      exactly(Optional.class, ArgumentRenderer::renderOptional),
      type -> type.isRecord() ? recordShape(type) : null,
      ArgumentRenderer::jdkValueShape,
      subtypesOf(Set.class, ArgumentRenderer::renderSet),
      subtypesOf(Collection.class, ArgumentRenderer::renderCollection),
      subtypesOf(Map.class, ArgumentRenderer::renderMap),
      ArgumentRenderer::beanShape,
      ArgumentRenderer::toStringShape);

  private static Shape shapeOf(Class<?> type) {
    for (Rule rule : RULES) {
      Shape shape = rule.shapeFor(type);
      if (shape != null) {
        return shape;
      }
    }
    return (r, out, v, d) -> {
      throw new IllegalArgumentException("Cannot make a cache key from an argument of type "
          + type.getName() + ": it is not a record, collection, map, array or known value, has no "
          + "getters and does not override toString. Make it a record, give it getters, or give "
          + "the method a KeyGenerator (@Cached(key = ...) or WrapperBuilder.keyGenerator)");
    };
  }

  private static Rule exactly(Class<?> type, Shape shape) {
    return candidate -> candidate == type ? shape : null;
  }

  private static Rule subtypesOf(Class<?> type, Shape shape) {
    return candidate -> type.isAssignableFrom(candidate) ? shape : null;
  }

  /** JDK value types with a canonical text, under their public type's name (one shared table). */
  private static @Nullable Shape jdkValueShape(Class<?> type) {
    JdkValueTypes.Entry entry = JdkValueTypes.textTypeOf(type);
    if (entry == null) {
      return null;
    }
    String name = entry.type().getName();
    return (r, out, v, d) -> quote(out.append(name).append('('), entry.text(v), '"').append(')');
  }

  private static @Nullable Shape toStringShape(Class<?> type) {
    if (!overridesToString(type)) {
      return null;
    }
    String name = type.getName();
    return (r, out, v, d) -> quote(out.append(name).append('('), v.toString(), '"').append(')');
  }

  private static void renderOptional(ArgumentRenderer r, StringBuilder out, Object v, int d) {
    out.append("Optional(");
    Optional<?> optional = (Optional<?>) v;
    if (optional.isPresent()) {
      r.render(out, optional.get(), d);
    }
    out.append(')');
  }

  private static void renderSet(ArgumentRenderer r, StringBuilder out, Object v, int d) {
    List<String> items = new ArrayList<>();
    for (Object item : (Set<?>) v) {
      items.add(r.renderToString(item, d));
    }
    items.sort(null);
    out.append('{');
    join(out, items);
    out.append('}');
  }

  private static void renderCollection(ArgumentRenderer r, StringBuilder out, Object v, int d) {
    out.append('[');
    boolean first = true;
    for (Object item : (Collection<?>) v) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      r.render(out, item, d);
    }
    out.append(']');
  }

  private static void renderMap(ArgumentRenderer r, StringBuilder out, Object v, int d) {
    Map<?, ?> map = (Map<?, ?>) v;
    if (map.isEmpty()) {
      out.append("{:}");
      return;
    }
    List<String> entries = new ArrayList<>(map.size());
    map.forEach((key, value) ->
        entries.add(r.renderToString(key, d) + ": " + r.renderToString(value, d)));
    entries.sort(null);
    out.append('{');
    join(out, entries);
    out.append('}');
  }

  private static void join(StringBuilder out, List<String> items) {
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(items.get(i));
    }
  }

  private static Shape arrayShape(Class<?> type) {
    String tag = type.getTypeName();
    boolean primitive = type.getComponentType().isPrimitive();
    return (r, out, v, d) -> {
      r.tag(out, tag).append('[');
      // Elements of a primitive array all have its component type: the array's tag says it.
      ArgumentRenderer elements = primitive ? UNTYPED : r;
      int length = Array.getLength(v);
      for (int i = 0; i < length; i++) {
        if (i > 0) {
          out.append(", ");
        }
        elements.render(out, Array.get(v, i), d);
      }
      out.append(']');
    };
  }

  private static Shape recordShape(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    String[] names = new String[components.length];
    Method[] accessors = new Method[components.length];
    for (int i = 0; i < components.length; i++) {
      names[i] = components[i].getName();
      accessors[i] = components[i].getAccessor();
      if (!accessors[i].trySetAccessible()) {
        return unreadable(type);
      }
    }
    return propertiesShape(type.getName(), names, accessors);
  }

  /** Objects with getters render by their properties, sorted by name; null when there are none. */
  private static @Nullable Shape beanShape(Class<?> type) {
    Map<String, Method> getters = new TreeMap<>();
    for (Method method : type.getMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
          || method.getDeclaringClass() == Object.class || method.isSynthetic()) {
        continue;
      }
      String name = method.getName();
      Class<?> returns = method.getReturnType();
      String property = null;
      if (name.length() > 3 && name.startsWith("get") && returns != void.class) {
        property = name.substring(3);
      } else if (name.length() > 2 && name.startsWith("is")
          && (returns == boolean.class || returns == Boolean.class)) {
        property = name.substring(2);
      }
      if (property != null) {
        getters.putIfAbsent(decapitalize(property), method);
      }
    }
    if (getters.isEmpty()) {
      return null;
    }
    String[] names = getters.keySet().toArray(new String[0]);
    Method[] accessors = getters.values().toArray(new Method[0]);
    for (Method accessor : accessors) {
      if (!Modifier.isPublic(accessor.getDeclaringClass().getModifiers())
          && !accessor.trySetAccessible()) {
        return unreadable(type);
      }
    }
    return propertiesShape(type.getName(), names, accessors);
  }

  private static Shape propertiesShape(String typeName, String[] names, Method[] accessors) {
    return (r, out, v, d) -> {
      out.append(typeName).append('(');
      for (int i = 0; i < names.length; i++) {
        if (i > 0) {
          out.append(", ");
        }
        out.append(names[i]).append('=');
        r.render(out, read(accessors[i], v), d);
      }
      out.append(')');
    };
  }

  private static @Nullable Object read(Method accessor, Object target) {
    try {
      return accessor.invoke(target);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("Cannot make a cache key: " + accessor + " threw "
          + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("Cannot make a cache key: " + accessor
          + " is not accessible; give the method a KeyGenerator", e);
    }
  }

  private static Shape unreadable(Class<?> type) {
    return (r, out, v, d) -> {
      throw new IllegalArgumentException("Cannot make a cache key from an argument of type "
          + type.getName() + ": its properties are not accessible (open its package to "
          + "io.cachette, or give the method a KeyGenerator)");
    };
  }

  /** The JavaBeans rule: {@code Name} -> {@code name}, but {@code URL} stays {@code URL}. */
  private static String decapitalize(String name) {
    if (name.length() > 1 && Character.isUpperCase(name.charAt(1))
        && Character.isUpperCase(name.charAt(0))) {
      return name;
    }
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static boolean overridesToString(Class<?> type) {
    try {
      return type.getMethod("toString").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
