package io.cachette.jcache;

import io.cachette.SerializationException;
import io.cachette.serial.Serializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * The default serializer of store-by-value caches: Java serialization resolving classes through the
 * cache manager's class loader, as JSR-107 asks. Like the store-by-value copies of other JCache
 * providers, it reads any {@link Serializable} class, so it is for caches whose stored bytes only
 * this application writes; give a cache {@code java://?allow=...} or {@code json://} through
 * {@link CachetteConfiguration#serializer(String)} where the store is shared with less trusted writers.
 */
final class JavaCopySerializer implements Serializer<Object> {
  private final ClassLoader classLoader;

  JavaCopySerializer(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public String id() {
    return "jcache-java";
  }

  @Override
  public byte[] serialize(Object value) {
    if (!(value instanceof Serializable)) {
      throw new SerializationException("a store-by-value JCache cache copies values by Java"
          + " serialization, and " + value.getClass().getName() + " is not Serializable: make it"
          + " Serializable, or configure the cache with setStoreByValue(false) on memory://");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot serialize a " + value.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object deserialize(byte[] bytes) {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes),
        classLoader)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new SerializationException("cannot read a stored JCache value: " + e, e);
    }
  }

  /** Resolves classes through one class loader, falling back on the JDK's rules for primitives. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader classLoader;

    LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
