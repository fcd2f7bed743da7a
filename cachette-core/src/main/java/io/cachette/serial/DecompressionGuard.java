package io.cachette.serial;

import io.cachette.SerializationException;
import io.cachette.url.UrlParams;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every compressor's read shares: the bound on how many bytes one stored value may
 * decompress to ({@value CompressorProvider#MAX_DECOMPRESSED_BYTES}, default
 * {@link CompressorProvider#DEFAULT_MAX_DECOMPRESSED_BYTES 16 MiB}), and the
 * {@link SerializationException}s that refuse a value. A compressor checks a size its input claims
 * with {@link #checkClaimedSize} before allocating, stops a stream at {@link #exceeded()}, and
 * refuses on write, with {@link #checkCompressible}, a value it could not read back.
 *
 * <p>Through a cache, each of these exceptions makes the read a miss and drops the entry.
 * Immutable and thread-safe.
 */
public final class DecompressionGuard {
  /** The largest Java array, and so the largest value any layer can return. */
  public static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final String layer;
  private final int maxBytes;

  private DecompressionGuard(String layer, int maxBytes) {
    this.layer = layer;
    this.maxBytes = maxBytes;
  }

  /**
   * A guard for the named layer that allows at most {@code maxBytes} decompressed bytes.
   *
   * @throws NullPointerException when {@code layer} is null
   * @throws IllegalArgumentException when {@code maxBytes} is not from 1 to
   *     {@link #MAX_ARRAY_BYTES}
   */
  public static DecompressionGuard of(String layer, int maxBytes) {
    Objects.requireNonNull(layer, "layer");
    if (maxBytes < 1 || maxBytes > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException("maxBytes must be from 1 to " + MAX_ARRAY_BYTES
          + ", was " + maxBytes);
    }
    return new DecompressionGuard(layer, maxBytes);
  }

  /**
   * A guard for the named layer with the limit the URL parameters give (see
   * {@link CompressorProvider#maxDecompressedBytes(UrlParams)}).
   *
   * @throws IllegalArgumentException when the parameter is invalid
   */
  public static DecompressionGuard of(String layer, UrlParams params) {
    return of(layer, CompressorProvider.maxDecompressedBytes(params));
  }

  /** The layer name that messages give, such as {@code zstd}. */
  public String layer() {
    return layer;
  }

  /** The most bytes one value may decompress to. */
  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Refuses to compress a value that, once stored, every reader with this limit would refuse.
   *
   * @throws SerializationException when {@code length} is over {@link #maxBytes()}
   */
  public void checkCompressible(long length) {
    if (length > maxBytes) {
      throw new SerializationException("The " + layer + " layer cannot store a value of " + length
          + " bytes: it is over " + parameter() + ", so no reader could read it back. Raise that "
          + "serializer URL parameter (on every cache that reads these entries), or store "
          + "smaller values");
    }
  }

  /**
   * Checks the decompressed size that stored bytes claim (a header field) before anything of
   * that size is allocated.
   *
   * @param claimed the size the header gives
   * @param mostPossible the most that the stored length could decompress to in this format; a
   *     larger claim is forged or corrupt
   * @return {@code claimed}, now known to be from 0 to {@link #maxBytes()}
   * @throws SerializationException when the claim is negative, over {@code mostPossible}, or over
   *     {@link #maxBytes()}
   */
  public int checkClaimedSize(long claimed, long mostPossible) {
    if (claimed < 0 || claimed > mostPossible) {
      throw corrupt("it says it decompresses to " + claimed + " bytes, which these compressed "
          + "bytes cannot hold (at most " + mostPossible + ")", null);
    }
    if (claimed > maxBytes) {
      throw new SerializationException("The " + layer + " layer refused a stored value that says "
          + "it decompresses to " + claimed + " bytes, over " + parameter() + "; raise that "
          + "serializer URL parameter if such values are expected");
    }
    return (int) claimed;
  }

  /**
   * The exception for a stream that has produced more than {@link #maxBytes()} bytes and still
   * goes on; the caller throws it.
   */
  public SerializationException exceeded() {
    return new SerializationException("The " + layer + " layer refused a stored value that "
        + "decompresses to more than " + parameter() + " bytes; raise that serializer URL "
        + "parameter if such values are expected");
  }

  /**
   * The exception for bytes that are not valid data of this layer; the caller throws it.
   *
   * @param why what was wrong, for the message
   * @param cause the library's exception, if any
   */
  public SerializationException corrupt(String why, @Nullable Throwable cause) {
    return new SerializationException("The stored bytes are not valid " + layer + " data "
        + "(corrupt, truncated or written by another serializer): " + why, cause);
  }

  /**
   * Runs a decompression, so that whatever a library throws on bad input reaches the caller as
   * {@link #corrupt}: the {@link SerializationException}s of this guard pass through, any other
   * {@link IOException} or {@link RuntimeException} is wrapped. Errors are not caught: a
   * decompression bounded by this guard does not cause them.
   *
   * @return what {@code decompression} returned
   * @throws SerializationException when it failed
   */
  public byte[] read(Decompression decompression) {
    try {
      return decompression.run();
    } catch (SerializationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw corrupt(e.toString(), e);
    }
  }

  /** The body of {@link #read}: decompresses, or fails on bad input. */
  @FunctionalInterface
  public interface Decompression {
    /** Decompresses, returning the result. */
    byte[] run() throws IOException;
  }

  private String parameter() {
    return CompressorProvider.MAX_DECOMPRESSED_BYTES + "=" + maxBytes;
  }

  /** The limit as its URL parameter: {@code max-decompressed-bytes=16777216}. */
  @Override
  public String toString() {
    return parameter();
  }
}
