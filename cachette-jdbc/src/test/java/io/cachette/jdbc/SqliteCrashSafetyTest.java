package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process killed with SIGKILL in the middle of writes leaves an SQLite database that opens, passes
 * SQLite's integrity check and holds every entry whose write had returned.
 */
class SqliteCrashSafetyTest {
  private static final int COMMITS_BEFORE_KILL = 1200;

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "wal={0}")
  @ValueSource(booleans = {true, false})
  void everyCommittedEntrySurvivesAKillDashNine(boolean wal) throws Exception {
    Path file = tmp.resolve("crash.sqlite");
    String url = "sqlite://" + file + "?wal=" + wal;
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xmx128m",
        SqliteCrashWriter.class.getName(), url);
    Process writer = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> committed = new ArrayList<>();
    List<String> other = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("committed ")) {
          committed.add(line.substring("committed ".length()));
          if (committed.size() == COMMITS_BEFORE_KILL) {
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            break;
          }
        } else {
          other.add(line);
        }
      }
    } finally {
      writer.destroyForcibly();
    }
    assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(committed).as("the writer's other output: %s", other)
        .hasSize(COMMITS_BEFORE_KILL);
    assertThat(writer.exitValue()).as("killed by a signal").isEqualTo(128 + 9);

    if (wal) {
      // The killed process never checkpointed: the committed entries are in the log, to recover.
      assertThat(Path.of(file + "-wal")).isNotEmptyFile();
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
      check.next();
      assertThat(check.getString(1)).isEqualTo("ok");
    }
    try (Backend backend = Backends.fromUrl(url)) {
      Map<String, Object> found = backend.getMany(committed);
      assertThat(found.keySet()).containsAll(committed);
      committed.forEach(key -> assertThat((byte[]) found.get(key)).as(key)
          .isEqualTo(SqliteCrashWriter.valueOf(key)));
    }
  }
}
