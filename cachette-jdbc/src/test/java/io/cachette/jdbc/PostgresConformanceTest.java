package io.cachette.jdbc;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;

/** The shared backend contract on PostgreSQL (127.0.0.1:5432, database test). */
class PostgresConformanceTest extends BackendConformanceTest {
  private static final String TABLE = "conformance_postgres";

  @BeforeAll
  static void serverIsUp() throws SQLException {
    try (Connection connection = Servers.postgres()) {
      Servers.dropTable(connection, TABLE);
    }
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    return JdbcBackend.builder(Servers.POSTGRES_URL).user(Servers.POSTGRES_USER).table(TABLE)
        .clock(clock).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
