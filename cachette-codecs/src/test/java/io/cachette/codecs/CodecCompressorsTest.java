package io.cachette.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import io.cachette.SerializationException;
import io.cachette.serial.Compressor;
import io.cachette.serial.CompressorChecks;
import io.cachette.serial.Serializers;
import io.cachette.url.UrlParams;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The zstd and lz4 byte layers. */
class CodecCompressorsTest {

  private static Compressor compressor(String name, Map<String, String> params) {
    UrlParams urlParams = UrlParams.of(params);
    Compressor c = Serializers.compressorProviders().get(name).create(urlParams);
    urlParams.rejectUnknown(name + "://");
    return c;
  }

  private static byte[] sample(int size) {
    byte[] bytes = new byte[size];
    Random random = new Random(size);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i % 7 == 0 ? random.nextInt() : 'a' + i % 5);
    }
    return bytes;
  }

  private static void assertRoundTrips(Compressor c) {
    for (int size : new int[] {0, 1, 1000, 300_000}) {
      byte[] input = sample(size);
      assertThat(c.decompress(c.compress(input))).as("%s, %d bytes", c, size).isEqualTo(input);
    }
  }

  @Test
  void zstdRoundTripsAcrossItsLevelsAndThreadCounts() {
    for (int level : new int[] {Zstd.minCompressionLevel(), -5, 0, 1, 3, 19, Zstd.maxCompressionLevel()}) {
      assertRoundTrips(compressor("zstd", Map.of("compression-level", String.valueOf(level))));
    }
    for (String threads : new String[] {"0", "1", "2"}) {
      assertRoundTrips(compressor("zstd", Map.of("compression-threads", threads)));
    }
  }

  @Test
  void lz4RoundTrips() {
    assertRoundTrips(compressor("lz4", Map.of()));
  }

  @Test
  void zstdWritesStandardFramesThatZstdStreamsRead() throws Exception {
    byte[] input = sample(50_000);
    byte[] compressed = compressor("zstd", Map.of("compression-threads", "2")).compress(input);

    assertThat(Zstd.getFrameContentSize(compressed)).isEqualTo(input.length);
    try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
      assertThat(in.readAllBytes()).isEqualTo(input);
    }
  }

  @Test
  void lz4WritesTheOriginalLengthAndChecksumThenAPlainLz4Block() {
    byte[] input = sample(50_000);
    byte[] compressed = compressor("lz4", Map.of()).compress(input);
    int checksum = XXHashFactory.safeInstance().hash32().hash(input, 0, input.length, 0x63616368);

    assertThat(Arrays.copyOf(compressed, 4)).containsExactly(0, 0, 0xC3, 0x50); // 50,000
    assertThat(ByteBuffer.wrap(compressed, 4, 4).getInt()).isEqualTo(checksum);
    assertThat(LZ4Factory.safeInstance().safeDecompressor()
        .decompress(Arrays.copyOfRange(compressed, 8, compressed.length), input.length))
        .isEqualTo(input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4"})
  void aChangedLiteralIsCaughtByTheChecksum(String name) {
    byte[] input = "a text without repeats: the quick brown fox jumps over my lazy dog".getBytes();
    byte[] compressed = compressor(name, Map.of()).compress(input);
    int at = indexOf(compressed, (byte) 'q');
    compressed[at] = 'Q'; // the block still decodes, to "the Quick brown fox"

    assertThatThrownBy(() -> compressor(name, Map.of()).decompress(compressed))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("checksum");
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    throw new AssertionError("no " + (char) wanted + " in the compressed bytes");
  }

  @Test
  void zstdRefusesLevelsAndThreadCountsOutOfRange() {
    int max = Zstd.maxCompressionLevel();
    int min = Zstd.minCompressionLevel();
    for (String level : new String[] {String.valueOf(max + 1), String.valueOf(min - 1), "high"}) {
      assertThatThrownBy(() -> compressor("zstd", Map.of("compression-level", level)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid value '" + level + "' for parameter 'compression-level'")
          .hasMessageContaining("an integer from " + min + " to " + max);
    }
    for (String threads : new String[] {"-1", "257", "many"}) {
      assertThatThrownBy(() -> compressor("zstd", Map.of("compression-threads", threads)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("parameter 'compression-threads'")
          .hasMessageContaining("an integer from 0 to 256");
    }
  }

  @Test
  void lz4RefusesParametersItDoesNotHave() {
    assertThatThrownBy(() -> compressor("lz4", Map.of("compression-level", "9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown parameter [compression-level]")
        .hasMessageContaining("supported: [max-decompressed-bytes]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4"})
  void corruptTruncatedOrForeignBytesFailWithSerializationException(String name) {
    Compressor c = compressor(name, Map.of());
    byte[] good = c.compress(sample(10_000));
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x5A;
    byte[] noise = new byte[500];
    new Random(7).nextBytes(noise);

    for (byte[] bad : new byte[][] {new byte[0], {1, 2}, noise, Arrays.copyOf(good, good.length - 9),
        Arrays.copyOf(good, good.length + 3), flipped, "plain text".getBytes()}) {
      assertThatThrownBy(() -> c.decompress(bad))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("not valid " + name + " data");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4"})
  void refusesToDecompressBeyondMaxDecompressedBytes(String name) {
    byte[] bomb = compressor(name, Map.of("max-decompressed-bytes", "20000000"))
        .compress(new byte[20_000_000]);

    assertThat(bomb.length).isLessThan(100_000);
    assertThatThrownBy(() -> compressor(name, Map.of("max-decompressed-bytes", "1000000"))
        .decompress(bomb))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("decompresses to 20000000 bytes, over max-decompressed-bytes=1000000");
    assertThat(compressor(name, Map.of("max-decompressed-bytes", "20000000")).decompress(bomb))
        .hasSize(20_000_000);
  }

  @Test
  void lz4RefusesALengthItsBytesCannotHoldBeforeAllocating() {
    byte[] forged = compressor("lz4", Map.of()).compress(sample(100));
    forged[0] = 0x7F; // claims about 2 GB

    assertThatThrownBy(() -> compressor("lz4", Map.of()).decompress(forged))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("compressed bytes cannot hold");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4"})
  void aValueOfExactlyTheLimitRoundTripsAndOneByteMoreIsRefusedOnWriteAndOnRead(String name) {
    int limit = 100_000;
    Compressor guarded = compressor(name, Map.of("max-decompressed-bytes", String.valueOf(limit)));
    Compressor roomy = compressor(name, Map.of("max-decompressed-bytes", String.valueOf(limit + 1)));
    byte[] atLimit = sample(limit);
    byte[] overLimit = sample(limit + 1);

    assertThat(guarded.decompress(guarded.compress(atLimit))).isEqualTo(atLimit);
    assertThatThrownBy(() -> guarded.compress(overLimit))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot store a value of " + (limit + 1) + " bytes");
    assertThatThrownBy(() -> guarded.decompress(roomy.compress(overLimit)))
        .isInstanceOf(SerializationException.class)
        .hasMessage("The " + name + " layer refused a stored value that says it decompresses to "
            + (limit + 1) + " bytes, over max-decompressed-bytes=" + limit + "; raise that "
            + "serializer URL parameter if such values are expected");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4"})
  void theDefaultLimitIs16MebibytesEvenForTheMostCompressibleValue(String name) {
    Compressor byDefault = compressor(name, Map.of());
    Compressor roomy = compressor(name, Map.of("max-decompressed-bytes", "100000000"));

    assertThat(byDefault.decompress(byDefault.compress(new byte[16 << 20]))).hasSize(16 << 20);
    assertThatThrownBy(() -> byDefault.decompress(roomy.compress(new byte[(16 << 20) + 1])))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("says it decompresses to 16777217 bytes, over "
            + "max-decompressed-bytes=16777216");
  }

  @Test
  void zstdRefusesASizeItsBytesCannotHoldBeforeAllocating() {
    // a 17-byte frame: magic, descriptor (single segment, 8-byte size), the size (1 GiB), and one
    // last raw block of one byte
    byte[] forged = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, (byte) 0xE0, 0, 0, 0, 0x40, 0, 0, 0, 0,
        9, 0, 0, 'x'};
    Compressor roomy = compressor("zstd", Map.of("max-decompressed-bytes", "2147483639"));

    assertThat(Zstd.getFrameContentSize(forged)).isEqualTo(1 << 30);
    assertThatThrownBy(() -> roomy.decompress(forged))
        .isInstanceOf(SerializationException.class)
        .hasMessage("The stored bytes are not valid zstd data (corrupt, truncated or written by "
            + "another serializer): it says it decompresses to 1073741824 bytes, which these "
            + "compressed bytes cannot hold (at most 557056)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4"})
  void randomBytesAlwaysFailWithSerializationException(String name) {
    CompressorChecks.assertRandomBytesFail(compressor(name, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "lz4"})
  void everyTruncationFailsAndEveryFlippedBitReadsOrFailsWithSerializationExceptionOnly(
      String name) {
    Compressor c = compressor(name, Map.of());

    CompressorChecks.assertTruncationsFailAndFlippedBitsReadOrFail(c, c.compress(sample(3000)));
  }
}
