package io.cachette.serial;

import io.cachette.url.UrlParams;

/**
 * Creates a byte layer ({@code zlib}, {@code gzip}, {@code zstd}, {@code lz4}) for
 * {@link Serializers#fromUrl}. Registered in
 * {@code META-INF/services/io.cachette.serial.CompressorProvider}.
 */
public interface CompressorProvider {

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
}
