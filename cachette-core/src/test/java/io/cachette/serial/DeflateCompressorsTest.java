package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.SerializationException;
import io.cachette.url.UrlParams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The zlib and gzip byte layers, each run through the same specification. */
class DeflateCompressorsTest {

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
      bytes[i] = (byte) (i % 7 == 0 ? random.nextInt() : 'a' + i % 5); // compressible, not trivial
    }
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void roundTripsAtEveryLevel(String name) {
    for (int level = -1; level <= 9; level++) {
      Compressor c = compressor(name, Map.of("compression-level", String.valueOf(level)));
      for (int size : new int[] {0, 1, 1000, 300_000}) {
        byte[] input = sample(size);
        assertThat(c.decompress(c.compress(input))).as("%s level %d size %d", name, level, size)
            .isEqualTo(input);
      }
    }
    assertThat(compressor(name, Map.of()).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void higherLevelsCompressRepetitiveDataSmaller(String name) {
    byte[] input = sample(100_000);

    int stored = compressor(name, Map.of("compression-level", "0")).compress(input).length;
    int best = compressor(name, Map.of("compression-level", "9")).compress(input).length;

    assertThat(stored).isGreaterThan(input.length);
    assertThat(best).isLessThan(input.length / 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void writesTheStandardFormatThatTheJdkStreamsRead(String name) throws IOException {
    byte[] input = sample(5000);
    byte[] compressed = compressor(name, Map.of()).compress(input);

    try (var in = name.equals("gzip")
        ? new GZIPInputStream(new ByteArrayInputStream(compressed))
        : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
      assertThat(in.readAllBytes()).isEqualTo(input);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void refusesLevelsOutOfRangeNamingTheParameter(String name) {
    for (String level : new String[] {"10", "-2", "fast"}) {
      assertThatThrownBy(() -> compressor(name, Map.of("compression-level", level)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid value '" + level + "' for parameter 'compression-level'")
          .hasMessageContaining("an integer from -1 to 9");
    }
    assertThatThrownBy(() -> Serializers.fromUrl(name + "://?level=3", byte[].class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown parameter [level]")
        .hasMessageContaining("compression-level");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void corruptTruncatedOrForeignBytesFailWithSerializationException(String name) {
    Compressor c = compressor(name, Map.of());
    byte[] good = c.compress(sample(10_000));
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x5A;
    byte[] noise = new byte[500];
    new Random(7).nextBytes(noise);

    for (byte[] bad : new byte[][] {new byte[0], noise, Arrays.copyOf(good, good.length - 9),
        flipped, "plain text".getBytes()}) {
      assertThatThrownBy(() -> c.decompress(bad))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("not valid " + name + " data");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void refusesToInflateBeyondMaxDecompressedBytes(String name) {
    byte[] bomb = compressor(name, Map.of("max-decompressed-bytes", "20000000"))
        .compress(new byte[20_000_000]); // ~20 KB of zeros

    Compressor guarded = compressor(name, Map.of("max-decompressed-bytes", "1000000"));

    assertThat(bomb.length).isLessThan(100_000);
    assertThatThrownBy(() -> guarded.decompress(bomb))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("more than max-decompressed-bytes=1000000");
    assertThat(compressor(name, Map.of("max-decompressed-bytes", "20000000")).decompress(bomb))
        .hasSize(20_000_000);
    assertThatThrownBy(() -> compressor(name, Map.of("max-decompressed-bytes", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'max-decompressed-bytes'");
  }

  /** Limits inflated in one pass, and limits past {@link Deflating#ONE_PASS_BYTES} (two passes). */
  @ParameterizedTest
  @ValueSource(strings = {"zlib:1000", "gzip:1000", "zlib:1000000", "gzip:1000000",
      "zlib:" + Deflating.ONE_PASS_BYTES, "gzip:" + Deflating.ONE_PASS_BYTES})
  void aValueOfExactlyTheLimitRoundTripsAndOneByteMoreIsRefusedOnWriteAndOnRead(String layerAndLimit) {
    String name = layerAndLimit.substring(0, 4);
    int limit = Integer.parseInt(layerAndLimit.substring(5));
    Compressor guarded = compressor(name, Map.of("max-decompressed-bytes", String.valueOf(limit)));
    Compressor roomy = compressor(name, Map.of("max-decompressed-bytes", String.valueOf(limit + 1)));
    byte[] atLimit = sample(limit);
    byte[] overLimit = sample(limit + 1);

    assertThat(guarded.decompress(guarded.compress(atLimit))).isEqualTo(atLimit);
    assertThat(guarded.decompress(roomy.compress(atLimit))).isEqualTo(atLimit);
    assertThatThrownBy(() -> guarded.compress(overLimit))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot store a value of " + (limit + 1) + " bytes");
    assertThatThrownBy(() -> guarded.decompress(roomy.compress(overLimit)))
        .isInstanceOf(SerializationException.class)
        .hasMessage("The " + name + " layer refused a stored value that decompresses to more than "
            + "max-decompressed-bytes=" + limit + " bytes; raise that serializer URL parameter if "
            + "such values are expected");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void theDefaultLimitIs16MebibytesOfOutput(String name) {
    Compressor byDefault = compressor(name, Map.of());
    Compressor roomy = compressor(name, Map.of("max-decompressed-bytes", "100000000"));

    assertThat(CompressorProvider.DEFAULT_MAX_DECOMPRESSED_BYTES).isEqualTo(16 * 1024 * 1024);
    assertThat(byDefault.decompress(byDefault.compress(new byte[16 << 20]))).hasSize(16 << 20);
    assertThatThrownBy(() -> byDefault.decompress(roomy.compress(new byte[(16 << 20) + 1])))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("max-decompressed-bytes=16777216");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void randomBytesAlwaysFailWithSerializationException(String name) {
    CompressorChecks.assertRandomBytesFail(compressor(name, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "gzip"})
  void everyTruncationFailsAndEveryFlippedBitReadsOrFailsWithSerializationExceptionOnly(
      String name) {
    Compressor c = compressor(name, Map.of());

    CompressorChecks.assertTruncationsFailAndFlippedBitsReadOrFail(c, c.compress(sample(3000)));
  }
}
