package io.cachette.codecs;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.cachette.SerializationException;
import io.cachette.serial.Compressor;
import io.cachette.serial.DecompressionGuard;

/**
 * {@code zstd}: Zstandard frames by zstd-jni, each carrying its decompressed size and a checksum of
 * the content. A reader checks the size a frame claims before allocating it: against
 * {@code max-decompressed-bytes}, and against the most its stored length could expand to. Corrupt
 * input (zstd's block checks and the checksum) and oversize input fail with a
 * {@link SerializationException}. Immutable and thread-safe.
 */
final class ZstdCompressor implements Compressor {
  /**
   * No zstd frame expands more than this: a block produces at most 128 KiB and takes at least 4
   * stored bytes (an RLE block: a 3-byte header and the repeated byte).
   */
  static final long MAX_RATIO = (128 << 10) / 4;

  private final int level;
  private final int workers;
  private final DecompressionGuard guard;

  ZstdCompressor(int level, int workers, int maxDecompressedBytes) {
    this.level = level;
    this.workers = workers;
    this.guard = DecompressionGuard.of("zstd", maxDecompressedBytes);
  }

  @Override
  public String name() {
    return "zstd";
  }

  @Override
  public byte[] compress(byte[] bytes) {
    guard.checkCompressible(bytes.length);
    // a context per call: contexts are not thread-safe, and zstd allocates one per call anyway
    try (ZstdCompressCtx context = new ZstdCompressCtx()) {
      return context.setLevel(level).setWorkers(workers).setChecksum(true).compress(bytes);
    }
  }

  @Override
  public byte[] decompress(byte[] bytes) {
    return guard.read(() -> {
      long claimed = bytes.length == 0 ? -1 : Zstd.getFrameContentSize(bytes);
      if (claimed < 0) {
        throw guard.corrupt("no zstd frame with its size at the start", null);
      }
      int size = guard.checkClaimedSize(claimed, MAX_RATIO * bytes.length);
      byte[] out = Zstd.decompress(bytes, size);
      if (out.length != size) {
        throw guard.corrupt("the frame holds " + out.length + " bytes, not the " + size
            + " it says", null);
      }
      return out;
    });
  }

  @Override
  public String toString() {
    return "zstd(level " + level + (workers > 0 ? ", " + workers + " workers, " : ", ") + guard
        + ")";
  }
}
