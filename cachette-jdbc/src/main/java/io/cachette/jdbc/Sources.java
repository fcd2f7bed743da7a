package io.cachette.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cachette.CacheException;
import io.cachette.jdbc.JdbcBackend.Database;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Opening what a {@link JdbcBackendBuilder} describes: SQLite files and server pools. */
final class Sources {
  private Sources() {}

  /**
   * The absolute, normalized path of an SQLite file, with its parent folders created.
   *
   * @throws IllegalArgumentException when the path is a folder or its parent cannot be created
   */
  static Path prepareSqliteFile(Path file) {
    Path path = file.toAbsolutePath().normalize();
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException("The SQLite database path " + path + " is a folder: give"
          + " a file name, such as " + path.resolve("cache.sqlite"));
    }
    Path parent = path.getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot create the folder " + parent
            + " for the SQLite database: " + e, e);
      }
    }
    return path;
  }

  /** The sqlite-jdbc URL of a file: a percent-encoded {@code file:} URI, so any name works. */
  static String sqliteFileUrl(Path absolute) {
    return "jdbc:sqlite:file:" + absolute.toUri().getRawPath();
  }

  /** The sqlite-jdbc URL of a named, shared in-memory database. */
  static String sqliteMemoryUrl(String name) {
    return "jdbc:sqlite:file:" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
        + "?mode=memory&cache=shared";
  }

  /**
   * Opens SQLite connections.
   *
   * @throws CacheException when the database cannot be opened, saying which
   */
  static SqliteConnections sqlite(String jdbcUrl, boolean memory, int readers, boolean wal,
      String synchronous, Duration busyTimeout, String description) {
    try {
      return SqliteConnections.open(new SqliteConnections.Settings(jdbcUrl, memory, readers, wal,
          synchronous, busyTimeout));
    } catch (SQLException e) {
      throw new CacheException("Cannot open the SQLite database " + description + ": "
          + e.getMessage(), e);
    }
  }

  /** Driver settings every pool gets unless the application sets them: bounded waits. */
  static Map<String, String> driverDefaults(Database database, Duration connectTimeout) {
    long seconds = Math.max(1, connectTimeout.toSeconds());
    if (database == Database.POSTGRESQL) {
      return Map.of("connectTimeout", Long.toString(seconds), "socketTimeout", "60",
          "reWriteBatchedInserts", "true");
    }
    // Server-side prepared statements send values as raw bytes; the text protocol escapes them,
    // which can double a value's size against max_allowed_packet.
    return Map.of("connectTimeout", Long.toString(connectTimeout.toMillis()),
        "socketTimeout", "60000", "useServerPrepStmts", "true");
  }

  /**
   * A HikariCP pool for a server. It connects lazily: a server that is down when the backend is
   * built fails operations (which the cache can fail open), not the build.
   *
   * @throws IllegalStateException when no JDBC driver on the classpath takes the URL
   */
  static HikariDataSource hikari(String jdbcUrl, @Nullable String user, @Nullable String password,
      int poolSize, Duration connectTimeout, Map<String, String> properties, String table) {
    try {
      DriverManager.getDriver(jdbcUrl);
    } catch (SQLException e) {
      throw new IllegalStateException("No JDBC driver on the classpath accepts "
          + JdbcBackend.maskJdbc(jdbcUrl) + ": cachette-jdbc leaves server drivers to the"
          + " application. Add " + driverArtifact(jdbcUrl) + " to your dependencies.", e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setPoolName("cachette-" + table);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(poolSize, 1));
    config.setConnectionTimeout(connectTimeout.toMillis());
    config.setInitializationFailTimeout(-1);
    config.setAutoCommit(true);
    properties.forEach(config::addDataSourceProperty);
    return new HikariDataSource(config);
  }

  private static String driverArtifact(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return "org.postgresql:postgresql";
    }
    if (jdbcUrl.startsWith("jdbc:mysql:")) {
      return "org.mariadb.jdbc:mariadb-java-client (or MySQL's com.mysql:mysql-connector-j)";
    }
    return "org.mariadb.jdbc:mariadb-java-client";
  }
}
