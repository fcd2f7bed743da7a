package io.cachette.client;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** {@link MemoizeContract} on SQLite files: results written as plain JSON. */
class SqliteMemoizeTest extends MemoizeContract {
  @TempDir
  Path folder;
  private final AtomicInteger files = new AtomicInteger();

  @Override
  Backend openBackend() {
    return Backends.fromUrl("sqlite://" + folder.resolve("cache-" + files.incrementAndGet()
        + ".sqlite").toAbsolutePath());
  }
}
