package io.cachette.jdbc;

import java.sql.SQLException;

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
  String keyType() {
    return "TEXT";
  }

  @Override
  String valueType() {
    return "BLOB";
  }

  @Override
  String expiryType() {
    return "INTEGER";
  }

  @Override
  String byteLength(String column) {
    return "LENGTH(CAST(" + column + " AS BLOB))";
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
