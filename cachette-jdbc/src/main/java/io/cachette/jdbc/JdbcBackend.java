package io.cachette.jdbc;

import io.cachette.CacheException;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Ttls;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend on a relational table: {@code sqlite://} (the embedded, persistent default),
 * {@code postgresql://} and {@code mariadb://} / {@code mysql://}. One implementation for all of
 * them; a small dialect supplies the SQL that differs.
 *
 * <pre>{@code
 * Backend files = JdbcBackend.sqlite(Path.of("cache.sqlite")).build();
 * Backend pg = JdbcBackend.builder("jdbc:postgresql://db:5432/app").user("app").table("cache").build();
 * Backend own = JdbcBackend.builder(dataSource, JdbcBackend.Database.MARIADB).build();
 * Backend url = Backends.fromUrl("sqlite:///var/cache/app.sqlite?wal=true&sweep-interval=10m");
 * }</pre>
 *
 * <p>Entries live in one table: {@code key} (primary key), {@code value} (bytes) and
 * {@code expires_at} (epoch milliseconds from the backend's clock, null for never, indexed). The
 * table is created on first use unless {@link Builder#createTable(boolean)} says otherwise; see
 * {@link #createTableSql(Database, String)} for the DDL. Expired rows are never returned; they are
 * removed by {@link #deleteExpired()}, by the periodic sweep if one is configured, and when
 * overwritten.
 *
 * <p>Keys are at most {@value Dialect#MAX_KEY_BYTES} UTF-8 bytes (the {@link io.cachette.Cache}
 * limit) on every database. Writes are single statements or short transactions; lock conflicts
 * (SQLite's "database is locked", deadlocks) are retried with backoff for up to the busy timeout
 * and never reach the caller before it. {@link #setIfAbsent} is atomic across threads, processes
 * and hosts. {@link #setMany} is one batched transaction.
 *
 * <p>Arguments are checked as {@link Backend} says (a value over {@link #maxValueBytes()} is a
 * {@link io.cachette.ValueTooLargeException}); operations after {@link #close()} fail with
 * {@link BackendClosedException}.
 *
 * <p>Thread-safe. The {@link #async()} face runs operations on a bounded executor: the builder's,
 * or a small pool of its own that {@link #close()} shuts down.
 */
public final class JdbcBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcBackend.class);
  private static final int DELETE_EXPIRED_BATCH = 1000;

  private final Dialect dialect;
  private final Connections db;
  private final Statements sql;
  private final String table;
  private final Clock clock;
  private final Duration busyTimeout;
  private final boolean createTable;
  private final String description;
  private final AsyncBackend async;
  private final @Nullable ExecutorService ownedExecutor;
  private final @Nullable ScheduledExecutorService sweeper;
  private final Object schemaLock = new Object();
  private volatile boolean schemaReady;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The databases this backend speaks to. */
  public enum Database {
    /** SQLite 3.24 or later (the bundled sqlite-jdbc is much newer). */
    SQLITE(SqliteDialect.INSTANCE),
    /** PostgreSQL 9.5 or later. */
    POSTGRESQL(PostgresDialect.INSTANCE),
    /** MariaDB 10.2 or later, InnoDB. */
    MARIADB(MariaDbDialect.INSTANCE),
    /** MySQL 5.7 or later, InnoDB: the same SQL as MariaDB. */
    MYSQL(MariaDbDialect.INSTANCE);

    private final Dialect dialect;

    Database(Dialect dialect) {
      this.dialect = dialect;
    }

    Dialect dialect() {
      return dialect;
    }
  }

  JdbcBackend(Dialect dialect, Connections db, String table, Clock clock, Duration busyTimeout,
      boolean createTable, String description, @Nullable Executor executor,
      int defaultThreads, @Nullable Duration sweepInterval) {
    this.dialect = dialect;
    this.db = db;
    this.table = table;
    this.sql = new Statements(dialect, table, DELETE_EXPIRED_BATCH);
    this.clock = clock;
    this.busyTimeout = busyTimeout;
    this.createTable = createTable;
    this.description = description;
    if (executor == null) {
      ExecutorService pool = Threads.boundedPool(defaultThreads);
      this.ownedExecutor = pool;
      executor = task -> {
        try {
          pool.execute(task);
        } catch (RejectedExecutionException e) {
          if (!closed.get()) {
            throw e; // full: the async face fails the operation
          }
          // Shut down by close(): the operation fails at once, inside its future, as closed.
          task.run();
        }
      };
    } else {
      this.ownedExecutor = null;
    }
    this.async = AsyncBackend.onExecutor(this, executor);
    if (sweepInterval != null) {
      long millis = sweepInterval.toMillis();
      this.sweeper = Threads.sweeper();
      sweeper.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
    } else {
      this.sweeper = null;
    }
  }

  /**
   * Starts building a backend on an SQLite database file, created with its parent folders when
   * missing. The path is used as given (the {@code .sqlite} suffix is added only to URLs).
   */
  public static Builder sqlite(Path file) {
    return Builder.sqliteFile(file);
  }

  /**
   * Starts building a backend on a shared in-memory SQLite database. Backends of this JVM opened
   * with the same name share it; it lives until the last of them is closed.
   */
  public static Builder sqliteInMemory(String name) {
    return Builder.sqliteMemory(name);
  }

  /**
   * Starts building a backend on a PostgreSQL or MariaDB/MySQL server reached by a JDBC URL
   * ({@code jdbc:postgresql://...}, {@code jdbc:mariadb://...} or {@code jdbc:mysql://...}),
   * through a HikariCP pool the backend owns. The driver must be on the classpath.
   */
  public static Builder builder(String jdbcUrl) {
    return Builder.jdbcUrl(jdbcUrl);
  }

  /**
   * Starts building a backend on the application's own data source, which the backend borrows
   * connections from and never closes.
   */
  public static Builder builder(DataSource dataSource, Database database) {
    return Builder.dataSource(dataSource, database);
  }

  /**
   * The statements that create the table and its expiry index on a database, for applications
   * that create tables themselves (then build with {@code createTable(false)}).
   *
   * @throws IllegalArgumentException when the table name is not a plain lower-case identifier
   */
  public static List<String> createTableSql(Database database, String table) {
    Objects.requireNonNull(database, "database");
    return database.dialect().createTable(Identifiers.checkTable(table));
  }

  // ---- the Backend operations ----

  @Override
  public @Nullable Object get(String key) {
    checkKey(key);
    return call("get", () -> db.read(session -> {
      PreparedStatement select = session.prepare(sql.get());
      dialect.bindKey(select, 1, key);
      select.setLong(2, clock.millis());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? value(rows, 1) : null;
      }
    }));
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    List<List<String>> chunks = chunks(keys);
    if (chunks.isEmpty()) {
      checkOpen();
      return Map.of();
    }
    return call("getMany", () -> db.read(session -> {
      Map<String, Object> found = new LinkedHashMap<>(keys.size() * 2);
      long now = clock.millis();
      for (List<String> chunk : chunks) {
        PreparedStatement select = session.prepare(sql.getMany(chunk.size()));
        int next = bindKeys(select, chunk);
        select.setLong(next, now);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.put(dialect.readKey(rows, 1), value(rows, 2));
          }
        }
      }
      return found;
    }));
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    checkKey(key);
    byte[] bytes = bytes(key, value);
    checkTtl(ttl);
    call("set", () -> db.write(session -> {
      PreparedStatement upsert = session.prepare(sql.upsert());
      dialect.bindKey(upsert, 1, key);
      upsert.setBytes(2, bytes);
      Dialect.bindExpiry(upsert, 3, expiresAt(ttl, clock.millis()));
      return upsert.executeUpdate();
    }));
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    checkKey(key);
    byte[] bytes = bytes(key, value);
    checkTtl(ttl);
    return call("setIfAbsent", () -> {
      long now = clock.millis();
      return dialect.setIfAbsent(db, sql, key, bytes, expiresAt(ttl, now), now);
    });
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    checkTtl(ttl);
    Map<String, byte[]> checked = new LinkedHashMap<>(entries.size() * 2);
    entries.forEach((key, value) -> {
      checkKey(key);
      checked.put(key, bytes(key, value));
    });
    if (checked.isEmpty()) {
      checkOpen();
      return;
    }
    call("setMany", () -> db.transaction(session -> {
      PreparedStatement upsert = session.prepare(sql.upsert());
      Long expiresAt = expiresAt(ttl, clock.millis());
      for (Map.Entry<String, byte[]> entry : checked.entrySet()) {
        dialect.bindKey(upsert, 1, entry.getKey());
        upsert.setBytes(2, entry.getValue());
        Dialect.bindExpiry(upsert, 3, expiresAt);
        upsert.addBatch();
      }
      try {
        return upsert.executeBatch();
      } finally {
        upsert.clearBatch();
      }
    }));
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    checkKey(key);
    checkTtl(ttl);
    return call("expireIn", () -> db.write(session -> {
      long now = clock.millis();
      PreparedStatement update = session.prepare(sql.expire());
      Dialect.bindExpiry(update, 1, expiresAt(ttl, now));
      dialect.bindKey(update, 2, key);
      update.setLong(3, now);
      return update.executeUpdate() > 0;
    }));
  }

  @Override
  public boolean delete(String key) {
    checkKey(key);
    // Only a live row counts; an expired one stays for the sweep, which is harmless.
    return call("delete", () -> db.write(session -> {
      PreparedStatement delete = session.prepare(sql.delete());
      dialect.bindKey(delete, 1, key);
      delete.setLong(2, clock.millis());
      return delete.executeUpdate() > 0;
    }));
  }

  @Override
  public long deleteMany(Collection<String> keys) {
    List<List<String>> chunks = chunks(keys);
    if (chunks.isEmpty()) {
      checkOpen();
      return 0;
    }
    Connections.Work<Long> work = session -> {
      long removed = 0;
      long now = clock.millis();
      for (List<String> chunk : chunks) {
        PreparedStatement delete = session.prepare(sql.deleteMany(chunk.size()));
        delete.setLong(bindKeys(delete, chunk), now);
        removed += delete.executeUpdate();
      }
      return removed;
    };
    return call("deleteMany", () -> chunks.size() == 1 ? db.write(work) : db.transaction(work));
  }

  @Override
  public boolean exists(String key) {
    checkKey(key);
    return call("exists", () -> db.read(session -> {
      PreparedStatement select = session.prepare(sql.exists());
      dialect.bindKey(select, 1, key);
      select.setLong(2, clock.millis());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Deletes the key range {@code [prefix, successor(prefix))} through the primary key index, so
   * no {@code LIKE} pattern (and no escaping of {@code %} or {@code _}) is involved. Returns the
   * number of live entries removed; expired ones in the range go too.
   */
  @Override
  public long clear(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty: clear(prefix) removes the keys"
          + " of one namespace, such as \"users:\"");
    }
    String successor = successor(prefix);
    boolean bounded = successor != null;
    return call("clear", () -> db.transaction(session -> {
      long now = clock.millis();
      PreparedStatement expired = session.prepare(sql.clearExpired(bounded));
      bindRange(expired, prefix, successor, now);
      expired.executeUpdate();
      PreparedStatement live = session.prepare(sql.clearLive(bounded));
      bindRange(live, prefix, successor, now);
      return (long) live.executeUpdate();
    }));
  }

  private void bindRange(PreparedStatement statement, String from, @Nullable String to, long now)
      throws SQLException {
    dialect.bindKey(statement, 1, from);
    if (to != null) {
      dialect.bindKey(statement, 2, to);
      statement.setLong(3, now);
    } else {
      statement.setLong(2, now);
    }
  }

  /**
   * The least string greater than every string that starts with {@code prefix}, in code point
   * order (which is UTF-8 byte order, the order of every key column here); null when there is
   * none (the prefix is all U+10FFFF).
   */
  static @Nullable String successor(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      int next = codePoints[i] + 1;
      if (next == Character.MIN_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        codePoints[i] = next;
        return new String(codePoints, 0, i + 1);
      }
    }
    return null;
  }

  // ---- beyond the Backend contract ----

  /**
   * Removes every expired entry now, in short batches.
   *
   * @return how many entries were removed
   * @throws CacheException when the database fails
   */
  public long deleteExpired() {
    long total = 0;
    while (true) {
      int removed = call("deleteExpired", () -> db.write(session -> {
        PreparedStatement delete = session.prepare(sql.deleteExpiredBatch());
        delete.setLong(1, clock.millis());
        return delete.executeUpdate();
      }));
      total += removed;
      if (removed < DELETE_EXPIRED_BATCH) {
        return total;
      }
    }
  }

  /**
   * The number of live entries.
   *
   * @throws CacheException when the database fails
   */
  public long count() {
    return scalar("count", sql.count());
  }

  /**
   * The bytes held by live entries: the UTF-8 length of their keys plus the length of their
   * values, without the database's own overhead (pages, indexes).
   *
   * @throws CacheException when the database fails
   */
  public long size() {
    return scalar("size", sql.size());
  }

  /** The table this backend keeps its entries in. */
  public String table() {
    return table;
  }

  private long scalar(String operation, String query) {
    return call(operation, () -> db.read(session -> {
      PreparedStatement select = session.prepare(query);
      select.setLong(1, clock.millis());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0L;
      }
    }));
  }

  private void sweep() {
    try {
      long removed = deleteExpired();
      LOG.debug("Swept {} expired entries from {}", removed, description);
    } catch (RuntimeException e) {
      LOG.warn("Sweeping expired entries from {} failed: {}", description, e.toString());
    }
  }

  @Override
  public long maxValueBytes() {
    return dialect.maxValueBytes();
  }

  @Override
  public AsyncBackend async() {
    return async;
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * Stops the sweep, lets queued async operations finish (waiting up to the busy timeout), then
   * closes the connections this backend opened. An application's own data source stays open.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        if (!ownedExecutor.awaitTermination(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
          ownedExecutor.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedExecutor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    db.close();
  }

  @Override
  public String toString() {
    return "JdbcBackend[" + description + "]";
  }

  // ---- shared plumbing ----

  /**
   * Runs a database call: creates the table on first use, retries lock conflicts until the busy
   * timeout, and turns the final failure into a {@link CacheException} that says what happened.
   */
  private <T> T call(String operation, Retry.Call<T> call) {
    checkOpen();
    ensureSchema();
    try {
      return Retry.withBackoff(busyTimeout, dialect::isTransient, call);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new BackendClosedException(description);
    }
  }

  private CacheException failure(String operation, SQLException e) {
    if (dialect.isTransient(e)) {
      return new CacheException(operation + " on " + description + " gave up: the database stayed"
          + " locked by other connections for the whole busy timeout (" + busyTimeout.toMillis()
          + " ms); raise busy-timeout or shorten what holds the lock: " + e.getMessage(), e);
    }
    return new CacheException(operation + " on " + description + " failed: " + e.getMessage(), e);
  }

  private void ensureSchema() {
    if (schemaReady) {
      return;
    }
    synchronized (schemaLock) {
      if (schemaReady) {
        return;
      }
      if (createTable) {
        // Two clients creating the same table at once: PostgreSQL may report a duplicate in its
        // catalog (23505, 42P07); the retry then finds the table there.
        Predicate<SQLException> retryable =
            e -> dialect.isTransient(e) || Dialect.hasSqlState(e, "23505", "42P07");
        for (String ddl : dialect.createTable(table)) {
          try {
            Retry.withBackoff(busyTimeout, retryable, () -> db.write(session -> {
              session.prepare(ddl).execute();
              return null;
            }));
          } catch (SQLException e) {
            throw new CacheException("Creating table '" + table + "' on " + description
                + " failed: " + e.getMessage() + ". If the application may not create tables,"
                + " create it with JdbcBackend.createTableSql (see the cachette-jdbc README) and"
                + " build with createTable(false) / create-table=false", e);
          }
        }
      } else {
        try {
          Retry.withBackoff(busyTimeout, dialect::isTransient, () -> db.read(session -> {
            PreparedStatement probe = session.prepare(sql.exists());
            dialect.bindKey(probe, 1, "cachette:probe");
            probe.setLong(2, 0);
            try (ResultSet rows = probe.executeQuery()) {
              return rows.next();
            }
          }));
        } catch (SQLException e) {
          throw new CacheException("Table '" + table + "' is missing or unreadable on "
              + description + " (create-table=false): " + e.getMessage() + ". Create it with the"
              + " DDL from JdbcBackend.createTableSql (see the cachette-jdbc README), or let the"
              + " backend create it", e);
        }
      }
      schemaReady = true;
    }
  }

  private void checkKey(String key) {
    BackendArguments.key(key);
    if (key.length() * 3 > Dialect.MAX_KEY_BYTES
        && key.getBytes(StandardCharsets.UTF_8).length > Dialect.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key is longer than " + Dialect.MAX_KEY_BYTES
          + " UTF-8 bytes, the longest key " + description + " stores: hash long keys, e.g. with"
          + " a SHA-256 hex digest");
    }
  }

  private byte[] bytes(String key, Object value) {
    return BackendArguments.bytes(key, value, dialect.maxValueBytes(), description);
  }

  private static void checkTtl(@Nullable Duration ttl) {
    Ttls.check(ttl);
  }

  /** The expiry time of a write at {@code now}, null for never (see {@link Ttls}). */
  static @Nullable Long expiresAt(@Nullable Duration ttl, long now) {
    return ttl == null ? null : Ttls.expiresAtMillis(now, ttl);
  }

  private static byte[] value(ResultSet rows, int column) throws SQLException {
    byte[] bytes = rows.getBytes(column);
    // The column is NOT NULL: a null here is a driver's way of returning an empty blob.
    return bytes == null ? new byte[0] : bytes;
  }

  /** Distinct keys, checked, in chunks of at most {@link Statements#MAX_BATCH}. */
  private List<List<String>> chunks(Collection<String> keys) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    for (String key : new LinkedHashSet<>(keys)) {
      checkKey(key);
      if (chunk.size() == Statements.MAX_BATCH) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
      }
      chunk.add(key);
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /** Binds a chunk's keys, padded with its last key; returns the next parameter index. */
  private int bindKeys(PreparedStatement statement, List<String> chunk) throws SQLException {
    int slots = Statements.padded(chunk.size());
    for (int i = 0; i < slots; i++) {
      dialect.bindKey(statement, i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
    }
    return slots + 1;
  }

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
  public static final class Builder {
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

    private Builder(Source source, Database database) {
      this.source = source;
      this.database = database;
    }

    static Builder sqliteFile(Path file) {
      Objects.requireNonNull(file, "file");
      Builder builder = new Builder(Source.SQLITE_FILE, Database.SQLITE);
      builder.file = file;
      return builder;
    }

    static Builder sqliteMemory(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("the in-memory database needs a name, such as 'cache'");
      }
      Builder builder = new Builder(Source.SQLITE_MEMORY, Database.SQLITE);
      builder.memoryName = name;
      return builder;
    }

    static Builder jdbcUrl(String jdbcUrl) {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Database database;
      if (jdbcUrl.startsWith("jdbc:postgresql:")) {
        database = Database.POSTGRESQL;
      } else if (jdbcUrl.startsWith("jdbc:mariadb:")) {
        database = Database.MARIADB;
      } else if (jdbcUrl.startsWith("jdbc:mysql:")) {
        database = Database.MYSQL;
      } else {
        throw new IllegalArgumentException("Unsupported JDBC URL '" + maskJdbc(jdbcUrl)
            + "': expected jdbc:postgresql://, jdbc:mariadb:// or jdbc:mysql://. For SQLite use"
            + " JdbcBackend.sqlite(path); for another database, JdbcBackend.builder(dataSource,"
            + " database)");
      }
      Builder builder = new Builder(Source.JDBC_URL, database);
      builder.jdbcUrl = jdbcUrl;
      return builder;
    }

    static Builder dataSource(DataSource dataSource, Database database) {
      Objects.requireNonNull(dataSource, "dataSource");
      Objects.requireNonNull(database, "database");
      Builder builder = new Builder(Source.DATA_SOURCE, database);
      builder.dataSource = dataSource;
      return builder;
    }

    /**
     * The table to keep entries in: 1 to 48 lower-case letters, digits and underscores, not
     * starting with a digit. Default {@code cachette}. Give each independent cache store its own.
     */
    public Builder table(String table) {
      this.table = Identifiers.checkTable(table);
      return this;
    }

    /**
     * Whether to create the table and its index on first use ({@code CREATE TABLE IF NOT EXISTS});
     * default true. With false the table must exist: see {@link JdbcBackend#createTableSql}.
     */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /** Reads the time for expiry from this clock instead of the system's, for tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs the {@link JdbcBackend#async()} operations on this executor, which the application
     * owns (it stays running after {@link JdbcBackend#close()}). Give a bounded one. Default: a
     * pool of its own, as many threads as connections, with a bounded queue.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Removes expired entries in the background at this interval; default none. */
    public Builder sweepInterval(Duration interval) {
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
    public Builder busyTimeout(Duration timeout) {
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
    public Builder poolSize(int poolSize) {
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
    public Builder wal(boolean wal) {
      requireSqliteFile("wal");
      this.wal = wal;
      return this;
    }

    /**
     * SQLite files only: {@code synchronous=OFF}, faster writes that a power loss or OS crash may
     * lose (an application crash loses nothing). Default false: {@code NORMAL} with WAL,
     * {@code FULL} without.
     */
    public Builder fastSave(boolean fastSave) {
      requireSqliteFile("fastSave");
      this.fastSave = fastSave;
      return this;
    }

    /** JDBC URL only: the user to connect as. */
    public Builder user(String user) {
      requireJdbcUrl("user");
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** JDBC URL only: the password to connect with. */
    public Builder password(String password) {
      requireJdbcUrl("password");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * JDBC URL only: how long to wait for a connection, from the pool or to the server; default
     * 5 seconds.
     */
    public Builder connectTimeout(Duration timeout) {
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
    public Builder driverProperty(String name, String value) {
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
    Builder description(String description) {
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
          describe = maskJdbc(url) + " (table " + table + ")";
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

  /** A JDBC URL without its query (which may hold a password) and user info. */
  static String maskJdbc(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    String base = query >= 0 ? jdbcUrl.substring(0, query) : jdbcUrl;
    return base.replaceFirst("//[^/@]*@", "//");
  }
}
