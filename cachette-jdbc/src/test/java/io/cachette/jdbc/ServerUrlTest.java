package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backends;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code postgresql://}, {@code postgres://}, {@code mariadb://} and {@code mysql://} URLs against
 * the real servers, and the bad ones.
 */
class ServerUrlTest {
  private static final String PG_TABLE = "url_postgres";
  private static final String MARIA_TABLE = "url_mariadb";

  @BeforeAll
  static void serversAreUp() throws SQLException {
    try (Connection pg = Servers.postgres(); Connection maria = Servers.mariadb()) {
      Servers.dropTable(pg, PG_TABLE);
      Servers.dropTable(maria, MARIA_TABLE);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void postgresqlAndPostgresUrlsOpenTheDatabase() {
    try (JdbcBackend a = (JdbcBackend) Backends.fromUrl(
            "postgresql://postgres:not-needed@127.0.0.1:5432/test?table=" + PG_TABLE
                + "&pool-size=2&connect-timeout=3s");
        JdbcBackend b = (JdbcBackend) Backends.fromUrl(
            "postgres://postgres@127.0.0.1/test?table=" + PG_TABLE
                + "&jdbc.currentschema=public&jdbc.applicationName=cachette-test")) {
      a.set("k", bytes("v"), null);
      assertThat((byte[]) b.get("k")).isEqualTo(bytes("v"));
      assertThat(a.describe()).contains("postgresql://postgres:***@127.0.0.1:5432/test")
          .doesNotContain("not-needed");
      assertThat(a.table()).isEqualTo(PG_TABLE);
    }
  }

  @Test
  void mariadbAndMysqlUrlsOpenTheDatabase() {
    try (JdbcBackend a = (JdbcBackend) Backends.fromUrl(
            "mariadb://root@127.0.0.1:3306/test?table=" + MARIA_TABLE + "&busy-timeout=5s");
        JdbcBackend b = (JdbcBackend) Backends.fromUrl(
            "mysql://root@127.0.0.1/test?table=" + MARIA_TABLE + "&sweep-interval=1h")) {
      a.set("k", bytes("v"), null);
      assertThat((byte[]) b.get("k")).isEqualTo(bytes("v"));
    }
  }

  @Test
  void aServerUrlMustNameOneDatabaseOnOneHost() {
    assertThatThrownBy(() -> Backends.fromUrl("postgresql://127.0.0.1:5432"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must name one database").hasMessageContaining("/mydb");
    assertThatThrownBy(() -> Backends.fromUrl("mariadb://127.0.0.1/a/b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one database");
    assertThatThrownBy(() -> Backends.fromUrl("postgresql://h1:5432,h2:5432/test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 hosts")
        .hasMessageContaining("DataSource");
  }

  @Test
  void driverPropertiesMustBeOnesTheDriverKnows() {
    assertThatThrownBy(() -> Backends.fromUrl("postgresql://127.0.0.1/test?jdbc.sslmod=require"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown driver property 'sslmod'")
        .hasMessageContaining("sslmode");
  }

  @Test
  void sqliteParametersAreNotServerParameters() {
    assertThatThrownBy(() -> Backends.fromUrl("postgresql://127.0.0.1/test?wal=true"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown parameter")
        .hasMessageContaining("[wal]").hasMessageContaining("connect-timeout")
        .hasMessageContaining("postgresql://");
    assertThatThrownBy(() -> Backends.fromUrl("mariadb://127.0.0.1/test?pool-size=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 64");
    assertThatThrownBy(() -> Backends.fromUrl("mariadb://127.0.0.1/test?connect-timeout=10ms"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 250 ms");
  }

  @Test
  void aServerThatIsDownFailsOperationsNotTheBuild() {
    // Nothing listens on port 9 (discard) here: the pool connects lazily.
    try (JdbcBackend backend = (JdbcBackend) Backends.fromUrl(
        "postgresql://127.0.0.1:9/test?connect-timeout=500ms&busy-timeout=100ms")) {
      assertThatThrownBy(() -> backend.get("k")).isInstanceOf(io.cachette.CacheException.class)
          .hasMessageContaining("127.0.0.1:9");
    }
  }
}
