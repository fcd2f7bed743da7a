package io.cachette.serial;

import io.cachette.SerializationException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@code string}: {@code String} values as their bytes in a charset (UTF-8 unless the URL parameter
 * {@code charset} names another). Text the charset cannot encode, and bytes that are not valid in
 * it, fail with a {@link SerializationException} rather than being replaced by {@code ?}.
 *
 * <p>Typed {@code Object} so that a cache of undeclared type gets a clear error for a non-String
 * value instead of a {@code ClassCastException}.
 */
final class StringSerializer implements Serializer<Object> {
  private final Charset charset;

  StringSerializer(Charset charset) {
    this.charset = charset;
  }

  /** {@code string}, or {@code string-<charset>} for a charset other than UTF-8: the bytes differ. */
  @Override
  public String id() {
    return charset.equals(StandardCharsets.UTF_8) ? "string" : "string-" + charset.name();
  }

  @Override
  public byte[] serialize(Object value) {
    if (!(value instanceof String text)) {
      throw new SerializationException("The string serializer writes String values, not "
          + value.getClass().getName() + "; choose a serializer such as json://");
    }
    try {
      ByteBuffer bytes = charset.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new SerializationException("The string serializer cannot write this text in "
          + charset.name() + " (" + e + "); use charset=UTF-8", e);
    }
  }

  @Override
  public Object deserialize(byte[] bytes) {
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SerializationException("The stored bytes are not valid " + charset.name()
          + " text (" + e + ")", e);
    }
  }

  @Override
  public String toString() {
    return id();
  }
}
