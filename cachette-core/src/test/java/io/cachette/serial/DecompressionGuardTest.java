package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.SerializationException;
import io.cachette.url.UrlParams;
import java.io.EOFException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limit and the failures every compressor shares. */
class DecompressionGuardTest {
  private final DecompressionGuard guard = DecompressionGuard.of("zz", 1000);

  @Test
  void readsItsLimitFromTheUrlWith16MebibytesByDefault() {
    assertThat(DecompressionGuard.of("zz", UrlParams.of(Map.of())).maxBytes())
        .isEqualTo(16 * 1024 * 1024);
    assertThat(DecompressionGuard.of("zz", UrlParams.of(Map.of("max-decompressed-bytes", "5")))
        .maxBytes()).isEqualTo(5);
    assertThat(guard).hasToString("max-decompressed-bytes=1000");
    assertThatThrownBy(() -> DecompressionGuard.of("zz", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be from 1 to 2147483639, was 0");
  }

  @Test
  void refusesToCompressMoreThanAReaderMayDecompressSayingWhatToRaise() {
    guard.checkCompressible(1000);

    assertThatThrownBy(() -> guard.checkCompressible(1001))
        .isInstanceOf(SerializationException.class)
        .hasMessage("The zz layer cannot store a value of 1001 bytes: it is over "
            + "max-decompressed-bytes=1000, so no reader could read it back. Raise that serializer "
            + "URL parameter (on every cache that reads these entries), or store smaller values");
  }

  @Test
  void acceptsAClaimedSizeOnlyWithinTheLimitAndWhatTheStoredBytesCanHold() {
    assertThat(guard.checkClaimedSize(1000, 5000)).isEqualTo(1000);
    assertThat(guard.checkClaimedSize(0, 0)).isZero();

    assertThatThrownBy(() -> guard.checkClaimedSize(1001, 5000))
        .isInstanceOf(SerializationException.class)
        .hasMessage("The zz layer refused a stored value that says it decompresses to 1001 bytes, "
            + "over max-decompressed-bytes=1000; raise that serializer URL parameter if such "
            + "values are expected");
    assertThatThrownBy(() -> guard.checkClaimedSize(900, 800))
        .isInstanceOf(SerializationException.class)
        .hasMessage("The stored bytes are not valid zz data (corrupt, truncated or written by "
            + "another serializer): it says it decompresses to 900 bytes, which these compressed "
            + "bytes cannot hold (at most 800)");
    assertThatThrownBy(() -> guard.checkClaimedSize(-1, 800))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("it says it decompresses to -1 bytes");
  }

  @Test
  void aReadTurnsWhatALibraryThrowsIntoSerializationExceptionAndLetsItsOwnThrough() {
    SerializationException own = guard.exceeded();
    EOFException eof = new EOFException("Unexpected end of input");
    IllegalStateException state = new IllegalStateException("bad state");

    assertThat(guard.read(() -> new byte[] {1, 2})).containsExactly(1, 2);
    assertThatThrownBy(() -> guard.read(() -> {
      throw own;
    })).isSameAs(own);
    assertThatThrownBy(() -> guard.read(() -> {
      throw eof;
    })).isInstanceOf(SerializationException.class).hasCause(eof)
        .hasMessage("The stored bytes are not valid zz data (corrupt, truncated or written by "
            + "another serializer): java.io.EOFException: Unexpected end of input");
    assertThatThrownBy(() -> guard.read(() -> {
      throw state;
    })).isInstanceOf(SerializationException.class).hasCause(state);
    assertThat(own).hasMessage("The zz layer refused a stored value that decompresses to more "
        + "than max-decompressed-bytes=1000 bytes; raise that serializer URL parameter if such "
        + "values are expected");
  }
}
