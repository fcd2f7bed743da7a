package io.cachette.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL: TEXT keys in the "C" collation (byte order, so prefix ranges use the primary key
 * index), BYTEA values, the {@code ON CONFLICT} upsert. Serialization failures, deadlocks and lock
 * timeouts are retried.
 */
final class PostgresDialect extends Dialect {
  static final PostgresDialect INSTANCE = new PostgresDialect();

  private PostgresDialect() {}

  @Override
  String displayName() {
    return "PostgreSQL";
  }

  @Override
  List<String> createTable(String table) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + table + " (\n"
            + "  \"key\" TEXT COLLATE \"C\" NOT NULL PRIMARY KEY,\n"
            + "  \"value\" BYTEA NOT NULL,\n"
            + "  \"expires_at\" BIGINT\n"
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
    return "OCTET_LENGTH(" + column + ")";
  }

  @Override
  String deleteExpiredBatch(String table, int limit) {
    return "DELETE FROM " + table + " WHERE \"key\" IN (SELECT \"key\" FROM " + table
        + " WHERE \"expires_at\" <= ? LIMIT " + limit + ")";
  }

  @Override
  long maxValueBytes() {
    // BYTEA holds up to 1 GB; the protocol message carrying it must fit in 1 GB too.
    return 1_000_000_000L;
  }

  @Override
  void bindKey(PreparedStatement statement, int index, String key) throws SQLException {
    if (key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("PostgreSQL text cannot hold the NUL character (U+0000),"
          + " found in key '" + key.replace('\0', '?') + "': leave it out of keys, or hash them");
    }
    statement.setString(index, key);
  }

  @Override
  boolean isTransient(SQLException error) {
    // serialization_failure, deadlock_detected, lock_not_available
    return hasSqlState(error, "40001", "40P01", "55P03");
  }
}
