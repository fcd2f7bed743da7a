package io.cachette.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQL that differs between databases: column types, quoting, the upsert clause, how keys are
 * bound, which errors are worth retrying. Everything else lives once in {@link JdbcBackend}.
 *
 * <p>The table has three columns: {@code key} (the primary key), {@code value} (the stored bytes)
 * and {@code expires_at} (epoch milliseconds, null for never), with an index on
 * {@code expires_at}. An entry is live when {@code expires_at IS NULL OR expires_at > now}, where
 * {@code now} comes from the backend's clock as a parameter.
 */
abstract class Dialect {
  /** The longest key in UTF-8 bytes, the same on every database (MariaDB's key is VARBINARY(1024)). */
  static final int MAX_KEY_BYTES = 1024;

  /** The database's name for messages, such as {@code SQLite}. */
  abstract String displayName();

  /** The column type of keys. */
  abstract String keyType();

  /** The column type of values. */
  abstract String valueType();

  /** The column type of expiry times (a nullable 64-bit integer). */
  abstract String expiryType();

  /** An SQL expression for the size in bytes of a column. */
  abstract String byteLength(String column);

  /**
   * The statements that create the table and its index, each idempotent. The index covers only
   * rows with an expiry (a partial index): a write without a TTL, the common case, updates no
   * index but the primary key's, and the sweep of expired rows ({@code expires_at <= ?}) still
   * reads the index, since its condition implies {@code expires_at IS NOT NULL}. The full index
   * of earlier versions is dropped.
   */
  List<String> createTable(String table) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + table + " (\n"
            + "  " + quote("key") + " " + keyType() + " NOT NULL PRIMARY KEY,\n"
            + "  " + quote("value") + " " + valueType() + " NOT NULL,\n"
            + "  " + quote("expires_at") + " " + expiryType() + "\n"
            + ")",
        "CREATE INDEX IF NOT EXISTS " + Identifiers.expiringIndexName(table) + " ON " + table
            + " (" + quote("expires_at") + ") WHERE " + quote("expires_at") + " IS NOT NULL",
        "DROP INDEX IF EXISTS " + Identifiers.indexName(table));
  }

  /** The clause after {@code INSERT ... VALUES (?, ?, ?)} that turns the insert into an upsert. */
  String upsertClause() {
    return "ON CONFLICT (" + quote("key") + ") DO UPDATE SET " + quote("value") + " = excluded."
        + quote("value") + ", " + quote("expires_at") + " = excluded." + quote("expires_at");
  }

  /**
   * Deletes up to {@code limit} expired entries; parameters: now. Batches keep each transaction
   * (and SQLite's write lock) short.
   */
  String deleteExpiredBatch(String table, int limit) {
    return "DELETE FROM " + table + " WHERE " + quote("key") + " IN (SELECT " + quote("key")
        + " FROM " + table + " WHERE " + quote("expires_at") + " <= ? LIMIT " + limit + ")";
  }

  /** The largest value in bytes this database stores. */
  abstract long maxValueBytes();

  /** Whether an error is a lock conflict, a deadlock or a busy database: worth retrying. */
  abstract boolean isTransient(SQLException error);

  /** Quotes an identifier. */
  String quote(String identifier) {
    return '"' + identifier + '"';
  }

  /** Binds a key; keys are text, except where the column holds UTF-8 bytes. */
  void bindKey(PreparedStatement statement, int index, String key) throws SQLException {
    statement.setString(index, key);
  }

  /**
   * Whether the key column can hold this text at all; {@link #bindKey} refuses text it cannot.
   * A scan for a prefix no key can hold lists nothing.
   */
  boolean canHold(String text) {
    return true;
  }

  /** Reads a key bound by {@link #bindKey}. */
  String readKey(ResultSet rows, int column) throws SQLException {
    return rows.getString(column);
  }

  /**
   * Stores a value if no live entry exists for the key, atomically: exactly one of many concurrent
   * callers for one absent (or expired) key returns true. The default is one statement, an upsert
   * whose update applies only over an expired row, so the affected-row count tells who won.
   */
  boolean setIfAbsent(Connections db, Statements sql, String key, byte[] value,
      @Nullable Long expiresAt, long now) throws SQLException {
    return db.write(session -> {
      PreparedStatement insert = session.prepare(sql.insertIfAbsent());
      bindKey(insert, 1, key);
      insert.setBytes(2, value);
      bindExpiry(insert, 3, expiresAt);
      insert.setLong(4, now);
      return insert.executeUpdate() > 0;
    });
  }

  /**
   * The upsert that replaces only an expired row; parameters: key, value, expires_at, now. Used by
   * the default {@link #setIfAbsent}.
   */
  String insertIfAbsent(String table) {
    String key = quote("key");
    String value = quote("value");
    String expires = quote("expires_at");
    return "INSERT INTO " + table + " AS existing (" + key + ", " + value + ", " + expires
        + ") VALUES (?, ?, ?) ON CONFLICT (" + key + ") DO UPDATE SET " + value + " = excluded."
        + value + ", " + expires + " = excluded." + expires + " WHERE existing." + expires
        + " IS NOT NULL AND existing." + expires + " <= ?";
  }

  static void bindExpiry(PreparedStatement statement, int index, @Nullable Long expiresAt)
      throws SQLException {
    if (expiresAt == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, expiresAt);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether an error, or one chained to it, has one of the SQL states. */
  static boolean hasSqlState(SQLException error, String... states) {
    for (SQLException e = error; e != null; e = e.getNextException()) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
          for (String state : states) {
            if (sql.getSQLState().startsWith(state)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** Whether an error, or one chained to it, has one of the vendor error codes. */
  static boolean hasErrorCode(SQLException error, int... codes) {
    for (SQLException e = error; e != null; e = e.getNextException()) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql) {
          for (int code : codes) {
            if (sql.getErrorCode() == code) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
