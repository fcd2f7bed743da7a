package io.cachette.serial;

import io.cachette.url.UrlParams;
import java.util.Set;

/**
 * Creates a byte layer ({@code zlib}, {@code gzip}, {@code zstd}, {@code lz4}) for
 * {@link Serializers#fromUrl}. Registered in
 * {@code META-INF/services/io.cachette.serial.CompressorProvider}.
 */
public interface CompressorProvider {

  /**
   * The URL parameter that bounds how many bytes one stored value may decompress to, so that a
   * small forged entry (a "decompression bomb") cannot make a reader allocate gigabytes. Every
   * built-in compressor reads it; see {@link #maxDecompressedBytes(UrlParams)} and
   * {@link DecompressionGuard}.
   */
  String MAX_DECOMPRESSED_BYTES = "max-decompressed-bytes";

  /**
   * The default of {@value #MAX_DECOMPRESSED_BYTES}: 16 MiB, more than a cache entry usually
   * holds, and little enough that several readers of forged entries fit in a small heap at once.
   */
  int DEFAULT_MAX_DECOMPRESSED_BYTES = 16 << 20;

  /** The lower-case layer name, as written in URLs and stored serializer ids: {@code zstd}. */
  String name();

  /**
   * Other lower-case names that select this layer in URLs, such as {@code zstandard} for
   * {@code zstd}; a chain built from an alias has the same id as one built from {@link #name()},
   * so both read each other's entries. Empty by default.
   */
  default Set<String> aliases() {
    return Set.of();
  }

  /**
   * Creates a compressor.
   *
   * @param params the URL's parameters; read the ones this layer supports (such as
   *     {@code compression-level})
   * @throws IllegalArgumentException when a parameter is invalid
   */
  Compressor create(UrlParams params);

  /**
   * Reads {@value #MAX_DECOMPRESSED_BYTES}: an integer from 1 to
   * {@link DecompressionGuard#MAX_ARRAY_BYTES} (the largest Java array),
   * {@link #DEFAULT_MAX_DECOMPRESSED_BYTES} when absent. A compressor refuses, with a
   * {@link io.cachette.SerializationException}, to compress a larger value or to read input that
   * would decompress to more.
   *
   * @throws IllegalArgumentException when the value is not an integer in that range
   */
  static int maxDecompressedBytes(UrlParams params) {
    return params.integer(MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES, 1,
        DecompressionGuard.MAX_ARRAY_BYTES);
  }
}
