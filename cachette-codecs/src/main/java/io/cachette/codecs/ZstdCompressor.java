package io.cachette.codecs;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import io.cachette.SerializationException;
import io.cachette.serial.Compressor;
import org.jspecify.annotations.Nullable;

/**
 * {@code zstd}: Zstandard frames by zstd-jni, each carrying its decompressed size and a checksum of
 * the content. A reader checks the size against {@code max-decompressed-bytes} before allocating,
 * and fails on corrupt input (zstd's block checks and the checksum) with a
 * {@link SerializationException}. Immutable and thread-safe.
 */
final class ZstdCompressor implements Compressor {
  private final int level;
  private final int workers;
  private final int maxDecompressedBytes;

  ZstdCompressor(int level, int workers, int maxDecompressedBytes) {
    this.level = level;
    this.workers = workers;
    this.maxDecompressedBytes = maxDecompressedBytes;
  }

  @Override
  public String name() {
    return "zstd";
  }

  @Override
  public byte[] compress(byte[] bytes) {
    // a context per call: contexts are not thread-safe, and zstd allocates one per call anyway
    try (ZstdCompressCtx context = new ZstdCompressCtx()) {
      return context.setLevel(level).setWorkers(workers).setChecksum(true).compress(bytes);
    }
  }

  @Override
  public byte[] decompress(byte[] bytes) {
    long size = bytes.length == 0 ? -1 : Zstd.getFrameContentSize(bytes);
    if (size < 0) {
      throw corrupt("no zstd frame with its size at the start");
    }
    if (size > maxDecompressedBytes) {
      throw new SerializationException("The zstd layer refused a stored value that says it "
          + "decompresses to " + size + " bytes, over max-decompressed-bytes="
          + maxDecompressedBytes + "; raise that serializer URL parameter if such values are "
          + "expected");
    }
    try {
      byte[] out = Zstd.decompress(bytes, (int) size);
      if (out.length != size) {
        throw corrupt("the frame holds " + out.length + " bytes, not the " + size + " it says");
      }
      return out;
    } catch (ZstdException e) {
      throw corrupt(e.getMessage());
    }
  }

  private static SerializationException corrupt(@Nullable String why) {
    return new SerializationException("The stored bytes are not valid zstd data (corrupt, "
        + "truncated or written by another serializer): " + why);
  }

  @Override
  public String toString() {
    return "zstd(level " + level + (workers > 0 ? ", " + workers + " workers)" : ")");
  }
}
