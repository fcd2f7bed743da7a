package io.cachette.jdbc;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared backend contract on an SQLite file without WAL: the rollback journal, where readers and
 * the writer take turns.
 */
class SqliteRollbackJournalConformanceTest extends BackendConformanceTest {
  @TempDir
  Path folder;

  @Override
  protected Backend newBackend(MutableClock clock) {
    return JdbcBackend.sqlite(folder.resolve("conformance.sqlite")).wal(false)
        .table("conformance_sqlite_journal").clock(clock).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
