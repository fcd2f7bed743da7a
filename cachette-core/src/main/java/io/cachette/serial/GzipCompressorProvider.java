package io.cachette.serial;

import io.cachette.url.UrlParams;

/**
 * The {@code gzip} byte layer. Parameters: {@code compression-level} (0..9, -1 for the default 6)
 * and {@link CompressorProvider#MAX_DECOMPRESSED_BYTES max-decompressed-bytes}.
 */
public final class GzipCompressorProvider implements CompressorProvider {
  @Override
  public String name() {
    return "gzip";
  }

  @Override
  public Compressor create(UrlParams params) {
    return new GzipCompressor(Deflating.level(params), CompressorProvider.maxDecompressedBytes(params));
  }
}
