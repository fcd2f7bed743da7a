package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC backend's own behaviour on MariaDB (127.0.0.1:3306, database test). */
class MariaDbBehaviourTest extends JdbcBackendBehaviourTest {

  @BeforeEach
  void startFromNoTable() throws SQLException {
    try (Connection connection = Servers.mariadb()) {
      Servers.dropTable(connection, table());
    }
  }

  @Test
  void valuesUpToMaxValueBytesFitWhateverBytesTheyHold() {
    JdbcBackend backend = backend();
    // Zeros and quotes are the bytes a text protocol would have to escape.
    for (byte fill : new byte[] {0, '\''}) {
      byte[] value = new byte[(int) backend.maxValueBytes()];
      Arrays.fill(value, fill);
      backend.set("big", value, null);
      assertThat((byte[]) backend.get("big")).isEqualTo(value);
    }
  }

  @Override
  JdbcBackendBuilder builder() {
    return JdbcBackend.builder(Servers.MARIADB_URL).user(Servers.MARIADB_USER).poolSize(4)
        .table(table());
  }

  @Override
  String table() {
    return "behaviour_mariadb";
  }

  @Override
  JdbcBackend.Database database() {
    return JdbcBackend.Database.MARIADB;
  }

  @Override
  Connection raw() {
    return Servers.mariadb();
  }

  @Override
  String quote(String column) {
    return '`' + column + '`';
  }

  @Override
  void failInsertsOf(Statement statement, String key) throws SQLException {
    statement.execute("CREATE TRIGGER fail_" + table() + " BEFORE INSERT ON " + table()
        + " FOR EACH ROW BEGIN IF NEW.`key` = '" + key + "' THEN"
        + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'; END IF; END");
  }
}
