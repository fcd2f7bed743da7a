package io.cachette.jdbc;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;

/** The shared backend contract on MariaDB (127.0.0.1:3306, database test). */
class MariaDbConformanceTest extends BackendConformanceTest {
  private static final String TABLE = "conformance_mariadb";

  @BeforeAll
  static void serverIsUp() throws SQLException {
    try (Connection connection = Servers.mariadb()) {
      Servers.dropTable(connection, TABLE);
    }
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    return JdbcBackend.builder(Servers.MARIADB_URL).user(Servers.MARIADB_USER).table(TABLE)
        .clock(clock).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
