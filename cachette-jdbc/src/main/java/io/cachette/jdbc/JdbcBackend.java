package io.cachette.jdbc;

import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.KeyPages;
import io.cachette.backend.Ttls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
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
 * table is created on first use unless {@link JdbcBackendBuilder#createTable(boolean)} says
 * otherwise; see {@link #createTableSql(Database, String)} for the DDL. Expired rows are never
 * returned; they are removed by {@link #deleteExpired()}, by the periodic sweep if one is
 * configured, and when overwritten.
 *
 * <p>{@link #scan(String)} lists the live keys under a prefix page by page ({@value
 * Statements#SCAN_PAGE} rows each), every page a short query of its own on the primary key:
 * {@code key > <last key of the previous page> AND key < successor(prefix) ORDER BY key LIMIT
 * 500}. It relies on the key column comparing bytes (SQLite's BINARY collation, PostgreSQL's
 * {@code "C"}, MariaDB's {@code VARBINARY}), as the created table does; a table created by hand
 * with another collation can miss keys in scans and clears.
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
  private final String description;
  private final AsyncBackend async;
  private final @Nullable ExecutorService ownedExecutor;
  private final @Nullable ScheduledExecutorService sweeper;
  private final JdbcSchema schema;
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
    this.description = description;
    this.schema = new JdbcSchema(dialect, db, sql, table, busyTimeout, createTable, description);
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
  public static JdbcBackendBuilder sqlite(Path file) {
    return JdbcBackendBuilder.sqliteFile(file);
  }

  /**
   * Starts building a backend on a shared in-memory SQLite database. Backends of this JVM opened
   * with the same name share it; it lives until the last of them is closed.
   */
  public static JdbcBackendBuilder sqliteInMemory(String name) {
    return JdbcBackendBuilder.sqliteMemory(name);
  }

  /**
   * Starts building a backend on a PostgreSQL or MariaDB/MySQL server reached by a JDBC URL
   * ({@code jdbc:postgresql://...}, {@code jdbc:mariadb://...} or {@code jdbc:mysql://...}),
   * through a HikariCP pool the backend owns. The driver must be on the classpath.
   */
  public static JdbcBackendBuilder builder(String jdbcUrl) {
    return JdbcBackendBuilder.jdbcUrl(jdbcUrl);
  }

  /**
   * Starts building a backend on the application's own data source, which the backend borrows
   * connections from and never closes.
   */
  public static JdbcBackendBuilder builder(DataSource dataSource, Database database) {
    return JdbcBackendBuilder.dataSource(dataSource, database);
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

  // db.read passes its action's result through, here null on a miss; NullAway outside JSpecify
  // mode (which JDK 17 cannot run) has no nullable type arguments to say so.
  @Override
  @SuppressWarnings("NullAway")
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
    // Every entry is checked before the transaction starts, so a bad one writes nothing; the
    // batch then binds the caller's map as it is, without a checked copy of it.
    entries.forEach((key, value) -> {
      checkKey(key);
      bytes(key, value);
    });
    if (entries.isEmpty()) {
      checkOpen();
      return;
    }
    call("setMany", () -> db.transaction(session -> {
      PreparedStatement upsert = session.prepare(sql.upsert());
      Long expiresAt = expiresAt(ttl, clock.millis());
      for (Map.Entry<String, ?> entry : entries.entrySet()) {
        dialect.bindKey(upsert, 1, entry.getKey());
        upsert.setBytes(2, (byte[]) entry.getValue());
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

  /**
   * {@inheritDoc}
   *
   * <p>Reads the key range {@code [prefix, successor(prefix))} in key order, {@value
   * Statements#SCAN_PAGE} rows per page, each page a short query of its own that starts after the
   * last key of the one before (keyset pagination through the primary key index): no connection,
   * cursor or transaction stays open between pages, so a scan left unfinished holds nothing. As
   * for {@link #clear}, {@code %}, {@code _} and {@code \} are ordinary characters (no
   * {@code LIKE}). Expired rows are left out; the TTL is {@code expires_at} less the clock's time
   * when the page was read. A key that exists for the whole scan is listed exactly once.
   *
   * @throws BackendClosedException after {@link #close()}, also when a later page is read
   * @throws CacheException when the database fails, while the stream is consumed
   */
  @Override
  public Stream<KeyInfo> scan(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    if (!dialect.canHold(prefix)) {
      return Stream.empty(); // no key starts with it (a NUL on PostgreSQL)
    }
    return KeyPages.stream(new KeyRange(prefix, successor(prefix)));
  }

  /** The pages of one scan: where the next one starts, and whether there is one. */
  private final class KeyRange implements KeyPages.Source {
    private final String prefix;
    private final @Nullable String end;
    private @Nullable String last;
    private boolean done;

    KeyRange(String prefix, @Nullable String end) {
      this.prefix = prefix;
      this.end = end;
    }

    @Override
    public @Nullable List<KeyInfo> next() {
      if (done) {
        return null;
      }
      String after = last;
      List<KeyInfo> page = call("scan", () -> db.read(session -> {
        long now = clock.millis();
        PreparedStatement select = session.prepare(sql.scan(after != null, end != null));
        dialect.bindKey(select, 1, after != null ? after : prefix);
        int next = 2;
        if (end != null) {
          dialect.bindKey(select, next++, end);
        }
        select.setLong(next, now);
        List<KeyInfo> keys = new ArrayList<>(Statements.SCAN_PAGE);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String key = dialect.readKey(rows, 1);
            long expiresAt = rows.getLong(2);
            keys.add(new KeyInfo(key, rows.wasNull() ? null : Duration.ofMillis(expiresAt - now)));
          }
        }
        return keys;
      }));
      if (page.size() < Statements.SCAN_PAGE) {
        done = true;
      } else {
        last = page.get(page.size() - 1).key();
      }
      return page;
    }
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

  /** Creates the table, or checks that it is there, once (see {@link JdbcSchema}). */
  void ensureSchema() {
    schema.ensure();
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

  /** A JDBC URL without its query (which may hold a password) and user info. */
  static String maskJdbc(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    String base = query >= 0 ? jdbcUrl.substring(0, query) : jdbcUrl;
    return base.replaceFirst("//[^/@]*@", "//");
  }
}
