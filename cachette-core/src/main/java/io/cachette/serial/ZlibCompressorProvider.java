package io.cachette.serial;

import io.cachette.url.UrlParams;

/**
 * The {@code zlib} byte layer. Parameters: {@code compression-level} (0..9, -1 for the default 6)
 * and {@link CompressorProvider#MAX_DECOMPRESSED_BYTES max-decompressed-bytes}.
 */
public final class ZlibCompressorProvider implements CompressorProvider {
  @Override
  public String name() {
    return "zlib";
  }

  @Override
  public Compressor create(UrlParams params) {
    return new ZlibCompressor(Deflating.level(params), CompressorProvider.maxDecompressedBytes(params));
  }
}
