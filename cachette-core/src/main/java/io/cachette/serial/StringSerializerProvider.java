package io.cachette.serial;

import io.cachette.TypeRef;
import io.cachette.url.UrlParams;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/**
 * The {@code string} value layer: see {@link StringSerializer}. For caches of {@code String} (or of
 * undeclared type {@code Object}, when values must still be strings). Parameter: {@code charset}
 * (default {@code UTF-8}).
 */
public final class StringSerializerProvider implements SerializerProvider {
  @Override
  public String name() {
    return "string";
  }

  @Override
  public Serializer<?> create(Type valueType, UrlParams params) {
    Class<?> raw = TypeRef.rawType(valueType);
    if (raw != String.class && raw != Object.class) {
      throw new IllegalArgumentException("The string serializer only stores String values, but "
          + "the values are " + valueType.getTypeName()
          + ": use a Cache<String>, or a serializer such as json:// or java://");
    }
    String name = params.string("charset", "UTF-8");
    try {
      return new StringSerializer(Charset.forName(name.strip()));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new IllegalArgumentException("Invalid value '" + name + "' for parameter 'charset' of "
          + "string://: expected a charset this JVM supports, such as UTF-8, UTF-16 or ISO-8859-1");
    }
  }
}
