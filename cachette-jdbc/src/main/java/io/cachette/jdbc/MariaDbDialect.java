package io.cachette.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * MariaDB and MySQL (InnoDB): VARBINARY(1024) keys holding UTF-8 bytes (an index key fits in
 * InnoDB's 3072-byte limit, compares byte-wise and case-sensitively), LONGBLOB values, the
 * {@code ON DUPLICATE KEY UPDATE} upsert.
 *
 * <p>{@link #setIfAbsent} is a short transaction: lock the row with {@code SELECT ... FOR UPDATE},
 * keep a live row, replace an expired one, or insert. The driver's default "found rows" count
 * cannot tell a fresh insert from an untouched live row, so a single upsert cannot report who won.
 * Deadlocks, lock wait timeouts and the duplicate key of a lost insert race are retried; the retry
 * then sees the winner's row.
 */
final class MariaDbDialect extends Dialect {
  static final MariaDbDialect INSTANCE = new MariaDbDialect();
  private static final int ER_DUP_ENTRY = 1062;
  private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
  private static final int ER_LOCK_DEADLOCK = 1213;

  private MariaDbDialect() {}

  @Override
  String displayName() {
    return "MariaDB";
  }

  @Override
  String quote(String identifier) {
    return '`' + identifier + '`';
  }

  @Override
  List<String> createTable(String table) {
    // MySQL has no CREATE INDEX IF NOT EXISTS: the index is declared with the table.
    return List.of("CREATE TABLE IF NOT EXISTS " + table + " (\n"
        + "  `key` " + keyType() + " NOT NULL,\n"
        + "  `value` " + valueType() + " NOT NULL,\n"
        + "  `expires_at` " + expiryType() + ",\n"
        + "  PRIMARY KEY (`key`),\n"
        + "  INDEX " + Identifiers.indexName(table) + " (`expires_at`)\n"
        + ") ENGINE=InnoDB ROW_FORMAT=DYNAMIC");
  }

  @Override
  String keyType() {
    return "VARBINARY(" + MAX_KEY_BYTES + ")";
  }

  @Override
  String valueType() {
    return "LONGBLOB";
  }

  @Override
  String expiryType() {
    return "BIGINT NULL";
  }

  @Override
  String upsertClause() {
    return "ON DUPLICATE KEY UPDATE `value` = VALUES(`value`), `expires_at` = VALUES(`expires_at`)";
  }

  @Override
  String byteLength(String column) {
    return "LENGTH(" + column + ")";
  }

  @Override
  String deleteExpiredBatch(String table, int limit) {
    return "DELETE FROM " + table + " WHERE `expires_at` <= ? LIMIT " + limit;
  }

  @Override
  long maxValueBytes() {
    // Bounded by the server's max_allowed_packet (16 MiB by default); leave room for the key and
    // the statement around the value.
    return 16L * 1024 * 1024 - 64 * 1024;
  }

  @Override
  boolean isTransient(SQLException error) {
    return hasErrorCode(error, ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT, ER_DUP_ENTRY)
        || hasSqlState(error, "40001");
  }

  @Override
  void bindKey(PreparedStatement statement, int index, String key) throws SQLException {
    statement.setBytes(index, utf8(key));
  }

  @Override
  String readKey(ResultSet rows, int column) throws SQLException {
    return new String(rows.getBytes(column), StandardCharsets.UTF_8);
  }

  @Override
  String insertIfAbsent(String table) {
    return "INSERT INTO " + table + " (`key`, `value`, `expires_at`) VALUES (?, ?, ?)";
  }

  @Override
  boolean setIfAbsent(Connections db, Statements sql, String key, byte[] value,
      @Nullable Long expiresAt, long now) throws SQLException {
    return db.transaction(session -> {
      PreparedStatement lock = session.prepare(
          "SELECT `expires_at` FROM " + sql.table() + " WHERE `key` = ? FOR UPDATE");
      bindKey(lock, 1, key);
      boolean present;
      try (ResultSet rows = lock.executeQuery()) {
        present = rows.next();
        if (present) {
          long current = rows.getLong(1);
          if (rows.wasNull() || current > now) {
            return false;
          }
        }
      }
      PreparedStatement write;
      if (present) {
        write = session.prepare("UPDATE " + sql.table()
            + " SET `value` = ?, `expires_at` = ? WHERE `key` = ?");
        write.setBytes(1, value);
        bindExpiry(write, 2, expiresAt);
        bindKey(write, 3, key);
      } else {
        // A plain INSERT: if another transaction inserted the key meanwhile, it fails with a
        // duplicate key (retried) instead of overwriting the winner.
        write = session.prepare(sql.insertIfAbsent());
        bindKey(write, 1, key);
        write.setBytes(2, value);
        bindExpiry(write, 3, expiresAt);
      }
      write.executeUpdate();
      return true;
    });
  }
}
