package io.cachette.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The stores the behavioural tests run on: memory, SQLite (a temp file), files and Redis. */
enum Store {
  MEMORY, SQLITE, FILE, REDIS;

  /** A backend URL for one test. */
  String url() throws IOException {
    switch (this) {
      case MEMORY:
        return "memory://";
      case SQLITE:
        Path dir = Files.createTempDirectory("cachette-http-sqlite");
        return "sqlite://" + dir.resolve("http_cache.sqlite").toAbsolutePath();
      case FILE:
        return "file://" + Files.createTempDirectory("cachette-http-file").toAbsolutePath();
      default:
        return "redis://127.0.0.1:6379/0";
    }
  }

  /** A namespace of its own for each test (Redis is shared). */
  static String uniqueNamespace() {
    return "http-test-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
