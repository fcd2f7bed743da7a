package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zlib or gzip value of about 1 MB that inflates to 1 GiB of zeros, read by 8 threads at once in
 * a JVM with a 128 MiB heap: every read fails with a SerializationException (which a cache turns
 * into a miss), none with an OutOfMemoryError.
 */
class DeflateBombTest {
  private static final int READERS = 8;

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void theBombsAreValidStreamsOfZeros(String name) throws IOException {
    byte[] small = name.equals("zlib") ? DeflateBombs.zlibOfZeros(3) : DeflateBombs.gzipOfZeros(3);

    try (InputStream in = name.equals("zlib")
        ? new InflaterInputStream(new ByteArrayInputStream(small))
        : new GZIPInputStream(new ByteArrayInputStream(small))) {
      assertThat(in.readAllBytes()).isEqualTo(new byte[3 << 20]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void eightConcurrentReadsOfABombInA128MebibyteHeapEachFailWithSerializationException(
      String name, @TempDir Path dir) throws Exception {
    byte[] bomb = name.equals("zlib") ? DeflateBombs.zlibOfZeros(1024) : DeflateBombs.gzipOfZeros(1024);
    Path file = Files.write(dir.resolve(name + ".bomb"), bomb);

    List<String> outcomes =
        CompressorChecks.readConcurrentlyIn128MebibyteHeap(name + "://", file, READERS);

    assertThat(bomb.length).isLessThan(1_100_000); // 1 GiB of zeros in about 1 MB
    assertThat(outcomes).containsExactlyElementsOf(Collections.nCopies(READERS,
        "outcome io.cachette.SerializationException: The " + name + " layer refused a stored "
            + "value that decompresses to more than max-decompressed-bytes=16777216 bytes; raise "
            + "that serializer URL parameter if such values are expected"));
  }
}
