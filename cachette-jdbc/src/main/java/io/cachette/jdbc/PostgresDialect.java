package io.cachette.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

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
  String keyType() {
    return "TEXT COLLATE \"C\"";
  }

  @Override
  String valueType() {
    return "BYTEA";
  }

  @Override
  String expiryType() {
    return "BIGINT";
  }

  @Override
  String byteLength(String column) {
    return "OCTET_LENGTH(" + column + ")";
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
  boolean canHold(String text) {
    return text.indexOf('\0') < 0;
  }

  @Override
  boolean isTransient(SQLException error) {
    // serialization_failure, deadlock_detected, lock_not_available
    return hasSqlState(error, "40001", "40P01", "55P03");
  }
}
