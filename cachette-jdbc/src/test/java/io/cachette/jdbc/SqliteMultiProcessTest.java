package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one SQLite file, the case behind requests-cache's "database is locked":
 * two JVMs of 8 threads each run mixed gets, sets, setIfAbsents, deletes and batches on one file
 * for a few seconds, starting together on a file that does not exist yet. No operation may fail,
 * no value may be torn, and every contested {@code setIfAbsent} key has exactly one winner across
 * both processes, whose value is the one stored.
 */
class SqliteMultiProcessTest {
  private static final int PROCESSES = 2;
  private static final int THREADS = 8;
  private static final int CONTESTED_KEYS = 300;
  private static final long RUN_MILLIS = 3000;

  @TempDir
  Path tmp;

  /** Starts a test-class main in a child JVM with this JVM's class path. */
  static Process startJava(Class<?> main, Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xmx256m", main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
        .start();
  }

  @ParameterizedTest(name = "wal={0}")
  @ValueSource(booleans = {true, false})
  void twoProcessesOfEightThreadsNeverSeeALockErrorAndAgreeOnEveryWinner(boolean wal)
      throws Exception {
    Path file = tmp.resolve("shared.sqlite");
    String url = "sqlite://" + file + "?wal=" + wal;
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      processes.add(startJava(SqliteHammer.class, tmp.resolve("out" + p), url,
          Long.toString(RUN_MILLIS), Integer.toString(THREADS), Integer.toString(CONTESTED_KEYS),
          tmp.resolve("wins" + p).toString()));
    }
    // Both have opened the file (racing to create it); now they start together.
    for (int p = 0; p < PROCESSES; p++) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(tmp.resolve("out" + p)).startsWith("ready")) {
        assertThat(processes.get(p).isAlive()).as("process %d is running; its output:%n%s", p,
            Files.readString(tmp.resolve("out" + p))).isTrue();
        assertThat(System.nanoTime()).as("process %d ready within 60 s", p).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
    for (Process process : processes) {
      process.getOutputStream().write('\n');
      process.getOutputStream().flush();
    }
    for (int p = 0; p < PROCESSES; p++) {
      Process process = processes.get(p);
      boolean ended = process.waitFor(120, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly();
      }
      String output = Files.readString(tmp.resolve("out" + p));
      assertThat(ended).as("process %d ended; its output:%n%s", p, output).isTrue();
      assertThat(process.exitValue()).as("process %d failed; its output:%n%s", p, output)
          .isZero();
      assertThat(output).contains("errors=0");
      System.out.printf("wal=%s process %d: %s", wal, p, output);
    }

    Map<String, String> winners = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      for (String line : Files.readAllLines(tmp.resolve("wins" + p))) {
        String[] keyAndWinner = line.split(" ");
        if (winners.put(keyAndWinner[0], keyAndWinner[1]) != null) {
          duplicates.add(keyAndWinner[0]);
        }
      }
    }
    assertThat(duplicates).as("keys won twice").isEmpty();
    assertThat(winners).hasSize(CONTESTED_KEYS);
    try (Backend backend = Backends.fromUrl(url)) {
      winners.forEach((key, winner) -> assertThat(SqliteHammer.writer((byte[]) backend.get(key)))
          .as(key).isEqualTo(winner));
    }
  }
}
