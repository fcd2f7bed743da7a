package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expiry index of SQLite and PostgreSQL covers only rows with an expiry, the sweep of expired
 * rows still reads it, and a table made by an earlier version (with a full index) is moved over.
 */
class ExpiryIndexTest {
  @TempDir Path dir;

  @Test
  void sqliteIndexesOnlyRowsWithAnExpiryAndTheSweepUsesIt() throws SQLException {
    Path file = dir.resolve("index.sqlite");
    try (JdbcBackend backend = JdbcBackend.sqlite(file).build()) {
      backend.set("eternal", bytes("v"), null);
      backend.set("mortal", bytes("v"), Duration.ofMinutes(5));
    }
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(sqliteIndexes(raw)).containsExactly("cachette_expiring");
      assertThat(query(raw, "SELECT sql FROM sqlite_master WHERE name = 'cachette_expiring'"))
          .singleElement().asString().contains("WHERE \"expires_at\" IS NOT NULL");
      String sweep = SqliteDialect.INSTANCE.deleteExpiredBatch("cachette", 500);
      assertThat(String.join("\n", query(raw, "EXPLAIN QUERY PLAN " + sweep.replace("?", "0"))))
          .contains("USING INDEX cachette_expiring (expires_at<?)");
    }
  }

  @Test
  void aSqliteTableOfAnEarlierVersionLosesItsFullIndexAndKeepsItsRows() throws SQLException {
    Path file = dir.resolve("old.sqlite");
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement ddl = raw.createStatement()) {
      ddl.execute("CREATE TABLE cachette (\"key\" TEXT NOT NULL PRIMARY KEY,"
          + " \"value\" BLOB NOT NULL, \"expires_at\" INTEGER)");
      ddl.execute("CREATE INDEX cachette_expires_at ON cachette (\"expires_at\")");
      ddl.execute("INSERT INTO cachette VALUES ('k', x'00', NULL)");
    }
    try (JdbcBackend backend = JdbcBackend.sqlite(file).build()) {
      backend.set("other", bytes("v"), null); // the first operation runs the DDL
      assertThat(backend.exists("k")).isTrue();
    }
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(sqliteIndexes(raw)).containsExactly("cachette_expiring");
    }
  }

  @Test
  void postgresIndexesOnlyRowsWithAnExpiry() throws SQLException {
    String table = "expiry_index_postgres";
    try (Connection raw = Servers.postgres()) {
      Servers.dropTable(raw, table);
      try (Statement ddl = raw.createStatement()) { // as an earlier version made it
        ddl.execute("CREATE TABLE " + table + " (\"key\" TEXT NOT NULL PRIMARY KEY,"
            + " \"value\" BYTEA NOT NULL, \"expires_at\" BIGINT)");
        ddl.execute("CREATE INDEX " + table + "_expires_at ON " + table + " (\"expires_at\")");
      }
      try (JdbcBackend backend = JdbcBackend.builder(Servers.POSTGRES_URL)
          .user(Servers.POSTGRES_USER).table(table).build()) {
        backend.set("k", bytes("v"), Duration.ofMinutes(1));
        assertThat(backend.exists("k")).isTrue();
      }
      assertThat(query(raw, "SELECT indexname || ' ' || indexdef FROM pg_indexes"
          + " WHERE tablename = '" + table + "' AND indexname <> '" + table + "_pkey'"))
          .singleElement().asString()
          .startsWith(table + "_expiring ")
          .contains("WHERE (expires_at IS NOT NULL)");
      Servers.dropTable(raw, table);
    }
  }

  private static List<String> sqliteIndexes(Connection raw) throws SQLException {
    return query(raw, "SELECT name FROM sqlite_master WHERE type = 'index'"
        + " AND tbl_name = 'cachette' AND sql IS NOT NULL ORDER BY name");
  }

  private static List<String> query(Connection raw, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = raw.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        rows.add(result.getString(columns));
      }
    }
    return rows;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
