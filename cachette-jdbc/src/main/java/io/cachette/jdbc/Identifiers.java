package io.cachette.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/** Table names: validated once, so that they can be written into SQL unquoted and unescaped. */
final class Identifiers {
  /** Lower case keeps one name meaning one table on every database, quoted or not. */
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

  private Identifiers() {}

  /**
   * Returns the table name if it is one: 1 to 48 lower-case ASCII letters, digits and underscores,
   * not starting with a digit.
   *
   * @throws IllegalArgumentException otherwise, saying what is allowed
   */
  static String checkTable(String table) {
    Objects.requireNonNull(table, "table");
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("Invalid table name '" + table + "': use 1 to 48 lower-case"
          + " letters, digits and underscores, starting with a letter or underscore, such as"
          + " 'cachette' or 'http_cache'. To use another schema, set it on the connection (for"
          + " PostgreSQL the parameter jdbc.currentSchema=...).");
    }
    return table;
  }

  /** The name of the full expiry index of a table (MariaDB; SQLite and PostgreSQL had it too). */
  static String indexName(String table) {
    return table + "_expires_at";
  }

  /** The name of the partial expiry index (rows with an expiry only) of SQLite and PostgreSQL. */
  static String expiringIndexName(String table) {
    return table + "_expiring";
  }
}
