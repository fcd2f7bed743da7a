package io.cachette.serial;

import io.cachette.SerializationException;
import io.cachette.url.UrlParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** What the {@code zlib} and {@code gzip} layers share: both are Deflate behind a stream. */
final class Deflating {
  private Deflating() {}

  /** Reads the {@code compression-level} parameter: 0..9, or -1 (the default) for Deflate's 6. */
  static int level(UrlParams params) {
    return params.integer("compression-level", -1, -1, 9);
  }

  /** Compresses through the Deflate stream that {@code deflate} wraps around a byte sink. */
  static byte[] compress(byte[] bytes, Wrap<OutputStream> deflate) {
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
   * produce more than {@code maxBytes}.
   *
   * @throws SerializationException when the data is corrupt, truncated or too large
   */
  static byte[] decompress(String layer, byte[] bytes, int maxBytes, Wrap<InputStream> inflate) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = inflate.wrap(new ByteArrayInputStream(bytes))) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        if (out.size() + (long) n > maxBytes) {
          throw new SerializationException("The " + layer + " layer refused a stored value that "
              + "decompresses to more than max-decompressed-bytes=" + maxBytes + " bytes; raise "
              + "that serializer URL parameter if such values are expected");
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new SerializationException("The stored bytes are not valid " + layer
          + " data (corrupt, truncated or written by another serializer): " + e, e);
    }
    return out.toByteArray();
  }

  /** Wraps a stream in a (de)compressing one. */
  @FunctionalInterface
  interface Wrap<S> {
    S wrap(S stream) throws IOException;
  }
}
