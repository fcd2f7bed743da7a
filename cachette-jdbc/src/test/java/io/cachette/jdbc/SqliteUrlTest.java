package io.cachette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.url.CacheUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sqlite://} URLs: where the file goes, what each parameter does, and bad input. */
class SqliteUrlTest {
  @TempDir
  Path tmp;

  private SqlitePaths.Platform linux(Map<String, String> env) {
    return new SqlitePaths.Platform("Linux", env, tmp.resolve("home").toString(),
        tmp.resolve("temp").toString());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Backend open(String url, SqlitePaths.Platform platform) {
    return JdbcBackendProvider.sqlite(CacheUrl.parse(url), platform).build();
  }

  private static String journalMode(Path file) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
      rows.next();
      return rows.getString(1);
    }
  }

  @Test
  void theSchemesAreRegistered() {
    assertThat(Backends.providers()).containsKeys("sqlite", "postgresql", "postgres", "mariadb",
        "mysql");
    assertThat(Backends.providers().get("sqlite")).isInstanceOf(JdbcBackendProvider.class);
  }

  @Test
  void anAbsoluteUrlOpensThatFileAndCreatesItsFolders() {
    Path file = tmp.resolve("a/b/cache.sqlite");
    try (Backend backend = Backends.fromUrl("sqlite://" + file)) {
      backend.set("k", bytes("v"), null);
      assertThat(backend.describe()).isEqualTo("sqlite://" + file);
    }
    assertThat(file).isRegularFile();
    try (Backend reopened = Backends.fromUrl("sqlite://" + file)) {
      assertThat((byte[]) reopened.get("k")).isEqualTo(bytes("v"));
    }
  }

  @Test
  void theSqliteSuffixIsAddedOnlyToANameWithoutOne() {
    SqlitePaths.Platform platform = linux(Map.of());
    assertThat(SqlitePaths.resolve(tmp + "/cache", SqlitePaths.Base.WORKING_DIR, platform))
        .isEqualTo(tmp.resolve("cache.sqlite"));
    assertThat(SqlitePaths.resolve(tmp + "/cache.db", SqlitePaths.Base.WORKING_DIR, platform))
        .isEqualTo(tmp.resolve("cache.db"));
    assertThat(SqlitePaths.resolve(tmp + "/.hidden", SqlitePaths.Base.WORKING_DIR, platform))
        .isEqualTo(tmp.resolve(".hidden.sqlite"));

    try (Backend backend = open("sqlite://" + tmp + "/http_cache", platform)) {
      backend.set("k", bytes("v"), null);
    }
    assertThat(tmp.resolve("http_cache.sqlite")).isRegularFile();
  }

  @Test
  void aRelativeUrlIsRelativeToTheWorkingFolder() {
    String written = CacheUrl.parse("sqlite://relative.sqlite").fileSystemPath();
    assertThat(SqlitePaths.resolve(written, SqlitePaths.Base.WORKING_DIR, linux(Map.of())))
        .isEqualTo(Path.of("relative.sqlite").toAbsolutePath());
    String nested = CacheUrl.parse("sqlite://dir/sub/name").fileSystemPath();
    assertThat(SqlitePaths.resolve(nested, SqlitePaths.Base.WORKING_DIR, linux(Map.of())))
        .isEqualTo(Path.of("dir/sub/name.sqlite").toAbsolutePath());
  }

  @Test
  void aTildeIsTheHomeFolder() {
    try (Backend backend = open("sqlite://~/x.sqlite", linux(Map.of()))) {
      backend.set("k", bytes("v"), null);
    }
    assertThat(tmp.resolve("home/x.sqlite")).isRegularFile();
  }

  @Test
  void useCacheDirPutsTheFileInTheUserCacheFolder() {
    try (Backend backend = open("sqlite://myapp/http?use-cache-dir=true", linux(Map.of()))) {
      backend.set("k", bytes("v"), null);
    }
    assertThat(tmp.resolve("home/.cache/myapp/http.sqlite")).isRegularFile();

    String xdg = tmp.resolve("xdg").toString();
    try (Backend backend = open("sqlite://http?use-cache-dir", linux(Map.of("XDG_CACHE_HOME", xdg)))) {
      backend.set("k", bytes("v"), null);
    }
    assertThat(tmp.resolve("xdg/http.sqlite")).isRegularFile();
  }

  @Test
  void theUserCacheFolderFollowsThePlatform() {
    String home = "/home/u";
    assertThat(SqlitePaths.userCacheDir(new SqlitePaths.Platform("Linux", Map.of(), home, "/t")))
        .isEqualTo(Path.of("/home/u/.cache"));
    assertThat(SqlitePaths.userCacheDir(new SqlitePaths.Platform("Linux",
        Map.of("XDG_CACHE_HOME", "/var/xdg"), home, "/t"))).isEqualTo(Path.of("/var/xdg"));
    // The XDG spec says to ignore a relative value.
    assertThat(SqlitePaths.userCacheDir(new SqlitePaths.Platform("Linux",
        Map.of("XDG_CACHE_HOME", "relative"), home, "/t"))).isEqualTo(Path.of("/home/u/.cache"));
    assertThat(SqlitePaths.userCacheDir(new SqlitePaths.Platform("Mac OS X", Map.of(), home, "/t")))
        .isEqualTo(Path.of("/home/u/Library/Caches"));
    assertThat(SqlitePaths.userCacheDir(new SqlitePaths.Platform("Windows 11",
        Map.of("LOCALAPPDATA", "/appdata/local"), home, "/t"))).isEqualTo(Path.of("/appdata/local"));
    assertThat(SqlitePaths.userCacheDir(new SqlitePaths.Platform("Windows 11", Map.of(), home,
        "/t"))).isEqualTo(Path.of("/home/u/AppData/Local"));
  }

  @Test
  void useTempPutsTheFileInTheTemporaryFolder() {
    try (Backend backend = open("sqlite://scratch?use-temp=true", linux(Map.of()))) {
      backend.set("k", bytes("v"), null);
    }
    assertThat(tmp.resolve("temp/scratch.sqlite")).isRegularFile();
  }

  @Test
  void aFolderChoiceWithAnAbsolutePathIsRefused() {
    assertThatThrownBy(() -> open("sqlite:///var/cache/x?use-cache-dir=true", linux(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use-cache-dir").hasMessageContaining("relative");
    assertThatThrownBy(() -> open("sqlite://~/x?use-temp=true", linux(Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use-temp");
    assertThatThrownBy(() -> open("sqlite://x?use-temp=true&use-cache-dir=true", linux(Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give one of them");
  }

  @Test
  void aUrlWithoutAFileOrWithAFolderIsRefused() throws Exception {
    assertThatThrownBy(() -> Backends.fromUrl("sqlite://"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no database file")
        .hasMessageContaining("use-memory");
    Path folder = Files.createDirectories(tmp.resolve("dir.sqlite"));
    assertThatThrownBy(() -> Backends.fromUrl("sqlite://" + folder))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a folder");
  }

  @Test
  void walIsOnByDefaultAndCanBeTurnedOff() throws SQLException {
    Path wal = tmp.resolve("wal.sqlite");
    Path journal = tmp.resolve("journal.sqlite");
    try (Backend a = Backends.fromUrl("sqlite://" + wal);
        Backend b = Backends.fromUrl("sqlite://" + journal + "?wal=false&fast-save=true")) {
      a.set("k", bytes("v"), null);
      b.set("k", bytes("v"), null);
      assertThat(journalMode(wal)).isEqualTo("wal");
      assertThat(journalMode(journal)).isEqualTo("delete");
    }
  }

  @Test
  void useMemoryDatabasesAreSharedByNameAndLiveWhileOpen() {
    try (Backend first = Backends.fromUrl("sqlite://shared-by-name?use-memory=true");
        Backend second = Backends.fromUrl("sqlite://shared-by-name?use-memory=true");
        Backend unnamed = Backends.fromUrl("sqlite://?use-memory=true");
        Backend otherUnnamed = Backends.fromUrl("sqlite://?use-memory")) {
      first.set("k", bytes("v"), null);
      unnamed.set("k", bytes("private"), null);
      assertThat((byte[]) second.get("k")).isEqualTo(bytes("v"));
      assertThat(otherUnnamed.get("k")).isNull();
      assertThat(tmp).isEmptyDirectory();
    }
    try (Backend reopened = Backends.fromUrl("sqlite://shared-by-name?use-memory=true")) {
      assertThat(reopened.get("k")).isNull();
    }
  }

  @Test
  void useMemoryRefusesFileSettings() {
    assertThatThrownBy(() -> Backends.fromUrl("sqlite://m?use-memory=true&wal=true"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[wal]")
        .hasMessageContaining("use-memory");
    assertThatThrownBy(() -> Backends.fromUrl("sqlite://m?use-memory=true&use-temp=true&fast-save"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use-temp")
        .hasMessageContaining("fast-save");
    assertThatThrownBy(() -> Backends.fromUrl("sqlite://m?use-memory=true&pool-size=2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool-size");
  }

  @Test
  void tableAndCommonParametersAreRead() throws Exception {
    Path file = tmp.resolve("params.sqlite");
    try (JdbcBackend backend = (JdbcBackend) Backends.fromUrl("sqlite://" + file
        + "?table=http_responses&busy-timeout=2s&sweep-interval=10m&pool-size=0&create-table=true")) {
      backend.set("k", bytes("v"), null);
      assertThat(backend.table()).isEqualTo("http_responses");
      assertThat((byte[]) backend.get("k")).isEqualTo(bytes("v"));
    }
    try (JdbcBackend backend = (JdbcBackend) Backends.fromUrl("sqlite://" + file
        + "?table=http_responses&create-table=false")) {
      assertThat(backend.count()).isEqualTo(1);
    }
  }

  @Test
  void badParameterValuesAreRefusedWithWhatIsAllowed() {
    String base = "sqlite://" + tmp + "/bad.sqlite";
    assertThatThrownBy(() -> Backends.fromUrl(base + "?busy-timeout=soon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busy-timeout")
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> Backends.fromUrl(base + "?busy-timeout=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> Backends.fromUrl(base + "?wal=maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true or false");
    assertThatThrownBy(() -> Backends.fromUrl(base + "?pool-size=65"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool-size")
        .hasMessageContaining("0 to 64");
    assertThatThrownBy(() -> Backends.fromUrl(base + "?table=Responses"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'table'")
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> Backends.fromUrl(base + "?table=x;drop%20table%20y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case");
    assertThatThrownBy(() -> Backends.fromUrl(base + "?journal=wal"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown parameter")
        .hasMessageContaining("journal").hasMessageContaining("wal")
        .hasMessageContaining("busy-timeout").hasMessageContaining("use-cache-dir");
    assertThat(tmp.resolve("bad.sqlite")).doesNotExist();
  }
}
