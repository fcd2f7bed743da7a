package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cachette.jdbc.JdbcBackend.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Building backends: from an application's data source, and settings that do not fit. */
class JdbcBackendBuilderTest {
  @TempDir
  Path tmp;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void buildsOnTheApplicationsDataSourceAndLeavesItOpen() throws Exception {
    String table = "builder_datasource";
    try (Connection connection = Servers.postgres()) {
      Servers.dropTable(connection, table);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(Servers.POSTGRES_URL);
    config.setUsername(Servers.POSTGRES_USER);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (JdbcBackend backend = JdbcBackend.builder(pool, Database.POSTGRESQL).table(table)
          .build()) {
        backend.set("k", bytes("v"), null);
        assertThat(backend.setIfAbsent("k", bytes("w"), null)).isFalse();
        assertThat(backend.describe()).contains("PostgreSQL data source").contains(table);
      }
      assertThat(pool.isClosed()).isFalse();
      try (JdbcBackend again = JdbcBackend.builder(pool, Database.POSTGRESQL).table(table)
          .build()) {
        assertThat((byte[]) again.get("k")).isEqualTo(bytes("v"));
      }
    }
  }

  @Test
  void buildsOnAnSqliteDataSource() {
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + tmp.resolve("own.sqlite"));
    try (JdbcBackend backend = JdbcBackend.builder(source, Database.SQLITE).build()) {
      backend.setMany(java.util.Map.of("a", bytes("1"), "b", bytes("2")), Duration.ofHours(1));
      assertThat(backend.count()).isEqualTo(2);
      assertThat(backend.clear("a")).isEqualTo(1);
    }
  }

  @Test
  void settingsThatDoNotApplyFailAtOnce() {
    JdbcBackendBuilder server = JdbcBackend.builder("jdbc:postgresql://127.0.0.1/test");
    assertThatThrownBy(() -> server.wal(true)).isInstanceOf(IllegalStateException.class)
        .hasMessage("wal does not apply to PostgreSQL (it applies to SQLite files)");
    assertThatThrownBy(() -> server.fastSave(true)).isInstanceOf(IllegalStateException.class);

    JdbcBackendBuilder sqlite = JdbcBackend.sqlite(tmp.resolve("x.sqlite"));
    assertThatThrownBy(() -> sqlite.user("u")).isInstanceOf(IllegalStateException.class)
        .hasMessage("user does not apply to SQLite");
    assertThatThrownBy(() -> sqlite.driverProperty("a", "b"))
        .isInstanceOf(IllegalStateException.class);

    JdbcBackendBuilder memory = JdbcBackend.sqliteInMemory("m");
    assertThatThrownBy(() -> memory.wal(false)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("in-memory");
    assertThatThrownBy(() -> memory.poolSize(2)).isInstanceOf(IllegalStateException.class);

    JdbcBackendBuilder own = JdbcBackend.builder(new SQLiteDataSource(), Database.SQLITE);
    assertThatThrownBy(() -> own.poolSize(2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("own pool");
    assertThatThrownBy(() -> own.password("p")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("configured already");
  }

  @Test
  void badValuesAreRefusedWithTheRule() {
    JdbcBackendBuilder builder = JdbcBackend.sqlite(tmp.resolve("x.sqlite"));
    assertThatThrownBy(() -> builder.busyTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> builder.sweepInterval(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> builder.poolSize(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..64");
    assertThatThrownBy(() -> builder.table("1st"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starting with a letter");
    assertThatThrownBy(() -> builder.table("a".repeat(49)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 48");
    assertThatThrownBy(() -> JdbcBackend.sqliteInMemory(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a name");
    assertThatThrownBy(() -> JdbcBackend.createTableSql(Database.MARIADB, "bad-name"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnsupportedJdbcUrlNamesTheSupportedOnes() {
    assertThatThrownBy(() -> JdbcBackend.builder("jdbc:oracle:thin:@db:1521/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql://").hasMessageContaining("JdbcBackend.sqlite");
  }

  @Test
  void aMissingDriverNamesTheArtifactToAdd() {
    // The MariaDB driver on the classpath refuses jdbc:mysql: unless told otherwise, so no
    // driver takes this URL: the situation of an application without MySQL's driver.
    assertThatThrownBy(() -> JdbcBackend.builder("jdbc:mysql://127.0.0.1/test?password=s3cret")
        .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No JDBC driver").hasMessageContaining("mariadb-java-client")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void theDdlNamesTheTableAndItsIndexOnEveryDatabase() {
    for (Database database : Database.values()) {
      assertThat(JdbcBackend.createTableSql(database, "my_cache"))
          .anySatisfy(ddl -> assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS my_cache ("))
          .anySatisfy(ddl -> assertThat(ddl).contains("my_cache_expires_at"));
    }
  }
}
