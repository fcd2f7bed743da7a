package io.cachette.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The JDBC backend's own behaviour on a shared in-memory SQLite database. */
class SqliteMemoryBehaviourTest extends JdbcBackendBehaviourTest {
  private final String name = "behaviour-" + UUID.randomUUID();

  @Override
  JdbcBackendBuilder builder() {
    return JdbcBackend.sqliteInMemory(name).table(table());
  }

  @Override
  String table() {
    return "behaviour_sqlite_memory";
  }

  @Override
  JdbcBackend.Database database() {
    return JdbcBackend.Database.SQLITE;
  }

  @Override
  Connection raw() throws SQLException {
    // The same shared in-memory database, alive while the backend holds its connection.
    return DriverManager.getConnection("jdbc:sqlite:file:" + name + "?mode=memory&cache=shared");
  }

  @Override
  String quote(String column) {
    return '"' + column + '"';
  }

  @Override
  void failInsertsOf(Statement statement, String key) throws SQLException {
    statement.execute("CREATE TRIGGER fail_" + table() + " BEFORE INSERT ON " + table()
        + " WHEN NEW.\"key\" = '" + key + "' BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
  }
}
