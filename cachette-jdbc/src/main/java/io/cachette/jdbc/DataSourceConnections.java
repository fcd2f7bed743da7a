package io.cachette.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections from a pooled {@link DataSource}: a HikariCP pool the backend owns (closed with it),
 * or the application's own (left open). Each piece of work borrows a connection and returns it;
 * drivers cache prepared statements on their side.
 */
final class DataSourceConnections extends Connections {
  private static final Logger LOG = LoggerFactory.getLogger(DataSourceConnections.class);

  private final DataSource dataSource;
  private final @Nullable AutoCloseable owned;

  /**
   * @param owned what to close with this object (the pool the backend created), or null when the
   *     data source belongs to the application
   */
  DataSourceConnections(DataSource dataSource, @Nullable AutoCloseable owned) {
    this.dataSource = dataSource;
    this.owned = owned;
  }

  @Override
  <T> T read(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        BorrowedSession session = new BorrowedSession(connection)) {
      return work.run(session);
    }
  }

  @Override
  <T> T write(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        BorrowedSession session = new BorrowedSession(connection)) {
      T result = work.run(session);
      if (!connection.getAutoCommit()) {
        // A pool configured without autocommit: the write must still be committed.
        connection.commit();
      }
      return result;
    }
  }

  @Override
  <T> T transaction(Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        BorrowedSession session = new BorrowedSession(connection)) {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      try {
        T result = work.run(session);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
      }
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        LOG.warn("Closing the connection pool failed", e);
      }
    }
  }

  /** A borrowed connection; its statements are closed when the work is done. */
  private static final class BorrowedSession implements Session, AutoCloseable {
    private final Connection connection;
    private final List<PreparedStatement> statements = new ArrayList<>(2);

    BorrowedSession(Connection connection) {
      this.connection = connection;
    }

    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
      PreparedStatement statement = connection.prepareStatement(sql);
      statements.add(statement);
      return statement;
    }

    @Override
    public void close() throws SQLException {
      SQLException first = null;
      for (PreparedStatement statement : statements) {
        try {
          statement.close();
        } catch (SQLException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
