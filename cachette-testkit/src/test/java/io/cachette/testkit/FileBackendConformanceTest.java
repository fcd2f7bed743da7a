package io.cachette.testkit;

import io.cachette.backend.Backend;
import io.cachette.backend.file.FileBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** file:// built in code, on the test's clock. */
class FileBackendConformanceTest extends BackendConformanceTest {
  @TempDir Path folder;

  @Override
  protected Backend newBackend(MutableClock clock) {
    return FileBackend.builder(folder).clock(clock).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
