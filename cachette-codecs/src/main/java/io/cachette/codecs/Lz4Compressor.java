package io.cachette.codecs;

import io.cachette.SerializationException;
import io.cachette.serial.Compressor;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@code lz4}: an LZ4 block after two big-endian ints, the original length and its XXH32 checksum.
 * The length lets decompression allocate exactly once and check the result's size; the checksum
 * catches the corruption an LZ4 block alone would let through (a changed literal decodes fine).
 * Uses lz4-java's fastest instance (native when available, otherwise Java), whose bounds-checked
 * ("safe") decompressor reads untrusted input without touching memory outside its arrays.
 * Immutable and thread-safe.
 */
final class Lz4Compressor implements Compressor {
  private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
  /** LZ4 cannot expand a block more than about 255 times; a larger claim is a forged length. */
  private static final int MAX_RATIO = 255;
  private static final int HEADER = 8;
  private static final int SEED = 0x63616368; // "cach"

  private final LZ4Compressor compressor = FACTORY.fastCompressor();
  private final LZ4SafeDecompressor decompressor = FACTORY.safeDecompressor();
  private final XXHash32 checksum = XXHashFactory.fastestInstance().hash32();
  private final int maxDecompressedBytes;

  Lz4Compressor(int maxDecompressedBytes) {
    this.maxDecompressedBytes = maxDecompressedBytes;
  }

  @Override
  public String name() {
    return "lz4";
  }

  @Override
  public byte[] compress(byte[] bytes) {
    int bound = compressor.maxCompressedLength(bytes.length);
    byte[] out = new byte[HEADER + bound];
    writeInt(out, 0, bytes.length);
    writeInt(out, 4, checksum.hash(bytes, 0, bytes.length, SEED));
    int written = compressor.compress(bytes, 0, bytes.length, out, HEADER, bound);
    return Arrays.copyOf(out, HEADER + written);
  }

  @Override
  public byte[] decompress(byte[] bytes) {
    if (bytes.length < HEADER) {
      throw corrupt("shorter than its " + HEADER + "-byte header");
    }
    int length = readInt(bytes, 0);
    if (length < 0 || length > (long) MAX_RATIO * (bytes.length - HEADER) + 16) {
      throw corrupt("a length of " + length + " bytes that " + (bytes.length - HEADER)
          + " compressed bytes cannot hold");
    }
    if (length > maxDecompressedBytes) {
      throw new SerializationException("The lz4 layer refused a stored value that says it "
          + "decompresses to " + length + " bytes, over max-decompressed-bytes="
          + maxDecompressedBytes + "; raise that serializer URL parameter if such values are "
          + "expected");
    }
    byte[] out = new byte[length];
    int read;
    try {
      read = decompressor.decompress(bytes, HEADER, bytes.length - HEADER, out, 0, length);
    } catch (LZ4Exception e) {
      throw corrupt(e.getMessage());
    }
    if (read != length) {
      throw corrupt("it holds " + read + " bytes, not the " + length + " it says");
    }
    if (checksum.hash(out, 0, length, SEED) != readInt(bytes, 4)) {
      throw corrupt("the content does not match its checksum");
    }
    return out;
  }

  private static void writeInt(byte[] bytes, int at, int value) {
    for (int i = 0; i < 4; i++) {
      bytes[at + i] = (byte) (value >>> (24 - 8 * i));
    }
  }

  private static int readInt(byte[] bytes, int at) {
    return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16)
        | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
  }

  private static SerializationException corrupt(@Nullable String why) {
    return new SerializationException("The stored bytes are not valid lz4 data (corrupt, "
        + "truncated or written by another serializer): " + why);
  }

  @Override
  public String toString() {
    return "lz4";
  }
}
