package io.cachette.serial;

import io.cachette.SerializationException;
import io.cachette.TypeRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code java}: JDK serialization that reads back only allow-listed classes, through an
 * {@link ObjectInputFilter}. A class off the list is refused before any of its code runs (no
 * constructor, no {@code readObject}), so stored bytes cannot smuggle in a deserialization gadget.
 *
 * <p>Allowed by default:
 * <ul>
 *   <li>the declared value type and what its type shows it is made of: its serializable
 *       superclasses, the components of a record (recursively), the permitted subclasses of a
 *       sealed type, and the element and type arguments of {@code User[]} or {@code List<User>};
 *   <li>JDK value classes (the rows of {@link JdkValueTypes} that name a pattern for this
 *       serializer): boxed primitives, {@code String}, {@code BigInteger}, {@code BigDecimal},
 *       {@code UUID}, {@code java.time.*}; enums' and numbers' base classes,
 *       the {@code java.util} collections ({@code ArrayList}, {@code LinkedList}, {@code HashMap},
 *       {@code LinkedHashMap}, {@code TreeMap}, {@code EnumMap}, {@code HashSet},
 *       {@code LinkedHashSet}, {@code TreeSet}, {@code ArrayDeque}, {@code EnumSet}, those of
 *       {@code List.of}, {@code Set.of}, {@code Map.of} and {@code Arrays.asList}, and the
 *       unmodifiable, synchronized, empty and singleton wrappers of {@code Collections});
 *   <li>arrays of primitives and of allowed classes.
 * </ul>
 * Anything else fails with a {@link SerializationException} naming the class. Allow more with the
 * URL parameter {@code allow} (comma-separated patterns: {@code com.myapp.User},
 * {@code com.myapp.model.*} for a package, {@code com.myapp.**} for a package and its subpackages,
 * {@code com.myapp.User*} for a prefix; the same grammar and name as {@code json://?allow=}) or
 * with {@link #builder(Type)}:
 *
 * <pre>{@code
 * Serializer<Order> s = JavaSerializer.builder(Order.class).allowPattern("com.myapp.model.*").build();
 * Cache<Order> orders = Cache.builder(Order.class).serializer(s).backend("redis://localhost").build();
 * }</pre>
 *
 * <p>Limits refuse payloads built to exhaust resources (URL parameter, builder method, default):
 * <ul>
 *   <li>{@code max-depth}, {@link Builder#maxDepth}, 24: nesting of objects; nested-set payloads
 *       cost 2<sup>depth</sup> hash computations, so raise it with care;
 *   <li>{@code max-references}, {@link Builder#maxReferences}, 10,000,000: objects and references
 *       to them in one value;
 *   <li>{@code max-array-length}, {@link Builder#maxArrayLength}, 10,000,000: elements of one
 *       array or collection table. Independently, an array may not claim more than 8 elements per
 *       byte left in the stored value, which no genuine value does: a forged length cannot make the
 *       reader allocate;
 *   <li>{@code max-bytes}, {@link Builder#maxBytes}, unlimited: size of a serialized value,
 *       checked on write and on read.
 * </ul>
 * A JVM-wide filter ({@code jdk.serialFilter}) applies as well: what it rejects stays rejected.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the type of values
 */
public final class JavaSerializer<T> implements Serializer<T> {
  private final Type valueType;
  private final Class<?> rawType;
  private final ClassAllowList allowList;
  private final long maxDepth;
  private final long maxReferences;
  private final long maxArrayLength;
  private final long maxBytes;

  private JavaSerializer(Builder<T> builder) {
    this.valueType = builder.valueType;
    this.rawType = TypeRef.rawType(valueType);
    List<Type> types = new ArrayList<>(builder.allowedTypes);
    types.add(valueType);
    List<String> patterns = new ArrayList<>(ClassAllowList.JDK_VALUE_CLASSES);
    patterns.addAll(builder.allowedPatterns);
    this.allowList = new ClassAllowList(types, patterns);
    this.maxDepth = builder.maxDepth;
    this.maxReferences = builder.maxReferences;
    this.maxArrayLength = builder.maxArrayLength;
    this.maxBytes = builder.maxBytes;
  }

  /** Starts building a serializer for values of a class. */
  public static <T> Builder<T> builder(Class<T> valueType) {
    return new Builder<>(valueType);
  }

  /** Starts building a serializer for values of a generic type such as {@code List<User>}. */
  public static <T> Builder<T> builder(TypeRef<T> valueType) {
    return new Builder<>(valueType.type());
  }

  /** Starts building a serializer for values of a type known only at run time. */
  public static Builder<Object> builder(Type valueType) {
    return new Builder<>(valueType);
  }

  @Override
  public String id() {
    return "java";
  }

  /**
   * Writes the value with {@link ObjectOutputStream}.
   *
   * @throws SerializationException when the value, or an object inside it, is not
   *     {@link Serializable}, or the result is over {@code max-bytes}
   */
  @Override
  public byte[] serialize(T value) {
    Objects.requireNonNull(value, "value");
    if (!(value instanceof Serializable)) {
      throw new SerializationException("The java serializer cannot write a "
          + value.getClass().getName() + ": it does not implement java.io.Serializable. "
          + "Make it Serializable, or choose another serializer such as json://");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new SerializationException("The java serializer cannot write a "
          + value.getClass().getName() + ": it holds a " + e.getMessage()
          + ", which does not implement java.io.Serializable", e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("The java serializer could not write a "
          + value.getClass().getName() + ": " + e, e);
    }
    if (bytes.size() > maxBytes) {
      throw new SerializationException("The java serializer wrote " + bytes.size()
          + " bytes for a " + value.getClass().getName() + ", over max-bytes=" + maxBytes
          + "; raise the max-bytes URL parameter or JavaSerializer.Builder.maxBytes");
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a value, allowing only the classes and sizes this serializer was built with.
   *
   * @throws SerializationException when the bytes are corrupt, hold a class that is not allowed
   *     (the message names it and says how to allow it), break a limit, or hold a value that is not
   *     of the declared type
   */
  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(byte[] bytes) {
    Filter filter = new Filter(bytes.length);
    Object value;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
      in.setObjectInputFilter(jvmWide == null ? filter : ObjectInputFilter.merge(filter, jvmWide));
      value = in.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new SerializationException(filter.refusal != null ? filter.refusal
          : "The java serializer could not read the stored value as " + valueType.getTypeName()
              + ": " + e, e);
    }
    if (value == null || (!rawType.isPrimitive() && !rawType.isInstance(value))) {
      throw new SerializationException("The java serializer read a "
          + (value == null ? "null" : value.getClass().getName()) + " where a "
          + valueType.getTypeName() + " was expected");
    }
    return (T) value;
  }

  @Override
  public String toString() {
    return "java serializer for " + valueType.getTypeName();
  }

  /** The filter of one read: it remembers why it refused, for the exception's message. */
  private final class Filter implements ObjectInputFilter {
    private final long length;
    private @Nullable String refusal;

    Filter(long length) {
      this.length = length;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      if (info.depth() > maxDepth) {
        return refuse("objects nested " + info.depth() + " deep, over max-depth=" + maxDepth,
            "max-depth", "maxDepth");
      }
      if (info.references() > maxReferences) {
        return refuse("over max-references=" + maxReferences + " objects", "max-references",
            "maxReferences");
      }
      if (info.streamBytes() > maxBytes) {
        return refuse("over max-bytes=" + maxBytes + " bytes", "max-bytes", "maxBytes");
      }
      if (info.arrayLength() > maxArrayLength) {
        return refuse("an array of " + info.arrayLength() + " elements, over max-array-length="
            + maxArrayLength, "max-array-length", "maxArrayLength");
      }
      // Each element of a genuine array takes at least one byte, and collections size their tables
      // at most a few times their element count: a longer claim is a forged length.
      if (info.arrayLength() > 8 * (length - info.streamBytes()) + 64) {
        refusal = "The java serializer refused the stored value: it claims an array of "
            + info.arrayLength() + " elements with only " + (length - info.streamBytes())
            + " bytes left, so the bytes are corrupt or forged";
        return Status.REJECTED;
      }
      Class<?> type = info.serialClass();
      if (type == null) {
        return Status.UNDECIDED;
      }
      if (allowList.allows(type)) {
        return Status.ALLOWED;
      }
      Class<?> leaf = type;
      while (leaf.isArray()) {
        leaf = leaf.getComponentType();
      }
      refusal = "The java serializer refused to read class " + type.getName() + " in a value of "
          + valueType.getTypeName() + ": it is not on the allow-list. If the class is trusted, "
          + "allow it with the serializer URL parameter allow=" + leaf.getName()
          + " (patterns such as com.myapp.model.* or com.myapp.** work too), or with "
          + "JavaSerializer.builder(type).allow(" + leaf.getSimpleName() + ".class)";
      return Status.REJECTED;
    }

    private Status refuse(String what, String parameter, String method) {
      refusal = "The java serializer refused the stored value: " + what + ". If such values are "
          + "expected, raise the serializer URL parameter " + parameter
          + " or JavaSerializer.Builder." + method + "(...)";
      return Status.REJECTED;
    }
  }

  /**
   * Configures a {@link JavaSerializer}: more allowed classes and the resource limits. Not
   * thread-safe; each {@link #build()} returns an independent, immutable serializer.
   *
   * @param <T> the type of values
   */
  public static final class Builder<T> {
    private final Type valueType;
    private final List<Type> allowedTypes = new ArrayList<>();
    private final List<String> allowedPatterns = new ArrayList<>();
    private long maxDepth = 24;
    private long maxReferences = 10_000_000;
    private long maxArrayLength = 10_000_000;
    private long maxBytes = Long.MAX_VALUE;

    private Builder(Type valueType) {
      this.valueType = Objects.requireNonNull(valueType, "valueType");
    }

    /**
     * Allows these classes, with what their types show they are made of (as for the declared
     * value type: superclasses, record components, permitted subclasses).
     */
    public Builder<T> allow(Class<?>... classes) {
      for (Class<?> c : classes) {
        allowedTypes.add(Objects.requireNonNull(c, "class"));
      }
      return this;
    }

    /**
     * Allows classes by name pattern, as {@link ObjectInputFilter} writes them:
     * {@code com.myapp.User} (one class), {@code com.myapp.model.*} (a package),
     * {@code com.myapp.**} (a package and its subpackages), {@code com.myapp.User*} (a prefix).
     *
     * @throws IllegalArgumentException when a pattern is none of these (a bare {@code *} included)
     */
    public Builder<T> allowPattern(String... patterns) {
      for (String p : patterns) {
        allowedPatterns.add(ClassNamePatterns.check(Objects.requireNonNull(p, "pattern")));
      }
      return this;
    }

    /** Refuses values whose objects nest deeper than this; default 24. */
    public Builder<T> maxDepth(long maxDepth) {
      this.maxDepth = positive("maxDepth", maxDepth);
      return this;
    }

    /** Refuses values with more objects and references to them than this; default 10,000,000. */
    public Builder<T> maxReferences(long maxReferences) {
      this.maxReferences = positive("maxReferences", maxReferences);
      return this;
    }

    /** Refuses arrays and collection tables longer than this; default 10,000,000. */
    public Builder<T> maxArrayLength(long maxArrayLength) {
      this.maxArrayLength = positive("maxArrayLength", maxArrayLength);
      return this;
    }

    /** Refuses to write or read values serialized to more bytes than this; default unlimited. */
    public Builder<T> maxBytes(long maxBytes) {
      this.maxBytes = positive("maxBytes", maxBytes);
      return this;
    }

    /** Builds the serializer. */
    public JavaSerializer<T> build() {
      return new JavaSerializer<>(this);
    }

    private static long positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
