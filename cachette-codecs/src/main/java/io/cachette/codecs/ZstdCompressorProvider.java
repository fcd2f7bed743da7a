package io.cachette.codecs;

import com.github.luben.zstd.Zstd;
import io.cachette.serial.Compressor;
import io.cachette.serial.CompressorProvider;
import io.cachette.url.UrlParams;
import java.util.Set;

/**
 * The {@code zstd} byte layer, also named {@code zstandard} (cachetory's name): see
 * {@link ZstdCompressor}. Parameters:
 * <ul>
 *   <li>{@code compression-level}: from zstd's minimum ({@code Zstd.minCompressionLevel()}, the
 *       fastest negative levels) to its maximum (22); default 3;
 *   <li>{@code compression-threads}: 0 (the default) compresses on the calling thread; from 1 to
 *       {@value #MAX_THREADS}, zstd compresses each value with that many worker threads, which
 *       only pays off for values of several megabytes;
 *   <li>{@link CompressorProvider#MAX_DECOMPRESSED_BYTES max-decompressed-bytes}.
 * </ul>
 */
public final class ZstdCompressorProvider implements CompressorProvider {
  /** The most worker threads zstd accepts (its limit on 64-bit platforms). */
  public static final int MAX_THREADS = 256;

  @Override
  public String name() {
    return "zstd";
  }

  /** {@code zstandard}, the name cachetory gives this layer. */
  @Override
  public Set<String> aliases() {
    return Set.of("zstandard");
  }

  @Override
  public Compressor create(UrlParams params) {
    int level = params.integer("compression-level", Zstd.defaultCompressionLevel(),
        Zstd.minCompressionLevel(), Zstd.maxCompressionLevel());
    int threads = params.integer("compression-threads", 0, 0, MAX_THREADS);
    return new ZstdCompressor(level, threads, CompressorProvider.maxDecompressedBytes(params));
  }
}
