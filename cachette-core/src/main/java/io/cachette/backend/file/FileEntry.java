package io.cachette.backend.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * One entry file of the {@link FileBackend}: its on-disk format, and reading and writing it.
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "CACHETTE"
 *      8     1  format version (1)
 *      9     8  expiry, epoch milliseconds, or -1 for never
 *     17     4  key length in bytes (1..FileBackend.MAX_KEY_BYTES)
 *     21     8  value length in bytes
 *     29     4  CRC32C of bytes 8..28, the key and the value
 *     33     k  key, UTF-8
 *   33+k     v  value
 * </pre>
 *
 * All numbers are big-endian. The file size must be exactly {@code 33 + k + v}, so a truncated file
 * is caught by its length and a file whose blocks never reached the disk (a crash without fsync can
 * leave a renamed file of the right size full of zeros) by its checksum.
 */
final class FileEntry {
  static final long NEVER = -1;
  static final byte FORMAT_VERSION = 1;
  static final int HEADER_BYTES = 33;
  private static final byte[] MAGIC = "CACHETTE".getBytes(StandardCharsets.US_ASCII);
  private static final int CHECKED_HEADER_START = 8;
  private static final int CRC_OFFSET = 29;
  /** The largest array the JVM reliably allocates. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

  private final long expiresAtMillis;
  private final byte[] key;
  private final String keyText;
  private final byte @Nullable [] value;
  private final long fileBytes;

  private FileEntry(long expiresAtMillis, byte[] key, String keyText, byte @Nullable [] value,
      long fileBytes) {
    this.expiresAtMillis = expiresAtMillis;
    this.key = key;
    this.keyText = keyText;
    this.value = value;
    this.fileBytes = fileBytes;
  }

  /** The file is not an entry this version can read: foreign, truncated, corrupt or newer. */
  static final class UnreadableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableException(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The expiry in epoch milliseconds, or {@link #NEVER}. */
  long expiresAtMillis() {
    return expiresAtMillis;
  }

  /** Whether the entry is live at {@code nowMillis}. */
  boolean isLiveAt(long nowMillis) {
    return expiresAtMillis == NEVER || nowMillis < expiresAtMillis;
  }

  /** Whether this entry stores exactly this key (a file name is a hash, so this is checked). */
  boolean holds(byte[] keyBytes) {
    return Arrays.equals(key, keyBytes);
  }

  /** The stored key. */
  String key() {
    return keyText;
  }

  /** The stored key's UTF-8 bytes; callers must not modify them. */
  byte[] keyBytes() {
    return key;
  }

  /** The stored value; only present when read with {@code withValue}. */
  byte[] value() {
    if (value == null) {
      throw new IllegalStateException("entry was read without its value");
    }
    return value;
  }

  /** The size of the whole file, header included. */
  long fileBytes() {
    return fileBytes;
  }

  /** The size of a file holding this key and value. */
  static long fileBytes(byte[] key, byte[] value) {
    return (long) HEADER_BYTES + key.length + value.length;
  }

  /**
   * Writes an entry at the start of an empty channel.
   *
   * @return the number of bytes written
   */
  static long write(FileChannel channel, long expiresAtMillis, byte[] key, byte[] value)
      throws IOException {
    ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES + key.length);
    head.put(MAGIC).put(FORMAT_VERSION).putLong(expiresAtMillis).putInt(key.length)
        .putLong(value.length);
    CRC32C crc = new CRC32C();
    crc.update(head.array(), CHECKED_HEADER_START, CRC_OFFSET - CHECKED_HEADER_START);
    crc.update(key);
    crc.update(value);
    head.putInt((int) crc.getValue()).put(key).flip();
    ByteBuffer[] buffers = {head, ByteBuffer.wrap(value)};
    long total = head.remaining() + (long) value.length;
    long written = 0;
    while (written < total) {
      written += channel.write(buffers);
    }
    return written;
  }

  /**
   * Reads an entry file, with or without its value. Without the value the checksum cannot be
   * verified; the length and every header field still are.
   *
   * @return the entry, or null when the file does not exist
   * @throws UnreadableException when the file is not a complete entry of a known format
   * @throws IOException when the file cannot be read
   */
  static @Nullable FileEntry read(Path file, boolean withValue)
      throws IOException, UnreadableException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES) {
        throw new UnreadableException("only " + size + " bytes, shorter than the "
            + HEADER_BYTES + "-byte header");
      }
      ByteBuffer head = readFully(channel, 0, HEADER_BYTES);
      byte[] magic = new byte[MAGIC.length];
      head.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new UnreadableException("not a Cachette entry file (no CACHETTE magic)");
      }
      byte version = head.get();
      if (version != FORMAT_VERSION) {
        throw new UnreadableException("format version " + version + ", this reader knows "
            + FORMAT_VERSION);
      }
      long expiresAt = head.getLong();
      int keyLength = head.getInt();
      long valueLength = head.getLong();
      int storedCrc = head.getInt();
      if (expiresAt < NEVER) {
        throw new UnreadableException("negative expiry " + expiresAt);
      }
      if (keyLength < 1 || keyLength > FileBackend.MAX_KEY_BYTES) {
        throw new UnreadableException("key length " + keyLength + " out of range");
      }
      if (valueLength < 0 || size != HEADER_BYTES + keyLength + valueLength) {
        throw new UnreadableException("file has " + size + " bytes but its header describes "
            + (HEADER_BYTES + keyLength + valueLength) + " (truncated or overwritten)");
      }
      byte[] key = readFully(channel, HEADER_BYTES, keyLength).array();
      String keyText = decodeKey(key);
      byte[] value = null;
      if (withValue) {
        if (valueLength > MAX_ARRAY_BYTES) {
          throw new UnreadableException("value of " + valueLength + " bytes exceeds a Java array");
        }
        value = readFully(channel, HEADER_BYTES + keyLength, (int) valueLength).array();
        CRC32C crc = new CRC32C();
        crc.update(head.array(), CHECKED_HEADER_START, CRC_OFFSET - CHECKED_HEADER_START);
        crc.update(key);
        crc.update(value);
        if ((int) crc.getValue() != storedCrc) {
          throw new UnreadableException("checksum mismatch (corrupt contents)");
        }
      }
      return new FileEntry(expiresAt, key, keyText, value, size);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException, UnreadableException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new UnreadableException("file ended early (changed while read)");
      }
    }
    return buffer.flip();
  }

  private static String decodeKey(byte[] key) throws UnreadableException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(key))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UnreadableException("key is not valid UTF-8");
    }
  }

  /**
   * Encodes a key as UTF-8, refusing strings that UTF-8 cannot represent exactly (an unpaired
   * surrogate would otherwise become {@code ?} and alias the key {@code "?"}).
   *
   * @throws IllegalArgumentException when the key is not well-formed UTF-16
   */
  static byte[] encodeKey(String key) {
    try {
      ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(key));
      return Arrays.copyOf(bytes.array(), bytes.limit());
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("key holds an unpaired surrogate character, which has no"
          + " UTF-8 form; pass well-formed Unicode text");
    }
  }
}
