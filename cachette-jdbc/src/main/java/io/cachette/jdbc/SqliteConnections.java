package io.cachette.jdbc;

import io.cachette.CacheException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite connections: one writer and a few readers, each keeping its prepared statements.
 *
 * <p>SQLite lets one connection write at a time per database file. Writers of this process queue
 * on a Java lock for the single writer connection instead of colliding on the file lock (which
 * would make SQLite's busy handler sleep); only other processes compete for the file lock, and
 * SQLite's busy timeout plus {@link Retry} absorb that. Multi-statement writes begin with
 * {@code BEGIN IMMEDIATE}, which takes the write lock up front, so a transaction never has to
 * upgrade a read lock (the upgrade that fails at once with "database is locked"). In WAL mode
 * readers never wait for the writer; they are marked {@code query_only}.
 *
 * <p>An in-memory database has no readers: its one connection does everything and keeps the shared
 * in-memory database alive until {@link #close()}.
 */
final class SqliteConnections extends Connections {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteConnections.class);

  private final CachedSession writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<CachedSession> readers;
  private final BlockingDeque<CachedSession> idleReaders;
  private final long readerWaitNanos;
  private volatile boolean closed;

  /** How to open the connections. */
  record Settings(String jdbcUrl, boolean memory, int readers, boolean wal, String synchronous,
      Duration busyTimeout) {}

  private SqliteConnections(CachedSession writer, List<CachedSession> readers,
      Duration busyTimeout) {
    this.writer = writer;
    this.readers = readers;
    // Last in, first out: a lightly loaded backend keeps reusing its warmest connection.
    this.idleReaders = new LinkedBlockingDeque<>(Math.max(1, readers.size()));
    readers.forEach(idleReaders::addFirst);
    this.readerWaitNanos = busyTimeout.toNanos();
  }

  /** Opens the writer (which sets the journal mode) and then the readers. */
  static SqliteConnections open(Settings settings) throws SQLException {
    List<CachedSession> opened = new ArrayList<>();
    try {
      CachedSession writer = connect(settings, true);
      opened.add(writer);
      List<CachedSession> readers = new ArrayList<>();
      for (int i = 0; i < (settings.memory() ? 0 : settings.readers()); i++) {
        CachedSession reader = connect(settings, false);
        opened.add(reader);
        readers.add(reader);
      }
      return new SqliteConnections(writer, List.copyOf(readers), settings.busyTimeout());
    } catch (SQLException | RuntimeException e) {
      opened.forEach(CachedSession::closeQuietly);
      throw e;
    }
  }

  private static CachedSession connect(Settings settings, boolean writer) throws SQLException {
    Connection connection = org.sqlite.JDBC.createConnection(settings.jdbcUrl(), new Properties());
    try {
      try (Statement pragma = connection.createStatement()) {
        pragma.execute("PRAGMA busy_timeout = "
            + Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
        if (writer && !settings.memory()) {
          String wanted = settings.wal() ? "wal" : "delete";
          // Changing the journal mode needs the file to itself: retry while others hold it.
          String mode = Retry.withBackoff(settings.busyTimeout(), SqliteDialect.INSTANCE::isTransient,
              () -> queryString(pragma, "PRAGMA journal_mode = " + wanted));
          if (!wanted.equalsIgnoreCase(mode)) {
            LOG.warn("SQLite {} kept journal mode '{}' instead of '{}'", settings.jdbcUrl(), mode,
                wanted);
          }
        }
        if (writer) {
          pragma.execute("PRAGMA synchronous = " + settings.synchronous());
        } else {
          pragma.execute("PRAGMA query_only = 1");
        }
      }
      return new CachedSession(connection);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static String queryString(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1).toLowerCase(Locale.ROOT) : "";
    }
  }

  @Override
  <T> T read(Work<T> work) throws SQLException {
    if (readers.isEmpty()) {
      return write(work);
    }
    CachedSession reader = borrowReader();
    try {
      return work.run(reader);
    } finally {
      idleReaders.offerFirst(reader);
      if (closed) {
        closeIdleReaders();
      }
    }
  }

  private CachedSession borrowReader() {
    checkOpen();
    CachedSession reader = idleReaders.pollFirst();
    if (reader != null) {
      return reader;
    }
    try {
      reader = idleReaders.pollFirst(readerWaitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Interrupted while waiting for an SQLite reader connection", e);
    }
    if (reader == null) {
      throw new CacheException("No SQLite reader connection came free within the busy timeout ("
          + readers.size() + " readers, all busy): raise pool-size or busy-timeout");
    }
    return reader;
  }

  @Override
  <T> T write(Work<T> work) throws SQLException {
    lockWriter();
    try {
      checkOpen();
      return work.run(writer);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  <T> T transaction(Work<T> work) throws SQLException {
    lockWriter();
    try {
      checkOpen();
      writer.prepare("BEGIN IMMEDIATE").execute();
      try {
        T result = work.run(writer);
        writer.prepare("COMMIT").execute();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        // Also after a failed COMMIT (busy): the transaction is still open until rolled back.
        try {
          writer.prepare("ROLLBACK").execute();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void lockWriter() {
    try {
      writeLock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Interrupted while waiting for the SQLite writer connection", e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new CacheException("The SQLite backend is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeIdleReaders();
    writeLock.lock();
    try {
      writer.closeQuietly();
    } finally {
      writeLock.unlock();
    }
  }

  private void closeIdleReaders() {
    CachedSession reader;
    while ((reader = idleReaders.poll()) != null) {
      reader.closeQuietly();
    }
  }

  /** A connection with its prepared statements, kept open and reused. Used by one thread at a time. */
  private static final class CachedSession implements Session {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    CachedSession(Connection connection) {
      this.connection = connection;
    }

    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
      PreparedStatement statement = statements.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        statements.put(sql, statement);
      }
      return statement;
    }

    void closeQuietly() {
      for (PreparedStatement statement : statements.values()) {
        try {
          statement.close();
        } catch (SQLException ignored) {
          // Closing the connection below releases it anyway.
        }
      }
      statements.clear();
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing an SQLite connection failed", e);
      }
    }

    @Override
    public String toString() {
      return "SQLite session";
    }
  }

  @Override
  public String toString() {
    return "SqliteConnections[readers=" + readers.size() + "]";
  }
}
