package io.cachette.testkit;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** file:// opened by URL with a size bound roomy enough for the suite, on real time. */
class FileUrlConformanceTest extends BackendConformanceTest {
  @TempDir Path folder;

  @Override
  protected Backend newBackend(MutableClock clock) {
    return Backends.fromUrl("file://" + folder.toUri().getRawPath() + "?max-bytes=67108864");
  }
}
