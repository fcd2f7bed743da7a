package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The arithmetic under the SQL: prefix ranges, expiry times, padded key lists. */
class KeyRangeAndExpiryTest {

  @Test
  void theSuccessorOfAPrefixBoundsEveryKeyThatStartsWithIt() {
    assertThat(JdbcBackend.successor("users:")).isEqualTo("users;");
    assertThat(JdbcBackend.successor("a%")).isEqualTo("a&");
    assertThat(JdbcBackend.successor("é")).isEqualTo("ê");
    // U+D7FF is followed by the surrogates, which are not characters: the next is U+E000.
    assertThat(JdbcBackend.successor("x\uD7FF")).isEqualTo("x\uE000");
    // U+FFFF is followed by U+10000, a surrogate pair in Java and 4 bytes in UTF-8.
    assertThat(JdbcBackend.successor("x\uFFFF")).isEqualTo("x\uD800\uDC00");
    String top = new String(Character.toChars(Character.MAX_CODE_POINT));
    assertThat(JdbcBackend.successor("ab" + top)).isEqualTo("ac");
    assertThat(JdbcBackend.successor(top + top)).isNull();
  }

  @Test
  void theSuccessorOrderIsUtf8ByteOrder() {
    String prefix = "k\uFFFF";
    String inside = prefix + "\uD83D\uDE00";
    String successor = JdbcBackend.successor(prefix);
    // Java's String.compareTo (UTF-16) would put U+FFFF after U+10000; UTF-8 bytes do not.
    assertThat(compareUtf8(inside, successor)).isNegative();
    assertThat(compareUtf8(prefix, inside)).isNegative();
  }

  private static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void expiryIsAtLeastOneMillisecondAwayAndSaturates() {
    assertThat(JdbcBackend.expiresAt(null, 1000)).isNull();
    assertThat(JdbcBackend.expiresAt(Duration.ofNanos(1), 1000)).isEqualTo(1001);
    assertThat(JdbcBackend.expiresAt(Duration.ofMillis(1500), 1000)).isEqualTo(2500);
    assertThat(JdbcBackend.expiresAt(Duration.ofNanos(1_500_001), 1000)).isEqualTo(1002);
    assertThat(JdbcBackend.expiresAt(Duration.ofSeconds(Long.MAX_VALUE), 1000))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(JdbcBackend.expiresAt(Duration.ofMillis(Long.MAX_VALUE - 10), 1000))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void keyListsArePaddedToPowersOfTwo() {
    assertThat(Statements.padded(1)).isEqualTo(1);
    assertThat(Statements.padded(3)).isEqualTo(4);
    assertThat(Statements.padded(300)).isEqualTo(512);
    assertThat(Statements.padded(512)).isEqualTo(512);
    assertThatThrownBy(() -> Statements.padded(513)).isInstanceOf(IllegalArgumentException.class);
    Statements sql = new Statements(SqliteDialect.INSTANCE, "t", 10);
    assertThat(sql.getMany(3)).contains("IN (?, ?, ?, ?)").isSameAs(sql.getMany(4));
  }
}
