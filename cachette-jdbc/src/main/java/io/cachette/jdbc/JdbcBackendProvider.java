package io.cachette.jdbc;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.jdbc.JdbcBackend.Database;
import io.cachette.url.CacheUrl;
import io.cachette.url.UrlParams;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens {@code sqlite://}, {@code postgresql://} (or {@code postgres://}), {@code mariadb://} and
 * {@code mysql://} URLs as {@link JdbcBackend}s.
 *
 * <p>Every scheme takes {@code table}, {@code create-table}, {@code busy-timeout},
 * {@code sweep-interval} and {@code pool-size}. SQLite also takes {@code wal}, {@code fast-save},
 * {@code use-cache-dir}, {@code use-temp} and {@code use-memory}; servers take
 * {@code connect-timeout} and {@code jdbc.<property>} (passed to the driver). The cachette-jdbc
 * README describes each.
 */
public final class JdbcBackendProvider implements BackendProvider {
  private static final AtomicLong PRIVATE_MEMORY_DATABASES = new AtomicLong();
  private static final String DRIVER_PREFIX = "jdbc.";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JdbcBackendProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("sqlite", "postgresql", "postgres", "mariadb", "mysql");
  }

  @Override
  public Backend open(CacheUrl url) {
    return switch (url.scheme()) {
      case "sqlite" -> sqlite(url, SqlitePaths.Platform.current()).build();
      case "postgresql", "postgres" -> server(url, Database.POSTGRESQL, 5432).build();
      case "mariadb" -> server(url, Database.MARIADB, 3306).build();
      case "mysql" -> server(url, Database.MYSQL, 3306).build();
      default -> throw new IllegalArgumentException("Not a JDBC scheme: '" + url.scheme()
          + "://'; supported: " + new TreeSet<>(schemes()));
    };
  }

  /** Reads an {@code sqlite://} URL into a builder, on the given platform's folders. */
  static JdbcBackendBuilder sqlite(CacheUrl url, SqlitePaths.Platform platform) {
    UrlParams params = url.params();
    boolean memory = params.bool("use-memory", false);
    boolean cacheDir = params.bool("use-cache-dir", false);
    boolean temp = params.bool("use-temp", false);
    boolean walGiven = params.has("wal");
    boolean wal = params.bool("wal", true);
    boolean fastSaveGiven = params.has("fast-save");
    boolean fastSave = params.bool("fast-save", false);
    String where = url.fileSystemPath();

    JdbcBackendBuilder builder;
    if (memory) {
      List<String> conflicts = new ArrayList<>();
      if (cacheDir) {
        conflicts.add("use-cache-dir");
      }
      if (temp) {
        conflicts.add("use-temp");
      }
      if (walGiven) {
        conflicts.add("wal");
      }
      if (fastSaveGiven) {
        conflicts.add("fast-save");
      }
      if (!conflicts.isEmpty()) {
        throw new IllegalArgumentException("use-memory keeps the database in memory, so " + conflicts
            + " cannot apply, in '" + url + "': drop " + String.join(" and ", conflicts)
            + ", or drop use-memory to keep a file");
      }
      String name = where.startsWith("/") ? where.substring(1) : where;
      if (name.isEmpty()) {
        // No name: a database of its own, which no other backend can open.
        name = "cachette-private-" + ProcessHandle.current().pid() + "-"
            + PRIVATE_MEMORY_DATABASES.incrementAndGet();
      }
      builder = JdbcBackend.sqliteInMemory(name);
    } else {
      if (cacheDir && temp) {
        throw new IllegalArgumentException("use-cache-dir and use-temp both choose the folder, in '"
            + url + "': give one of them");
      }
      SqlitePaths.Base base = cacheDir ? SqlitePaths.Base.USER_CACHE_DIR
          : temp ? SqlitePaths.Base.TEMP_DIR : SqlitePaths.Base.WORKING_DIR;
      try {
        builder = JdbcBackend.sqlite(SqlitePaths.resolve(where, base, platform))
            .wal(wal).fastSave(fastSave);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid SQLite URL '" + url + "': " + e.getMessage(),
            e);
      }
    }
    common(url, builder, 4);
    params.rejectUnknown("sqlite://");
    return builder.description(url.toString());
  }

  /** Reads a server URL ({@code scheme://[user[:password]@]host[:port]/database?...}). */
  static JdbcBackendBuilder server(CacheUrl url, Database database, int defaultPort) {
    UrlParams params = url.params();
    if (url.hosts().size() > 1) {
      throw new IllegalArgumentException("'" + url + "' names " + url.hosts().size() + " hosts;"
          + " this URL takes one. For several hosts or failover, build the backend from your own"
          + " DataSource: JdbcBackend.builder(dataSource, Database." + database + ")");
    }
    String host = url.hosts().isEmpty() ? "localhost" : url.hosts().get(0).host();
    int port = url.hosts().isEmpty() ? defaultPort : url.hosts().get(0).portOr(defaultPort);
    String name = url.path().startsWith("/") ? url.path().substring(1) : url.path();
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("'" + url + "' must name one database in its path, such as "
          + url.scheme() + "://" + host + ":" + port + "/mydb");
    }
    String jdbcUrl = (database == Database.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
        + URLEncoder.encode(name, StandardCharsets.UTF_8);
    JdbcBackendBuilder builder = JdbcBackend.builder(jdbcUrl);
    if (url.user() != null) {
      builder.user(url.user());
    }
    if (url.password() != null) {
      builder.password(url.password());
    }
    Duration connectTimeout = params.duration("connect-timeout", null);
    if (connectTimeout != null) {
      builder.connectTimeout(connectTimeout);
    }
    common(url, builder, 4);
    List<String> driverParams = params.asMap().keySet().stream()
        .filter(p -> p.startsWith(DRIVER_PREFIX)).toList();
    if (!driverParams.isEmpty()) {
      DriverPropertyInfo[] known = driverProperties(jdbcUrl);
      for (String param : driverParams) {
        String value = params.string(param);
        builder.driverProperty(driverPropertyName(url, param, known), value == null ? "" : value);
      }
    }
    params.rejectUnknown(url.scheme() + "://");
    return builder.description(url.toString());
  }

  private static void common(CacheUrl url, JdbcBackendBuilder builder, int defaultPoolSize) {
    UrlParams params = url.params();
    String table = params.string("table");
    if (table != null) {
      try {
        builder.table(table);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid value '" + table + "' for parameter 'table' in '"
            + url + "': " + e.getMessage(), e);
      }
    }
    builder.createTable(params.bool("create-table", true));
    Duration busyTimeout = params.duration("busy-timeout", null);
    if (busyTimeout != null) {
      builder.busyTimeout(busyTimeout);
    }
    Duration sweep = params.duration("sweep-interval", null);
    if (sweep != null) {
      builder.sweepInterval(sweep);
    }
    boolean memory = url.scheme().equals("sqlite") && params.bool("use-memory", false);
    if (!memory) {
      builder.poolSize(params.integer("pool-size", defaultPoolSize,
          url.scheme().equals("sqlite") ? 0 : 1, 64));
    } else if (params.has("pool-size")) {
      throw new IllegalArgumentException("pool-size does not apply with use-memory (one connection"
          + " serves an in-memory database), in '" + url + "'");
    }
  }

  private static DriverPropertyInfo[] driverProperties(String jdbcUrl) {
    try {
      return DriverManager.getDriver(jdbcUrl).getPropertyInfo(jdbcUrl, new Properties());
    } catch (SQLException e) {
      // The builder reports the missing driver with the artifact to add.
      return new DriverPropertyInfo[0];
    }
  }

  /**
   * The driver's spelling of a {@code jdbc.} parameter: URL parameter names are case-insensitive,
   * driver property names are not ({@code currentSchema}).
   */
  private static String driverPropertyName(CacheUrl url, String param, DriverPropertyInfo[] known) {
    String wanted = param.substring(DRIVER_PREFIX.length());
    if (known.length == 0) {
      return wanted;
    }
    for (DriverPropertyInfo info : known) {
      if (info.name.toLowerCase(Locale.ROOT).equals(wanted)) {
        return info.name;
      }
    }
    TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (DriverPropertyInfo info : known) {
      names.add(info.name);
    }
    throw new IllegalArgumentException("Unknown driver property '" + wanted + "' (parameter '"
        + param + "') in '" + url + "'; the driver knows: " + names);
  }
}
