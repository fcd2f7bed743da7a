package io.cachette.serial;

import io.cachette.url.UrlParams;
import java.lang.reflect.Type;

/** The {@code noop} value layer: values are kept as they are. */
public final class NoopSerializerProvider implements SerializerProvider {
  @Override
  public String name() {
    return "noop";
  }

  @Override
  public Serializer<?> create(Type valueType, UrlParams params) {
    return new NoopSerializer<>();
  }
}
