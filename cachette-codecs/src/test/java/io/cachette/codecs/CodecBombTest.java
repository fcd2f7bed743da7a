package io.cachette.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.serial.CompressorChecks;
import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zstd or lz4 value whose header says 128 MiB (a real one: 128 MiB of zeros), read by 8 threads
 * at once in a JVM with a 128 MiB heap: every read fails with a SerializationException (which a
 * cache turns into a miss) before allocating, none with an OutOfMemoryError. The same for a
 * msgpack binary whose header claims 2 GiB.
 */
class CodecBombTest {
  private static final int READERS = 8;
  private static final int CLAIMED = 128 << 20;

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4"})
  void eightConcurrentReadsOfAValueClaiming128MebibytesInA128MebibyteHeapEachFailBeforeAllocating(
      String name, @TempDir Path dir) throws Exception {
    Serializer<byte[]> roomy = Serializers.fromUrl(name + "://?max-decompressed-bytes=" + CLAIMED,
        byte[].class);
    byte[] bomb = roomy.serialize(new byte[CLAIMED]);
    Path file = Files.write(dir.resolve(name + ".bomb"), bomb);

    List<String> outcomes = readInChildJvm(name + "://", file);

    assertThat(bomb.length).isLessThan(name.equals("zstd") ? 8192 : 1 << 20);
    assertThat(outcomes).containsExactlyElementsOf(Collections.nCopies(READERS,
        "outcome io.cachette.SerializationException: The " + name + " layer refused a stored "
            + "value that says it decompresses to 134217728 bytes, over "
            + "max-decompressed-bytes=16777216; raise that serializer URL parameter if such "
            + "values are expected"));
  }

  @Test
  void eightConcurrentReadsOfAMsgpackBinaryClaiming2GibibytesInA128MebibyteHeapEachFail(
      @TempDir Path dir) throws Exception {
    // a bin 32 header that says 2 GiB - 16 bytes follow, and none do
    Path file = Files.write(dir.resolve("msgpack.bomb"),
        new byte[] {(byte) 0xC6, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0});

    List<String> outcomes = readInChildJvm("msgpack://", file);

    assertThat(outcomes).containsExactlyElementsOf(Collections.nCopies(READERS,
        "outcome io.cachette.SerializationException: The stored bytes are not a msgpack [B "
            + "(corrupt, truncated or of another shape): MessageInsufficientBufferException"));
  }

  private static List<String> readInChildJvm(String serializerUrl, Path file) throws Exception {
    return CompressorChecks.readConcurrentlyIn128MebibyteHeap(serializerUrl, file, READERS);
  }
}
