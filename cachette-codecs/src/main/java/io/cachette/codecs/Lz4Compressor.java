package io.cachette.codecs;

import io.cachette.serial.Compressor;
import io.cachette.serial.DecompressionGuard;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * {@code lz4}: an LZ4 block after two big-endian ints, the original length and its XXH32 checksum.
 * The length lets decompression allocate exactly once, after checking it against
 * {@code max-decompressed-bytes} and against the most the stored bytes could expand to, and check
 * the result's size; corrupt or oversize input fails with a
 * {@link io.cachette.SerializationException}. The checksum
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
  private final DecompressionGuard guard;

  Lz4Compressor(int maxDecompressedBytes) {
    this.guard = DecompressionGuard.of("lz4", maxDecompressedBytes);
  }

  @Override
  public String name() {
    return "lz4";
  }

  @Override
  public byte[] compress(byte[] bytes) {
    guard.checkCompressible(bytes.length);
    int bound = compressor.maxCompressedLength(bytes.length);
    byte[] out = new byte[HEADER + bound];
    writeInt(out, 0, bytes.length);
    writeInt(out, 4, checksum.hash(bytes, 0, bytes.length, SEED));
    int written = compressor.compress(bytes, 0, bytes.length, out, HEADER, bound);
    return Arrays.copyOf(out, HEADER + written);
  }

  @Override
  public byte[] decompress(byte[] bytes) {
    return guard.read(() -> {
      if (bytes.length < HEADER) {
        throw guard.corrupt("shorter than its " + HEADER + "-byte header", null);
      }
      int length = guard.checkClaimedSize(readInt(bytes, 0),
          (long) MAX_RATIO * (bytes.length - HEADER) + 16);
      byte[] out = new byte[length];
      int read = decompressor.decompress(bytes, HEADER, bytes.length - HEADER, out, 0, length);
      if (read != length) {
        throw guard.corrupt("it holds " + read + " bytes, not the " + length + " it says", null);
      }
      if (checksum.hash(out, 0, length, SEED) != readInt(bytes, 4)) {
        throw guard.corrupt("the content does not match its checksum", null);
      }
      return out;
    });
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

  @Override
  public String toString() {
    return "lz4(" + guard + ")";
  }
}
