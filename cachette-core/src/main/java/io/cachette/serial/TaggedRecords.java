package io.cachette.serial;

import io.cachette.SerializationException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Records and enums in tagged JSON: which classes stored data may name (checked by name, before
 * a class is loaded), and how a record is taken apart and built again. Immutable and thread-safe.
 */
final class TaggedRecords {
  /** Record shapes, found once per class. */
  private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
    @Override
    protected Shape computeValue(Class<?> type) {
      return Shape.of(type);
    }
  };

  private final Map<String, Class<?>> allowedClasses;
  private final ClassNamePatterns allowedNames;
  private final ClassLoader loader;

  /**
   * @param allowedClasses record and enum classes by name
   * @param allowedNames patterns of the allow-list grammar for other records and enums
   */
  TaggedRecords(Map<String, Class<?>> allowedClasses, ClassNamePatterns allowedNames) {
    this.allowedClasses = Map.copyOf(allowedClasses);
    this.allowedNames = allowedNames;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = context != null ? context : TaggedRecords.class.getClassLoader();
  }

  /** The shape of a record class. */
  static Shape shapeOf(Class<?> recordType) {
    return SHAPES.get(recordType);
  }

  /** The class itself, if values of it may be written (so that they can be read back). */
  Class<?> requireAllowed(Class<?> type) {
    Class<?> listed = allowedClasses.get(type.getName());
    if (listed == type || (listed == null && isAllowed(type.getName(), type.isEnum()))) {
      return type;
    }
    throw new SerializationException(notAllowed(type.getName()));
  }

  /** The class a stored record or enum names, if allowed: checked before the class is loaded. */
  Class<?> allowedClass(@Nullable String name, boolean isEnum) {
    if (name == null) {
      throw new SerializationException("expected a class name");
    }
    Class<?> allowed = allowedClasses.get(name);
    if (allowed != null) {
      return allowed;
    }
    if (!isAllowed(name, isEnum)) {
      throw new SerializationException(notAllowed(name));
    }
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SerializationException("class " + name + " named in stored JSON is not found", e);
    }
  }

  /** Whether a class not listed by name is allowed: JDK enums are, others by the patterns. */
  private boolean isAllowed(String className, boolean isEnum) {
    return (isEnum && className.startsWith("java.")) || allowedNames.matches(className);
  }

  private static String notAllowed(String className) {
    int dot = className.lastIndexOf('.');
    String pkg = dot > 0 ? className.substring(0, dot) : className;
    return "Refusing class " + className + ": this JsonCoder does not allow it. Allow it with "
        + "JsonCoder.builder().allowClasses(...) or .allowPattern(\"" + pkg + ".*\"), or with "
        + "json://?allow=" + pkg + ".* in a serializer URL";
  }

  /** A record class's components and canonical constructor. */
  record Shape(Class<?> type, String[] names, Method[] accessors, Constructor<?> constructor) {

    static Shape of(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      String[] names = new String[components.length];
      Method[] accessors = new Method[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        names[i] = components[i].getName();
        accessors[i] = components[i].getAccessor();
        accessors[i].trySetAccessible();
        types[i] = components[i].getType();
      }
      try {
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.trySetAccessible();
        return new Shape(type, names, accessors, constructor);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("record " + type.getName() + " has no canonical "
            + "constructor", e);
      }
    }

    /** The value of a record's component. */
    @Nullable Object component(Object record, int index) {
      try {
        return accessors[index].invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new SerializationException("cannot read component '" + names[index] + "' of "
            + type.getName() + " (open its package to Cachette if it is in a module): " + e, e);
      }
    }

    /** Builds a record from its stored components, through its canonical constructor. */
    Object create(Map<String, @Nullable Object> stored) {
      Object[] arguments = new Object[names.length];
      for (int i = 0; i < names.length; i++) {
        arguments[i] = stored.get(names[i]);
        if (arguments[i] == null && constructor.getParameterTypes()[i].isPrimitive()) {
          throw new SerializationException("stored " + type.getName() + " has no value for its "
              + "component '" + names[i] + "' (written by an older version of the class?)");
        }
      }
      try {
        return constructor.newInstance(arguments);
      } catch (InvocationTargetException e) {
        throw new SerializationException("the constructor of " + type.getName()
            + " refused the stored components: " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        throw new SerializationException("cannot create " + type.getName()
            + " from the stored components: " + e, e);
      }
    }
  }
}
