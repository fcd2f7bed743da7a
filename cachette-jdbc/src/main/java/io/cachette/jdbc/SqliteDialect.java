package io.cachette.jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * SQLite: TEXT keys (compared byte-wise, SQLite's BINARY collation), BLOB values, the
 * {@code ON CONFLICT} upsert. {@code SQLITE_BUSY} and {@code SQLITE_LOCKED} (another connection
 * or process holds the lock) are retried.
 */
final class SqliteDialect extends Dialect {
  static final SqliteDialect INSTANCE = new SqliteDialect();
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private SqliteDialect() {}

  @Override
  String displayName() {
    return "SQLite";
  }

  @Override
  List<String> createTable(String table) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + table + " (\n"
            + "  \"key\" TEXT NOT NULL PRIMARY KEY,\n"
            + "  \"value\" BLOB NOT NULL,\n"
            + "  \"expires_at\" INTEGER\n"
            + ")",
        "CREATE INDEX IF NOT EXISTS " + Identifiers.indexName(table) + " ON " + table
            + " (\"expires_at\")");
  }

  @Override
  String upsertClause() {
    return "ON CONFLICT (\"key\") DO UPDATE SET \"value\" = excluded.\"value\", "
        + "\"expires_at\" = excluded.\"expires_at\"";
  }

  @Override
  String byteLength(String column) {
    return "LENGTH(CAST(" + column + " AS BLOB))";
  }

  @Override
  String deleteExpiredBatch(String table, int limit) {
    return "DELETE FROM " + table + " WHERE \"key\" IN (SELECT \"key\" FROM " + table
        + " WHERE \"expires_at\" <= ? LIMIT " + limit + ")";
  }

  @Override
  long maxValueBytes() {
    // SQLITE_MAX_LENGTH (1e9) bounds a whole row, key included.
    return 999_000_000L;
  }

  @Override
  boolean isTransient(SQLException error) {
    for (SQLException e = error; e != null; e = e.getNextException()) {
      int primary = e.getErrorCode() & 0xFF;
      if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        return true;
      }
    }
    return false;
  }
}
