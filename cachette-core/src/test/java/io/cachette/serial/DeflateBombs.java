package io.cachette.serial;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Valid zlib and gzip streams of many mebibytes of zeros, about 1 KB each, built without
 * compressing them all: after a full flush Deflate's state is reset, so every further mebibyte of
 * zeros compresses to the same bytes, which are repeated.
 */
final class DeflateBombs {
  private static final int MEBIBYTE = 1 << 20;
  /** A final, empty stored block: BFINAL=1, BTYPE=00, aligned, LEN=0, NLEN=0xFFFF. */
  private static final byte[] LAST_BLOCK = {1, 0, 0, (byte) 0xFF, (byte) 0xFF};

  private DeflateBombs() {}

  /** A zlib stream (RFC 1950) of {@code mebibytes} MiB of zeros. */
  static byte[] zlibOfZeros(int mebibytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(deflatedZeros(mebibytes, false));
    long length = (long) mebibytes * MEBIBYTE;
    int adler = (int) ((length % 65521) << 16 | 1); // a stays 1 over zeros; b adds it per byte
    writeInt(out, adler, true);
    return out.toByteArray();
  }

  /** A gzip stream (RFC 1952) of {@code mebibytes} MiB of zeros. */
  static byte[] gzipOfZeros(int mebibytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, (byte) 0xFF});
    out.writeBytes(deflatedZeros(mebibytes, true));
    CRC32 crc = new CRC32();
    byte[] zeros = new byte[MEBIBYTE];
    for (int i = 0; i < mebibytes; i++) {
      crc.update(zeros);
    }
    writeInt(out, (int) crc.getValue(), false);
    writeInt(out, (int) ((long) mebibytes * MEBIBYTE), false); // ISIZE: the length mod 2^32
    return out.toByteArray();
  }

  /** The Deflate blocks (after the zlib header unless {@code raw}) and the last block. */
  private static byte[] deflatedZeros(int mebibytes, boolean raw) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, raw);
    byte[] first;
    byte[] next;
    try {
      first = flushed(deflater);
      next = flushed(deflater);
    } finally {
      deflater.end();
    }
    int header = first.length - next.length;
    if (!Arrays.equals(first, header, first.length, next, 0, next.length)) {
      throw new IllegalStateException("Deflate did not repeat itself after a full flush");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first);
    for (int i = 1; i < mebibytes; i++) {
      out.writeBytes(next);
    }
    out.writeBytes(LAST_BLOCK);
    return out.toByteArray();
  }

  private static byte[] flushed(Deflater deflater) {
    deflater.setInput(new byte[MEBIBYTE]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length || !deflater.needsInput());
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int value, boolean bigEndian) {
    for (int i = 0; i < 4; i++) {
      out.write(value >>> (bigEndian ? 24 - 8 * i : 8 * i));
    }
  }
}
