package io.cachette.serial;

import io.cachette.SerializationException;
import io.cachette.url.UrlParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * What the {@code zlib} and {@code gzip} layers share: both are Deflate behind a stream, and
 * neither format states its decompressed size up front (gzip's trailer does, modulo 4 GiB and
 * unchecked until the end), so a read bounds its buffers itself.
 */
final class Deflating {
  /**
   * Values up to this size are inflated in one pass into a buffer grown by doubling; a larger one
   * is first counted through a scratch buffer of this size, then inflated again into an array of
   * its exact size. So a read holds at most its result plus this constant, and a forged value
   * ("bomb") costs this constant whatever it claims to expand to.
   */
  static final int ONE_PASS_BYTES = 256 << 10;
  private static final int FIRST_BUFFER_BYTES = 1024;

  private Deflating() {}

  /** Reads the {@code compression-level} parameter: 0..9, or -1 (the default) for Deflate's 6. */
  static int level(UrlParams params) {
    return params.integer("compression-level", -1, -1, 9);
  }

  /**
   * Compresses through the Deflate stream that {@code deflate} wraps around a byte sink.
   *
   * @throws SerializationException when the value is larger than the guard lets a reader inflate
   */
  static byte[] compress(byte[] bytes, DecompressionGuard guard, Wrap<OutputStream> deflate) {
    guard.checkCompressible(bytes.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
    try (OutputStream stream = deflate.wrap(out)) {
      stream.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return out.toByteArray();
  }

  /**
   * Reads the Deflate stream that {@code inflate} wraps around the bytes to its end, refusing to
   * produce more than the guard's limit. Never holds more than the result plus
   * {@link #ONE_PASS_BYTES}.
   *
   * @throws SerializationException when the data is corrupt, truncated or too large
   */
  static byte[] decompress(byte[] bytes, DecompressionGuard guard, Wrap<InputStream> inflate) {
    return guard.read(() -> inflate(bytes, guard, inflate));
  }

  private static byte[] inflate(byte[] bytes, DecompressionGuard guard, Wrap<InputStream> inflate)
      throws IOException {
    long size;
    int cap = (int) Math.min(guard.maxBytes() + 1L, ONE_PASS_BYTES);
    try (InputStream in = inflate.wrap(new ByteArrayInputStream(bytes))) {
      byte[] buffer = new byte[(int) Math.min(cap, Math.max(FIRST_BUFFER_BYTES, 4L * bytes.length))];
      int filled = 0;
      while (true) {
        filled += in.readNBytes(buffer, filled, buffer.length - filled);
        if (filled < buffer.length) { // readNBytes stops short only at the end of the stream
          return Arrays.copyOf(buffer, filled);
        }
        if (buffer.length == cap) {
          break;
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(cap, 2L * buffer.length));
      }
      size = filled + count(in, buffer, guard.maxBytes() - filled);
    }
    if (size > guard.maxBytes()) {
      throw guard.exceeded();
    }
    // Too large for one pass: its size is now known, so inflate it again into one exact array.
    byte[] out = new byte[(int) size];
    try (InputStream in = inflate.wrap(new ByteArrayInputStream(bytes))) {
      if (in.readNBytes(out, 0, out.length) != out.length || in.read() != -1) {
        throw guard.corrupt("it inflated to a different size on a second pass", null);
      }
    }
    return out;
  }

  /**
   * Reads the rest of a stream through {@code scratch}, returning how many bytes it held, or
   * {@code most + 1} as soon as it holds more than {@code most}.
   */
  private static long count(InputStream in, byte[] scratch, long most) throws IOException {
    long counted = 0;
    for (int n; counted <= most && (n = in.read(scratch)) != -1; ) {
      counted += n;
    }
    return Math.min(counted, most + 1);
  }

  /** Wraps a stream in a (de)compressing one. */
  @FunctionalInterface
  interface Wrap<S> {
    S wrap(S stream) throws IOException;
  }
}
