package io.cachette;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes Cachette stores for each entry: a magic byte, the format version, the serializer id
 * and the payload. Reading bytes of another format version or serializer fails, so that a change of
 * either is seen as a miss and never decoded into a wrong value.
 *
 * <pre>
 *   0xCA | version (1) | id length n (1..255) | id (n ASCII bytes) | payload
 * </pre>
 */
final class Envelope {
  static final byte MAGIC = (byte) 0xCA;
  static final byte VERSION = 1;

  private final byte[] header;

  Envelope(String serializerId) {
    byte[] id = serializerId.getBytes(StandardCharsets.US_ASCII);
    if (id.length == 0 || id.length > 255) {
      throw new IllegalArgumentException(
          "serializer id must be 1..255 ASCII characters, was '" + serializerId + "'");
    }
    header = new byte[3 + id.length];
    header[0] = MAGIC;
    header[1] = VERSION;
    header[2] = (byte) id.length;
    System.arraycopy(id, 0, header, 3, id.length);
  }

  byte[] wrap(byte[] payload) {
    byte[] out = Arrays.copyOf(header, header.length + payload.length);
    System.arraycopy(payload, 0, out, header.length, payload.length);
    return out;
  }

  /**
   * The payload of stored bytes.
   *
   * @throws SerializationException when the bytes are not an envelope of this version and id
   */
  byte[] unwrap(byte[] stored) {
    if (stored.length < header.length || stored[0] != MAGIC) {
      throw new SerializationException("stored bytes are not a Cachette entry (no envelope)");
    }
    if (stored[1] != VERSION) {
      throw new SerializationException("stored entry has format version " + stored[1]
          + ", this Cachette reads version " + VERSION);
    }
    if (!Arrays.equals(stored, 0, header.length, header, 0, header.length)) {
      int n = Byte.toUnsignedInt(stored[2]);
      String id = stored.length >= 3 + n
          ? new String(stored, 3, n, StandardCharsets.US_ASCII) : "(truncated)";
      throw new SerializationException("stored entry was written by serializer '" + id
          + "', this cache reads '" + new String(header, 3, header.length - 3,
              StandardCharsets.US_ASCII) + "'");
    }
    return Arrays.copyOfRange(stored, header.length, stored.length);
  }
}
