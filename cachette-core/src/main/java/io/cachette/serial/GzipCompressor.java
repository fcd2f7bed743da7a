package io.cachette.serial;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code gzip}: the gzip format (RFC 1952, Deflate with a CRC-32), readable by the {@code gzip}
 * tool. A read holds at most the result plus a constant (see {@link Deflating}); corrupt input
 * and input that inflates past {@code max-decompressed-bytes} fail with a
 * {@link io.cachette.SerializationException}.
 */
final class GzipCompressor implements Compressor {
  private final int level;
  private final DecompressionGuard guard;

  GzipCompressor(int level, int maxDecompressedBytes) {
    this.level = level;
    this.guard = DecompressionGuard.of("gzip", maxDecompressedBytes);
  }

  @Override
  public String name() {
    return "gzip";
  }

  @Override
  public byte[] compress(byte[] bytes) {
    return Deflating.compress(bytes, guard, LeveledGzipOutputStream::new);
  }

  @Override
  public byte[] decompress(byte[] bytes) {
    return Deflating.decompress(bytes, guard, GZIPInputStream::new);
  }

  @Override
  public String toString() {
    return "gzip(level " + level + ", " + guard + ")";
  }

  /** GZIPOutputStream takes no level; its Deflater is reachable only from a subclass. */
  private final class LeveledGzipOutputStream extends GZIPOutputStream {
    LeveledGzipOutputStream(OutputStream out) throws IOException {
      super(out);
      def.setLevel(level);
    }
  }
}
