package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.SerializationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Checks every compressor's tests share, here and in the codecs module (through this module's
 * test jar): bad input fails only with {@link SerializationException}, and reads in a small heap.
 */
public final class CompressorChecks {
  private CompressorChecks() {}

  /** 2000 random inputs of up to 300 bytes each fail with a SerializationException. */
  public static void assertRandomBytesFail(Compressor c) {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] noise = new byte[random.nextInt(300)];
      random.nextBytes(noise);
      assertThatThrownBy(() -> c.decompress(noise)).as("%s noise #%d", c, i)
          .isInstanceOf(SerializationException.class);
    }
  }

  /**
   * Every truncation of {@code compressed} fails with a SerializationException, and every single
   * flipped bit either still reads (a checksum can miss a flip, a format can ignore a header bit)
   * or fails that same way: never with another exception.
   */
  public static void assertTruncationsFailAndFlippedBitsReadOrFail(Compressor c, byte[] compressed) {
    for (int length = 0; length < compressed.length; length++) {
      byte[] truncated = Arrays.copyOf(compressed, length);
      assertThatThrownBy(() -> c.decompress(truncated)).as("%s cut at %d", c, length)
          .isInstanceOf(SerializationException.class);
    }
    for (int at = 0; at < compressed.length; at++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = compressed.clone();
        flipped[at] ^= (byte) (1 << bit);
        assertThat(readOrFailure(c, flipped)).as("%s byte %d bit %d", c, at, bit)
            .isIn("read", SerializationException.class.getName());
      }
    }
  }

  private static String readOrFailure(Compressor c, byte[] bytes) {
    try {
      c.decompress(bytes);
      return "read";
    } catch (RuntimeException e) {
      return e.getClass().getName();
    }
  }

  /**
   * Runs {@link ConcurrentReads} in a child JVM with {@code -Xmx128m} on the current test
   * classpath, reading the file through the serializer URL from {@code readers} threads at once.
   *
   * @return its {@code outcome} lines, one per reader
   */
  public static List<String> readConcurrentlyIn128MebibyteHeap(String serializerUrl, Path file,
      int readers) throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), ConcurrentReads.class.getName(),
        serializerUrl, file.toString(), String.valueOf(readers))
        .redirectErrorStream(true)
        .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child exited").isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    return output.lines().filter(line -> line.startsWith("outcome ")).toList();
  }
}
