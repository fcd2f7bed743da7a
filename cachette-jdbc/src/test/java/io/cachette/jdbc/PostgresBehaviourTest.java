package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC backend's own behaviour on PostgreSQL (127.0.0.1:5432, database test). */
class PostgresBehaviourTest extends JdbcBackendBehaviourTest {

  @BeforeEach
  void startFromNoTable() throws SQLException {
    try (Connection connection = Servers.postgres()) {
      Servers.dropTable(connection, table());
    }
  }

  @Test
  void aNulCharacterInAKeyIsRefusedUpFront() {
    JdbcBackend backend = backend();
    assertThatThrownBy(() -> backend.set("a\0b", bytes("v"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    assertThatThrownBy(() -> backend.getMany(List.of("ok", "a\0b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScanForAPrefixWithANulCharacterListsNothing() {
    JdbcBackend backend = backend();
    backend.set("a", bytes("v"), null);
    assertThat(scanned(backend, "a\0")).isEmpty();
  }

  @Override
  JdbcBackendBuilder builder() {
    return JdbcBackend.builder(Servers.POSTGRES_URL).user(Servers.POSTGRES_USER).poolSize(4)
        .table(table());
  }

  @Override
  String table() {
    return "behaviour_postgres";
  }

  @Override
  JdbcBackend.Database database() {
    return JdbcBackend.Database.POSTGRESQL;
  }

  @Override
  Connection raw() {
    return Servers.postgres();
  }

  @Override
  String quote(String column) {
    return '"' + column + '"';
  }

  @Override
  void failInsertsOf(Statement statement, String key) throws SQLException {
    statement.execute("CREATE OR REPLACE FUNCTION fail_" + table() + "() RETURNS trigger"
        + " LANGUAGE plpgsql AS $$ BEGIN IF NEW.\"key\" = '" + key + "' THEN"
        + " RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$");
    statement.execute("CREATE TRIGGER fail_" + table() + " BEFORE INSERT ON " + table()
        + " FOR EACH ROW EXECUTE FUNCTION fail_" + table() + "()");
  }
}
