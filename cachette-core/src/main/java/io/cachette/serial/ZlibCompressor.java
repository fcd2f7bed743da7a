package io.cachette.serial;

import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * {@code zlib}: Deflate with the zlib header and Adler-32 checksum (RFC 1950), by
 * {@link Deflater}. Corrupt input fails with a {@link io.cachette.SerializationException}.
 */
final class ZlibCompressor implements Compressor {
  private final int level;
  private final int maxDecompressedBytes;

  ZlibCompressor(int level, int maxDecompressedBytes) {
    this.level = level;
    this.maxDecompressedBytes = maxDecompressedBytes;
  }

  @Override
  public String name() {
    return "zlib";
  }

  @Override
  public byte[] compress(byte[] bytes) {
    Deflater deflater = new Deflater(level);
    try {
      return Deflating.compress(bytes, out -> new DeflaterOutputStream(out, deflater));
    } finally {
      deflater.end(); // a Deflater given to the stream is not ended by it
    }
  }

  @Override
  public byte[] decompress(byte[] bytes) {
    return Deflating.decompress("zlib", bytes, maxDecompressedBytes, InflaterInputStream::new);
  }

  @Override
  public String toString() {
    return "zlib(level " + level + ")";
  }
}
