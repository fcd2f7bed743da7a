package io.cachette.jdbc;

import io.cachette.CacheException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The table of a {@link JdbcBackend}: created on first use with the dialect's DDL
 * ({@code CREATE TABLE IF NOT EXISTS} and the expiry index), or, with {@code create-table=false},
 * checked to exist, with an error that says how to create it. Thread-safe; the work is done once.
 */
final class JdbcSchema {
  private final Dialect dialect;
  private final Connections db;
  private final Statements sql;
  private final String table;
  private final Duration busyTimeout;
  private final boolean createTable;
  private final String description;
  private final Object lock = new Object();
  private volatile boolean ready;

  JdbcSchema(Dialect dialect, Connections db, Statements sql, String table, Duration busyTimeout,
      boolean createTable, String description) {
    this.dialect = dialect;
    this.db = db;
    this.sql = sql;
    this.table = table;
    this.busyTimeout = busyTimeout;
    this.createTable = createTable;
    this.description = description;
  }

  /**
   * Makes sure the table is usable, once per backend: creates it (and its index) when
   * {@code createTable}, else probes it. Concurrent first callers wait for one of them.
   *
   * @throws CacheException when the table cannot be created or is missing, saying what to do
   */
  // The DDL actions return null (nothing to report), through generic helpers whose result NullAway
  // outside JSpecify mode (which JDK 17 cannot run) takes as non-null.
  @SuppressWarnings("NullAway")
  void ensure() {
    if (ready) {
      return;
    }
    synchronized (lock) {
      if (ready) {
        return;
      }
      if (createTable) {
        // Two clients creating the same table at once: PostgreSQL may report a duplicate in its
        // catalog (23505, 42P07); the retry then finds the table there.
        Predicate<SQLException> retryable =
            e -> dialect.isTransient(e) || Dialect.hasSqlState(e, "23505", "42P07");
        for (String ddl : dialect.createTable(table)) {
          try {
            Retry.withBackoff(busyTimeout, retryable, () -> db.write(session -> {
              session.prepare(ddl).execute();
              return null;
            }));
          } catch (SQLException e) {
            throw new CacheException("Creating table '" + table + "' on " + description
                + " failed: " + e.getMessage() + ". If the application may not create tables,"
                + " create it with JdbcBackend.createTableSql (see the cachette-jdbc README) and"
                + " build with createTable(false) / create-table=false", e);
          }
        }
      } else {
        try {
          Retry.withBackoff(busyTimeout, dialect::isTransient, () -> db.read(session -> {
            PreparedStatement probe = session.prepare(sql.exists());
            dialect.bindKey(probe, 1, "cachette:probe");
            probe.setLong(2, 0);
            try (ResultSet rows = probe.executeQuery()) {
              return rows.next();
            }
          }));
        } catch (SQLException e) {
          throw new CacheException("Table '" + table + "' is missing or unreadable on "
              + description + " (create-table=false): " + e.getMessage() + ". Create it with the"
              + " DDL from JdbcBackend.createTableSql (see the cachette-jdbc README), or let the"
              + " backend create it", e);
        }
      }
      ready = true;
    }
  }
}
