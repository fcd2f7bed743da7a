package io.cachette.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Boot app on sqlite:// in a temporary file (cachette-jdbc); "short" has a 1 s TTL. */
@SpringBootTest(classes = LibraryApp.class, properties = "cachette.caches.short.ttl=1s")
class SqliteBootAppTest extends BootAppContract {
  private static final Path DIR = temporaryFolder();

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("cachette-spring-sqlite");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry properties) {
    properties.add("cachette.default.backend", () -> "sqlite://" + DIR.resolve("cache.sqlite"));
  }

  @AfterAll
  static void removeTheFile() throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  String scheme() {
    return "sqlite";
  }

  @Override
  Duration shortTtl() {
    return Duration.ofSeconds(1);
  }

  @Override
  void passTheShortTtl() {
    // real time: the contract polls
  }
}
