package io.cachette.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Where a {@link JdbcBackend} gets its connections, and how it runs a piece of work on one: a
 * read, a single autocommitted write, or an all-or-nothing transaction. Implementations are
 * thread-safe; each piece of work has its connection to itself while it runs.
 */
abstract class Connections implements AutoCloseable {

  /** Work on one connection. It must close every result set it opens. */
  interface Work<T> {
    T run(Session session) throws SQLException;
  }

  /** A connection lent to one piece of work, with its prepared statements. */
  interface Session {
    /**
     * A prepared statement for the SQL, owned by the session: the caller binds every parameter and
     * must not close it.
     */
    PreparedStatement prepare(String sql) throws SQLException;
  }

  /** Runs work that only reads. */
  abstract <T> T read(Work<T> work) throws SQLException;

  /** Runs work made of one writing statement, committed by itself. */
  abstract <T> T write(Work<T> work) throws SQLException;

  /** Runs work as one transaction: committed if it returns, rolled back if it throws. */
  abstract <T> T transaction(Work<T> work) throws SQLException;

  /** Closes the connections this object opened. Idempotent. */
  @Override
  public abstract void close();
}
