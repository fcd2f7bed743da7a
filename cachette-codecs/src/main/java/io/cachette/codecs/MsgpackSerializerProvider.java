package io.cachette.codecs;

import io.cachette.serial.Serializer;
import io.cachette.serial.SerializerProvider;
import io.cachette.url.UrlParams;
import java.lang.reflect.Type;

/** The {@code msgpack} value layer: see {@link MsgpackSerializer}. It takes no parameters. */
public final class MsgpackSerializerProvider implements SerializerProvider {
  @Override
  public String name() {
    return "msgpack";
  }

  @Override
  public Serializer<?> create(Type valueType, UrlParams params) {
    return new MsgpackSerializer(valueType);
  }
}
