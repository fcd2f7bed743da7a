package io.cachette;

import io.cachette.serial.Serializer;
import java.nio.charset.StandardCharsets;

/** A minimal byte serializer for core tests, so they need no serializer module. */
final class Utf8Serializer implements Serializer<String> {
  private final String id;

  Utf8Serializer(String id) {
    this.id = id;
  }

  Utf8Serializer() {
    this("utf8-test");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] serialize(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String deserialize(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == '!') {
      throw new SerializationException("bytes start with '!': not ours");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
