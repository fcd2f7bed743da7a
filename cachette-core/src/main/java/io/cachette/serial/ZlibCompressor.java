package io.cachette.serial;

import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * {@code zlib}: Deflate with the zlib header and Adler-32 checksum (RFC 1950), by
 * {@link Deflater}. A read holds at most the result plus a constant (see {@link Deflating});
 * corrupt input and input that inflates past {@code max-decompressed-bytes} fail with a
 * {@link io.cachette.SerializationException}.
 */
final class ZlibCompressor implements Compressor {
  private final int level;
  private final DecompressionGuard guard;

  ZlibCompressor(int level, int maxDecompressedBytes) {
    this.level = level;
    this.guard = DecompressionGuard.of("zlib", maxDecompressedBytes);
  }

  @Override
  public String name() {
    return "zlib";
  }

  @Override
  public byte[] compress(byte[] bytes) {
    Deflater deflater = new Deflater(level);
    try {
      return Deflating.compress(bytes, guard, out -> new DeflaterOutputStream(out, deflater));
    } finally {
      deflater.end(); // a Deflater given to the stream is not ended by it
    }
  }

  @Override
  public byte[] decompress(byte[] bytes) {
    return Deflating.decompress(bytes, guard, InflaterInputStream::new);
  }

  @Override
  public String toString() {
    return "zlib(level " + level + ", " + guard + ")";
  }
}
