package io.cachette.serial;

import io.cachette.SerializationException;

/**
 * A byte-to-byte layer of a serializer chain, such as {@code zlib}, {@code gzip}, {@code zstd} or
 * {@code lz4}. Immutable and thread-safe.
 */
public interface Compressor {

  /** The layer name used in serializer URLs and stored ids, such as {@code zstd}. */
  String name();

  /**
   * Compresses bytes.
   *
   * @throws SerializationException when the input is larger than this compressor lets a reader
   *     decompress (its {@code max-decompressed-bytes}), since the stored value could not be read
   */
  byte[] compress(byte[] bytes);

  /**
   * Restores compressed bytes, allocating no more than the decompressed size limit (plus a small
   * constant) whatever the input claims.
   *
   * @throws SerializationException when the input is corrupt, was not made by this compressor, or
   *     decompresses to more than the limit; never another exception for bad input, so that a
   *     cache read treats it as a miss and drops the entry
   */
  byte[] decompress(byte[] bytes);
}
