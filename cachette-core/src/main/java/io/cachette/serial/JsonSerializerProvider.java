package io.cachette.serial;

import io.cachette.TypeRef;
import io.cachette.url.UrlParams;
import java.lang.reflect.Type;

/**
 * The {@code json} value layer ({@link JsonSerializer}): plain JSON for a declared value type,
 * tagged JSON ({@link JsonCoder}) for {@code Object} values.
 *
 * <p>URL parameter, for {@code Object} values only: {@code allow}, a comma-separated list of the
 * record and enum classes that stored data may name, in the grammar of {@code java://?allow=}:
 * {@code com.myapp.User}, {@code com.myapp.model.*} (a package), {@code com.myapp.**} (a package
 * and its subpackages), {@code com.myapp.User*} (a name prefix), such as
 * {@code json://?allow=com.example.model.*,com.example.events.**}. The older
 * {@code allow-packages=com.example.model} (a package and its subpackages) is still accepted but
 * deprecated: write {@code allow=com.example.model.**}.
 */
public final class JsonSerializerProvider implements SerializerProvider {
  private static final String ALLOW = "allow";
  private static final String DEPRECATED_ALLOW_PACKAGES = "allow-packages";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public JsonSerializerProvider() {}

  @Override
  public String name() {
    return "json";
  }

  @Override
  public Serializer<?> create(Type valueType, UrlParams params) {
    String allow = params.string(ALLOW);
    String packages = params.string(DEPRECATED_ALLOW_PACKAGES);
    if (!JsonSerializer.isUntyped(valueType)) {
      if (allow != null || packages != null) {
        String name = allow != null ? ALLOW : DEPRECATED_ALLOW_PACKAGES;
        throw new IllegalArgumentException("json:// parameter '" + name + "' applies to caches"
            + " of Object values only; values of " + valueType.getTypeName()
            + " are read as that type and store no class names: remove the parameter");
      }
      return JsonSerializer.of(TypeRef.of(valueType));
    }
    if (allow != null && packages != null) {
      throw new IllegalArgumentException("json:// parameters 'allow' and 'allow-packages' "
          + "(its deprecated older name) are both given: keep only allow=" + allow);
    }
    if (allow == null && packages == null) {
      return JsonCoder.defaults().serializer();
    }
    JsonCoder.Builder builder = JsonCoder.builder();
    if (allow != null) {
      builder.allowPattern(ClassNamePatterns.split(allow).toArray(String[]::new));
    } else if (packages != null) {
      builder.allowPackages(packages.strip().split("\\s*,\\s*"));
    }
    return builder.build().serializer();
  }
}
