package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.jdbc.JdbcBackend.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The DDL the README documents is the DDL the backend runs. */
class ReadmeTest {
  @Test
  void theReadmeShowsTheExactDdlOfEveryDatabase() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Database database : new Database[] {Database.SQLITE, Database.POSTGRESQL,
        Database.MARIADB}) {
      String ddl = String.join(";\n", JdbcBackend.createTableSql(database, "cachette")) + ";";
      assertThat(readme).as(database.name()).contains("```sql\n" + ddl + "\n```");
    }
  }
}
