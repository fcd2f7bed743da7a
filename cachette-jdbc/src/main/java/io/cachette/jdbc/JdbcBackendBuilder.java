package io.cachette.jdbc;

import io.cachette.CacheException;
import io.cachette.jdbc.JdbcBackend.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link JdbcBackend}. Start from {@link JdbcBackend#sqlite}, {@link
 * JdbcBackend#sqliteInMemory}, {@link JdbcBackend#builder(String)} or {@link
 * JdbcBackend#builder(DataSource, Database)}. Every setter validates its argument at once, and a
 * setting that does not apply to the chosen database or source fails at once too.
 *
 * <p>Defaults: table {@code cachette}, created on first use; the system clock; busy timeout 10
 * seconds; no periodic sweep; 4 connections (SQLite: 4 reader connections beside the writer);
 * SQLite in WAL mode with {@code synchronous=NORMAL}; connect timeout 5 seconds.
 *
 * <p>Not thread-safe; the built backend is.
 */
public final class JdbcBackendBuilder {
  private enum Source { SQLITE_FILE, SQLITE_MEMORY, JDBC_URL, DATA_SOURCE }

  private static final int MAX_POOL_SIZE = 64;

  private final Source source;
  private final Database database;
  private @Nullable Path file;
  private @Nullable String memoryName;
  private @Nullable String jdbcUrl;
  private @Nullable DataSource dataSource;
  private String table = "cachette";
  private boolean createTable = true;
  private Clock clock = Clock.systemUTC();
  private @Nullable Executor executor;
  private @Nullable Duration sweepInterval;
  private Duration busyTimeout = Duration.ofSeconds(10);
  private int poolSize = 4;
  private boolean wal = true;
  private boolean fastSave;
  private @Nullable String user;
  private @Nullable String password;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private final Map<String, String> driverProperties = new LinkedHashMap<>();
  private @Nullable String description;

  private JdbcBackendBuilder(Source source, Database database) {
    this.source = source;
    this.database = database;
  }

  static JdbcBackendBuilder sqliteFile(Path file) {
    Objects.requireNonNull(file, "file");
    JdbcBackendBuilder builder = new JdbcBackendBuilder(Source.SQLITE_FILE, Database.SQLITE);
    builder.file = file;
    return builder;
  }

  static JdbcBackendBuilder sqliteMemory(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("the in-memory database needs a name, such as 'cache'");
    }
    JdbcBackendBuilder builder = new JdbcBackendBuilder(Source.SQLITE_MEMORY, Database.SQLITE);
    builder.memoryName = name;
    return builder;
  }

  static JdbcBackendBuilder jdbcUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Database database;
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      database = Database.POSTGRESQL;
    } else if (jdbcUrl.startsWith("jdbc:mariadb:")) {
      database = Database.MARIADB;
    } else if (jdbcUrl.startsWith("jdbc:mysql:")) {
      database = Database.MYSQL;
    } else {
      throw new IllegalArgumentException("Unsupported JDBC URL '" + JdbcBackend.maskJdbc(jdbcUrl)
          + "': expected jdbc:postgresql://, jdbc:mariadb:// or jdbc:mysql://. For SQLite use"
          + " JdbcBackend.sqlite(path); for another database, JdbcBackend.builder(dataSource,"
          + " database)");
    }
    JdbcBackendBuilder builder = new JdbcBackendBuilder(Source.JDBC_URL, database);
    builder.jdbcUrl = jdbcUrl;
    return builder;
  }

  static JdbcBackendBuilder dataSource(DataSource dataSource, Database database) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(database, "database");
    JdbcBackendBuilder builder = new JdbcBackendBuilder(Source.DATA_SOURCE, database);
    builder.dataSource = dataSource;
    return builder;
  }

  /**
   * The table to keep entries in: 1 to 48 lower-case letters, digits and underscores, not
   * starting with a digit. Default {@code cachette}. Give each independent cache store its own.
   */
  public JdbcBackendBuilder table(String table) {
    this.table = Identifiers.checkTable(table);
    return this;
  }

  /**
   * Whether to create the table and its index on first use ({@code CREATE TABLE IF NOT EXISTS});
   * default true. With false the table must exist: see {@link JdbcBackend#createTableSql}.
   */
  public JdbcBackendBuilder createTable(boolean createTable) {
    this.createTable = createTable;
    return this;
  }

  /** Reads the time for expiry from this clock instead of the system's, for tests. */
  public JdbcBackendBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Runs the {@link JdbcBackend#async()} operations on this executor, which the application
   * owns (it stays running after {@link JdbcBackend#close()}). Give a bounded one. Default: a
   * pool of its own, as many threads as connections, with a bounded queue.
   */
  public JdbcBackendBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** Removes expired entries in the background at this interval; default none. */
  public JdbcBackendBuilder sweepInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("sweepInterval must be at least 1 ms, was " + interval);
    }
    this.sweepInterval = interval;
    return this;
  }

  /**
   * How long an operation keeps trying while the database is locked by others (SQLite's busy
   * timeout, then retries with backoff; deadlocks on servers); default 10 seconds. Only after
   * that does the operation fail.
   */
  public JdbcBackendBuilder busyTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("busyTimeout must be at least 1 ms, was " + timeout);
    }
    this.busyTimeout = timeout;
    return this;
  }

  /**
   * The number of connections: SQLite reader connections beside its one writer (0 reads on the
   * writer too), or the size of the HikariCP pool (at least 1). Default 4. Not for an
   * application's data source, whose own pool decides.
   */
  public JdbcBackendBuilder poolSize(int poolSize) {
    if (source == Source.DATA_SOURCE) {
      throw notFor("poolSize", "the application's data source, whose own pool decides");
    }
    if (source == Source.SQLITE_MEMORY) {
      throw notFor("poolSize", "an in-memory database, which one connection serves");
    }
    int min = source == Source.JDBC_URL ? 1 : 0;
    if (poolSize < min || poolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException("poolSize must be " + min + ".." + MAX_POOL_SIZE
          + ", was " + poolSize);
    }
    this.poolSize = poolSize;
    return this;
  }

  /**
   * SQLite files only: write-ahead logging (default true). Readers then never wait for the
   * writer. WAL needs a local file system (not a network share). It is a property of the
   * database file: every process using the file should agree.
   */
  public JdbcBackendBuilder wal(boolean wal) {
    requireSqliteFile("wal");
    this.wal = wal;
    return this;
  }

  /**
   * SQLite files only: {@code synchronous=OFF}, faster writes that a power loss or OS crash may
   * lose (an application crash loses nothing). Default false: {@code NORMAL} with WAL,
   * {@code FULL} without.
   */
  public JdbcBackendBuilder fastSave(boolean fastSave) {
    requireSqliteFile("fastSave");
    this.fastSave = fastSave;
    return this;
  }

  /** JDBC URL only: the user to connect as. */
  public JdbcBackendBuilder user(String user) {
    requireJdbcUrl("user");
    this.user = Objects.requireNonNull(user, "user");
    return this;
  }

  /** JDBC URL only: the password to connect with. */
  public JdbcBackendBuilder password(String password) {
    requireJdbcUrl("password");
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  /**
   * JDBC URL only: how long to wait for a connection, from the pool or to the server; default
   * 5 seconds.
   */
  public JdbcBackendBuilder connectTimeout(Duration timeout) {
    requireJdbcUrl("connectTimeout");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectTimeout must be at least 250 ms, was "
          + timeout);
    }
    this.connectTimeout = timeout;
    return this;
  }

  /**
   * JDBC URL only: a connection property for the driver, such as {@code sslmode=require} or
   * {@code currentSchema=cache} for PostgreSQL.
   */
  public JdbcBackendBuilder driverProperty(String name, String value) {
    requireJdbcUrl("driverProperty");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("driver property name must not be empty");
    }
    driverProperties.put(name, value);
    return this;
  }

  /** The text of {@link JdbcBackend#describe()}; the URL provider passes the URL it opened. */
  JdbcBackendBuilder description(String description) {
    this.description = Objects.requireNonNull(description, "description");
    return this;
  }

  private void requireSqliteFile(String setting) {
    if (source != Source.SQLITE_FILE) {
      throw notFor(setting, source == Source.SQLITE_MEMORY ? "an in-memory database"
          : database.dialect().displayName() + " (it applies to SQLite files)");
    }
  }

  private void requireJdbcUrl(String setting) {
    if (source != Source.JDBC_URL) {
      throw notFor(setting, source == Source.DATA_SOURCE
          ? "the application's data source, which is configured already" : "SQLite");
    }
  }

  private static IllegalStateException notFor(String setting, String what) {
    return new IllegalStateException(setting + " does not apply to " + what);
  }

  /**
   * Opens the connections (SQLite: the file or the in-memory database, and creates the table;
   * servers: the pool, which connects lazily, so a database that is down does not fail the
   * build) and builds the backend.
   *
   * @throws IllegalArgumentException when the SQLite file's folder cannot be created
   * @throws IllegalStateException when the JDBC driver for the URL is not on the classpath
   * @throws CacheException when the SQLite database cannot be opened
   */
  public JdbcBackend build() {
    Dialect dialect = database.dialect();
    Connections connections;
    String describe;
    int threads;
    switch (source) {
      case SQLITE_FILE -> {
        Path path = Sources.prepareSqliteFile(Objects.requireNonNull(file));
        describe = "sqlite://" + path + "?table=" + table;
        connections = Sources.sqlite(Sources.sqliteFileUrl(path), false, poolSize, wal,
            fastSave ? "OFF" : wal ? "NORMAL" : "FULL", busyTimeout, describe);
        threads = poolSize + 1;
      }
      case SQLITE_MEMORY -> {
        describe = "sqlite://" + memoryName + "?use-memory=true&table=" + table;
        connections = Sources.sqlite(Sources.sqliteMemoryUrl(Objects.requireNonNull(memoryName)),
            true, 0, false, "OFF", busyTimeout, describe);
        threads = 2;
      }
      case JDBC_URL -> {
        String url = Objects.requireNonNull(jdbcUrl);
        describe = JdbcBackend.maskJdbc(url) + " (table " + table + ")";
        Map<String, String> properties = new LinkedHashMap<>(
            Sources.driverDefaults(database, connectTimeout));
        properties.putAll(driverProperties);
        com.zaxxer.hikari.HikariDataSource pool = Sources.hikari(url, user, password, poolSize,
            connectTimeout, properties, table);
        connections = new DataSourceConnections(pool, pool);
        threads = poolSize;
      }
      default -> {
        describe = dialect.displayName() + " data source " + dataSource + " (table " + table
            + ")";
        connections = new DataSourceConnections(Objects.requireNonNull(dataSource), null);
        threads = 4;
      }
    }
    JdbcBackend backend = new JdbcBackend(dialect, connections, table, clock, busyTimeout,
        createTable, description != null ? description : describe, executor,
        Math.max(2, threads), sweepInterval);
    if (database == Database.SQLITE && createTable) {
      // A local file: create the table now, so a bad file fails the build rather than the
      // first operation.
      try {
        backend.ensureSchema();
      } catch (RuntimeException e) {
        backend.close();
        throw e;
      }
    }
    return backend;
  }
}
