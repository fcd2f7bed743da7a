package io.cachette.serial;

import io.cachette.TypeRef;
import io.cachette.url.UrlParams;
import java.lang.reflect.Type;

/**
 * The {@code json} value layer ({@link JsonSerializer}): plain JSON for a declared value type,
 * tagged JSON ({@link JsonCoder}) for {@code Object} values.
 *
 * <p>URL parameter, for {@code Object} values only: {@code allow-packages}, a comma-separated list
 * of packages whose records and enums may be decoded, such as
 * {@code json://?allow-packages=com.example.model,com.example.events}.
 */
public final class JsonSerializerProvider implements SerializerProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public JsonSerializerProvider() {}

  @Override
  public String name() {
    return "json";
  }

  @Override
  public Serializer<?> create(Type valueType, UrlParams params) {
    String packages = params.string("allow-packages");
    if (!JsonSerializer.isUntyped(valueType)) {
      if (packages != null) {
        throw new IllegalArgumentException("json:// parameter 'allow-packages' applies to caches"
            + " of Object values only; values of " + valueType.getTypeName()
            + " are read as that type and store no class names: remove the parameter");
      }
      return JsonSerializer.of(TypeRef.of(valueType));
    }
    if (packages == null) {
      return JsonCoder.defaults().serializer();
    }
    return JsonCoder.builder().allowPackages(packages.strip().split("\\s*,\\s*")).build()
        .serializer();
  }
}
