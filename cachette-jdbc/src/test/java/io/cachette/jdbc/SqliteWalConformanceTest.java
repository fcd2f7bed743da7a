package io.cachette.jdbc;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared backend contract on an SQLite file in WAL mode (the default). */
class SqliteWalConformanceTest extends BackendConformanceTest {
  @TempDir
  Path folder;

  @Override
  protected Backend newBackend(MutableClock clock) {
    return JdbcBackend.sqlite(folder.resolve("conformance.sqlite")).wal(true)
        .table("conformance_sqlite_wal").clock(clock).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
