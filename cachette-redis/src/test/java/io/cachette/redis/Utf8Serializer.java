package io.cachette.redis;

import io.cachette.serial.Serializer;
import java.nio.charset.StandardCharsets;

/** Strings as UTF-8 bytes: a serializer for tests that need one (the json one lives elsewhere). */
final class Utf8Serializer implements Serializer<String> {
  @Override
  public String id() {
    return "utf8-test";
  }

  @Override
  public byte[] serialize(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String deserialize(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
