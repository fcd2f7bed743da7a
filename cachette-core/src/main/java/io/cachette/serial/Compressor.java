package io.cachette.serial;

import io.cachette.SerializationException;

/**
 * A byte-to-byte layer of a serializer chain, such as {@code zlib}, {@code gzip}, {@code zstd} or
 * {@code lz4}. Immutable and thread-safe.
 */
public interface Compressor {

  /** The layer name used in serializer URLs and stored ids, such as {@code zstd}. */
  String name();

  /** Compresses bytes. */
  byte[] compress(byte[] bytes);

  /**
   * Restores compressed bytes.
   *
   * @throws SerializationException when the input is corrupt or was not made by this compressor
   */
  byte[] decompress(byte[] bytes);
}
