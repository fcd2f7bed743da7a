package io.cachette.serial;

import io.cachette.url.UrlParams;

/**
 * Creates a byte layer ({@code zlib}, {@code gzip}, {@code zstd}, {@code lz4}) for
 * {@link Serializers#fromUrl}. Registered in
 * {@code META-INF/services/io.cachette.serial.CompressorProvider}.
 */
public interface CompressorProvider {

  /**
   * The URL parameter that bounds how many bytes one stored value may decompress to, so that a
   * small forged entry (a "decompression bomb") cannot make a reader allocate gigabytes. Every
   * built-in compressor reads it; see {@link #maxDecompressedBytes(UrlParams)}.
   */
  String MAX_DECOMPRESSED_BYTES = "max-decompressed-bytes";

  /** The default of {@value #MAX_DECOMPRESSED_BYTES}: 128 MiB. */
  int DEFAULT_MAX_DECOMPRESSED_BYTES = 128 << 20;

  /** The lower-case layer name, as written in URLs: {@code zstd}. */
  String name();

  /**
   * Creates a compressor.
   *
   * @param params the URL's parameters; read the ones this layer supports (such as
   *     {@code compression-level})
   * @throws IllegalArgumentException when a parameter is invalid
   */
  Compressor create(UrlParams params);

  /**
   * Reads {@value #MAX_DECOMPRESSED_BYTES}: an integer from 1 to {@code Integer.MAX_VALUE - 8}
   * (the largest Java array), {@link #DEFAULT_MAX_DECOMPRESSED_BYTES} when absent. A compressor
   * refuses, with a {@link io.cachette.SerializationException}, input that would decompress to more.
   *
   * @throws IllegalArgumentException when the value is not an integer in that range
   */
  static int maxDecompressedBytes(UrlParams params) {
    return params.integer(MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES, 1,
        Integer.MAX_VALUE - 8);
  }
}
