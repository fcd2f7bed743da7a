package io.cachette.jdbc;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.util.UUID;

/** The shared backend contract on a shared in-memory SQLite database. */
class SqliteMemoryConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend newBackend(MutableClock clock) {
    return JdbcBackend.sqliteInMemory("conformance-" + UUID.randomUUID())
        .table("conformance_sqlite_memory").clock(clock).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
