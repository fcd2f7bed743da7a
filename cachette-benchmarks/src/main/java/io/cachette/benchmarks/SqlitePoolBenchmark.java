package io.cachette.benchmarks;

import io.cachette.jdbc.JdbcBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How to arrange SQLite connections in one process: 4 threads on one WAL file, gets and sets
 * ({@code writePercent} of them) of 512-byte values. {@code layout} 0, 1, 2 or 4 is the {@link JdbcBackend} with its one
 * writer connection and that many readers (0: everything on the writer); {@code per-thread} is
 * the alternative of plain connections, one per thread, each reading and writing, with the same
 * pragmas and SQL, where writers meet on SQLite's file lock and its busy handler. The measurement
 * behind the default {@code pool-size}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(4)
public class SqlitePoolBenchmark {
  private static final int KEYS = 1024;
  private static final String PER_THREAD = "per-thread";

  @Param({"0", "1", "2", "4", PER_THREAD})
  public String layout;

  @Param({"10", "50"})
  public int writePercent;

  private final Queue<Connection> ownConnections = new ConcurrentLinkedQueue<>();
  private Path folder;
  private Path file;
  private JdbcBackend backend;
  private String[] keys;
  private byte[] value;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = Files.createTempDirectory("cachette-sqlite-pool");
    file = folder.resolve("pool.sqlite");
    backend = JdbcBackend.sqlite(file)
        .poolSize(layout.equals(PER_THREAD) ? 0 : Integer.parseInt(layout)).build();
    keys = new String[KEYS];
    value = new byte[512];
    new Random(7).nextBytes(value);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "k" + i;
      backend.set(keys[i], value, null);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    backend.close();
    for (Connection connection : ownConnections) {
      connection.close();
    }
    try (var files = Files.list(folder)) {
      for (Path leftover : files.toList()) {
        Files.delete(leftover);
      }
    }
    Files.delete(folder);
  }

  /** A thread's own plain connection, for the {@code per-thread} layout; the benchmark closes it. */
  @State(Scope.Thread)
  public static class OwnConnection {
    private Connection connection;
    private PreparedStatement get;
    private PreparedStatement upsert;

    @Setup(Level.Trial)
    public void open(SqlitePoolBenchmark benchmark) throws SQLException {
      if (!benchmark.layout.equals(PER_THREAD)) {
        return;
      }
      connection = DriverManager.getConnection("jdbc:sqlite:" + benchmark.file);
      benchmark.ownConnections.add(connection);
      try (Statement pragma = connection.createStatement()) {
        pragma.execute("PRAGMA busy_timeout = 10000");
        pragma.execute("PRAGMA journal_mode = WAL");
        pragma.execute("PRAGMA synchronous = NORMAL");
      }
      get = connection.prepareStatement("SELECT \"value\" FROM cachette WHERE \"key\" = ?"
          + " AND (\"expires_at\" IS NULL OR \"expires_at\" > ?)");
      upsert = connection.prepareStatement("INSERT INTO cachette (\"key\", \"value\","
          + " \"expires_at\") VALUES (?, ?, ?) ON CONFLICT (\"key\") DO UPDATE SET \"value\" ="
          + " excluded.\"value\", \"expires_at\" = excluded.\"expires_at\"");
    }
  }

  @Benchmark
  public Object mixedGetsAndSets(OwnConnection own) throws SQLException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = keys[random.nextInt(KEYS)];
    boolean write = random.nextInt(100) < writePercent;
    if (own.connection == null) {
      if (write) {
        backend.set(key, value, null);
        return key;
      }
      return backend.get(key);
    }
    if (write) {
      own.upsert.setString(1, key);
      own.upsert.setBytes(2, value);
      own.upsert.setNull(3, Types.BIGINT);
      return own.upsert.executeUpdate();
    }
    own.get.setString(1, key);
    own.get.setLong(2, System.currentTimeMillis());
    try (ResultSet rows = own.get.executeQuery()) {
      return rows.next() ? rows.getBytes(1) : null;
    }
  }
}
