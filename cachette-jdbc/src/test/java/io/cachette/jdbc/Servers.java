package io.cachette.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The database servers the tests run against: PostgreSQL and MariaDB on this machine, as
 * {@code .ci/run} starts them. A server that cannot be reached fails the test with a message that
 * says what to start; it is never skipped.
 */
final class Servers {
  static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String POSTGRES_USER = "postgres";
  static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
  static final String MARIADB_USER = "root";

  private Servers() {}

  static Connection postgres() {
    return connect(POSTGRES_URL, POSTGRES_USER, "PostgreSQL at 127.0.0.1:5432 (database test, user"
        + " postgres, trust authentication)");
  }

  static Connection mariadb() {
    return connect(MARIADB_URL, MARIADB_USER, "MariaDB at 127.0.0.1:3306 (database test, user root"
        + " with an empty password)");
  }

  private static Connection connect(String url, String user, String what) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", "");
    properties.setProperty("connectTimeout", url.contains("postgresql") ? "5" : "5000");
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw new AssertionError("Cannot reach " + what + ": " + e.getMessage() + ". These tests need"
          + " the real server: start it (.ci/run installs and starts it) and run again.", e);
    }
  }

  static void dropTable(Connection connection, String table) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    } catch (SQLException e) {
      throw new AssertionError("Cannot drop table " + table + ": " + e.getMessage(), e);
    }
  }
}
