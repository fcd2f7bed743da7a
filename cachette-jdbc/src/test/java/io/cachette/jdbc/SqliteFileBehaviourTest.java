package io.cachette.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC backend's own behaviour on an SQLite file in WAL mode. */
class SqliteFileBehaviourTest extends JdbcBackendBehaviourTest {
  @TempDir
  Path folder;

  Path file() {
    return folder.resolve("nested/behaviour.sqlite");
  }

  @Override
  JdbcBackendBuilder builder() {
    return JdbcBackend.sqlite(file()).table(table());
  }

  @Override
  String table() {
    return "behaviour_sqlite_file";
  }

  @Override
  JdbcBackend.Database database() {
    return JdbcBackend.Database.SQLITE;
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file());
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
