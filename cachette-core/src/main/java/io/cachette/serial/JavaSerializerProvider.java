package io.cachette.serial;

import io.cachette.url.UrlParams;
import java.lang.reflect.Type;

/**
 * The {@code java} value layer: see {@link JavaSerializer}. Parameters: {@code allow}
 * (comma-separated class names or patterns), {@code max-depth}, {@code max-references},
 * {@code max-array-length}, {@code max-bytes}.
 */
public final class JavaSerializerProvider implements SerializerProvider {
  @Override
  public String name() {
    return "java";
  }

  @Override
  public Serializer<?> create(Type valueType, UrlParams params) {
    JavaSerializer.Builder<Object> builder = JavaSerializer.builder(valueType);
    String allow = params.string("allow");
    if (allow != null) {
      builder.allowPattern(ClassNamePatterns.split(allow).toArray(String[]::new));
    }
    if (params.has("max-depth")) {
      builder.maxDepth(params.longValue("max-depth", 0, 1, Long.MAX_VALUE));
    }
    if (params.has("max-references")) {
      builder.maxReferences(params.longValue("max-references", 0, 1, Long.MAX_VALUE));
    }
    if (params.has("max-array-length")) {
      builder.maxArrayLength(params.longValue("max-array-length", 0, 1, Long.MAX_VALUE));
    }
    if (params.has("max-bytes")) {
      builder.maxBytes(params.longValue("max-bytes", 0, 1, Long.MAX_VALUE));
    }
    return builder.build();
  }
}
