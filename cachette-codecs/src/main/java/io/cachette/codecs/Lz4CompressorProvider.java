package io.cachette.codecs;

import io.cachette.serial.Compressor;
import io.cachette.serial.CompressorProvider;
import io.cachette.url.UrlParams;

/**
 * The {@code lz4} byte layer: see {@link Lz4Compressor}. Parameter:
 * {@link CompressorProvider#MAX_DECOMPRESSED_BYTES max-decompressed-bytes}.
 */
public final class Lz4CompressorProvider implements CompressorProvider {
  @Override
  public String name() {
    return "lz4";
  }

  @Override
  public Compressor create(UrlParams params) {
    return new Lz4Compressor(CompressorProvider.maxDecompressedBytes(params));
  }
}
