package io.cachette.benchmarks;

import io.cachette.Cache;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SQLite {@code get} (hit) and {@code set} through Cachette ({@code Cache<byte[]>} with the
 * {@code noop} serializer on {@code sqlite://}, and the {@link JdbcBackend} alone) next to raw
 * sqlite-jdbc with the same pragmas ({@code journal_mode=WAL}, {@code synchronous=NORMAL},
 * {@code busy_timeout=10000}) and the same SQL, on one connection with prepared statements kept
 * open. Each side has its own database file in one temporary folder; values are 512 bytes.
 *
 * <p>The {@code paired*} groups run a Cachette thread and a raw thread at the same time, each on
 * its own file: on a shared machine, whose load drifts between one benchmark and the next, their
 * ratio is the steadier one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SqliteCacheBenchmark {
  private static final int KEYS = 1024;
  private static final String GET = "SELECT \"value\" FROM cachette WHERE \"key\" = ?"
      + " AND (\"expires_at\" IS NULL OR \"expires_at\" > ?)";
  private static final String UPSERT = "INSERT INTO cachette (\"key\", \"value\", \"expires_at\")"
      + " VALUES (?, ?, ?) ON CONFLICT (\"key\") DO UPDATE SET \"value\" = excluded.\"value\","
      + " \"expires_at\" = excluded.\"expires_at\"";

  private Path folder;
  private String[] keys;
  private String[] storedKeys;
  private byte[][] values;

  private Cache<byte[]> cache;
  private JdbcBackend backend;
  private Connection raw;
  private PreparedStatement rawGet;
  private PreparedStatement rawUpsert;

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    folder = Files.createTempDirectory("cachette-sqlite-bench");
    keys = new String[KEYS];
    storedKeys = new String[KEYS];
    values = new byte[KEYS][];
    Random random = new Random(42);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      storedKeys[i] = "bench:" + keys[i];
      values[i] = new byte[512];
      random.nextBytes(values[i]);
    }
    cache = Cache.builder(byte[].class).backend("sqlite://" + folder.resolve("cachette.sqlite"))
        .serializer("noop://").namespace("bench").build();
    backend = JdbcBackend.sqlite(folder.resolve("backend.sqlite")).build();

    raw = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("raw.sqlite"));
    try (Statement pragma = raw.createStatement()) {
      pragma.execute("PRAGMA busy_timeout = 10000");
      pragma.execute("PRAGMA journal_mode = WAL");
      pragma.execute("PRAGMA synchronous = NORMAL");
      for (String ddl : JdbcBackend.createTableSql(JdbcBackend.Database.SQLITE, "cachette")) {
        pragma.execute(ddl);
      }
    }
    rawGet = raw.prepareStatement(GET);
    rawUpsert = raw.prepareStatement(UPSERT);

    for (int i = 0; i < KEYS; i++) {
      cache.set(keys[i], values[i]);
      backend.set(storedKeys[i], values[i], null);
      rawSet(i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    cache.close();
    backend.close();
    raw.close();
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(folder);
  }

  /** Each thread's own walk through the keys. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next;

    int nextIndex() {
      int i = next;
      next = (i + 1) & (KEYS - 1);
      return i;
    }
  }

  private int rawSet(int i) throws SQLException {
    rawUpsert.setString(1, storedKeys[i]);
    rawUpsert.setBytes(2, values[i]);
    rawUpsert.setNull(3, Types.BIGINT);
    return rawUpsert.executeUpdate();
  }

  @Benchmark
  public Object getHitCachette(Cursor cursor) {
    return cache.getOrDefault(keys[cursor.nextIndex()], null);
  }

  @Benchmark
  public Object getHitBackend(Cursor cursor) {
    return backend.get(storedKeys[cursor.nextIndex()]);
  }

  @Benchmark
  public Object getHitRaw(Cursor cursor) throws SQLException {
    return rawGet(cursor.nextIndex());
  }

  @Benchmark
  public boolean setCachette(Cursor cursor) {
    int i = cursor.nextIndex();
    return cache.set(keys[i], values[i]);
  }

  @Benchmark
  public void setBackend(Cursor cursor) {
    int i = cursor.nextIndex();
    backend.set(storedKeys[i], values[i], null);
  }

  @Benchmark
  public int setRaw(Cursor cursor) throws SQLException {
    return rawSet(cursor.nextIndex());
  }

  // The same comparisons with both sides running at the same moment, one thread each, so that
  // load from elsewhere on the machine weighs on both alike.

  @Benchmark
  @Group("pairedGetHit")
  @GroupThreads(1)
  public Object pairedGetHitCachette(Cursor cursor) {
    return getHitCachette(cursor);
  }

  @Benchmark
  @Group("pairedGetHit")
  @GroupThreads(1)
  public Object pairedGetHitRaw(Cursor cursor) throws SQLException {
    return getHitRaw(cursor);
  }

  @Benchmark
  @Group("pairedSet")
  @GroupThreads(1)
  public boolean pairedSetCachette(Cursor cursor) {
    return setCachette(cursor);
  }

  @Benchmark
  @Group("pairedSet")
  @GroupThreads(1)
  public int pairedSetRaw(Cursor cursor) throws SQLException {
    return setRaw(cursor);
  }

  private byte[] rawGet(int i) throws SQLException {
    rawGet.setString(1, storedKeys[i]);
    rawGet.setLong(2, System.currentTimeMillis());
    try (ResultSet rows = rawGet.executeQuery()) {
      return rows.next() ? rows.getBytes(1) : null;
    }
  }
}
