package io.cachette.benchmarks;

import io.cachette.Cache;
import io.cachette.jdbc.JdbcBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code setMany} of 100 small values (200 bytes) on {@code sqlite://}, run with {@link Paired},
 * next to what a user writes with raw sqlite-jdbc: one transaction, one batched upsert, on a
 * connection with the same pragmas (WAL, synchronous=NORMAL). The raw table is either the one the
 * backend creates ({@code same-schema}) or a plain key-value-expiry table without an index on the
 * expiry column ({@code plain-table}, what a hand-written cache table often is). Each side writes
 * its own file; the batch walks 1,024 keys, so writes replace existing rows as a cache's do.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.SqliteSetManyPairedCheck <same-schema|plain-table> [rounds] [batches]}.
 */
public final class SqliteSetManyPairedCheck {
  private static final int KEYS = 1024;
  private static final int BATCH = 100;
  private static final String UPSERT = "INSERT INTO cachette (\"key\", \"value\", \"expires_at\")"
      + " VALUES (?, ?, ?) ON CONFLICT (\"key\") DO UPDATE SET \"value\" = excluded.\"value\","
      + " \"expires_at\" = excluded.\"expires_at\"";

  private SqliteSetManyPairedCheck() {}

  /** Runs the comparison and prints its medians. */
  public static void main(String[] args) throws Exception {
    String schema = args[0];
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path folder = Files.createTempDirectory("cachette-setmany-paired");
    String[] keys = new String[KEYS];
    byte[][] values = new byte[KEYS][];
    Random random = new Random(42);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      values[i] = new byte[200];
      random.nextBytes(values[i]);
    }
    List<Map<String, byte[]>> cachetteBatches = new java.util.ArrayList<>();
    for (int start = 0; start < KEYS; start += BATCH) {
      Map<String, byte[]> batch = new LinkedHashMap<>();
      for (int i = start; i < Math.min(KEYS, start + BATCH); i++) {
        batch.put(keys[i], values[i]);
      }
      cachetteBatches.add(batch);
    }
    try (Cache<byte[]> cache = Cache.builder(byte[].class)
            .backend("sqlite://" + folder.resolve("cachette.sqlite"))
            .serializer("noop://").namespace("bench").build();
        Connection raw = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("raw.sqlite"))) {
      try (Statement ddl = raw.createStatement()) {
        ddl.execute("PRAGMA busy_timeout = 10000");
        ddl.execute("PRAGMA journal_mode = WAL");
        ddl.execute("PRAGMA synchronous = NORMAL");
        if (schema.equals("same-schema")) {
          for (String sql : JdbcBackend.createTableSql(JdbcBackend.Database.SQLITE, "cachette")) {
            ddl.execute(sql);
          }
        } else {
          ddl.execute("CREATE TABLE cachette (\"key\" TEXT PRIMARY KEY, \"value\" BLOB NOT NULL,"
              + " \"expires_at\" INTEGER)");
        }
      }
      PreparedStatement upsert = raw.prepareStatement(UPSERT);
      int[] cursor = {0, 0};
      Paired.Slice cachetteSide = n -> {
        long sum = 0;
        for (int b = 0; b < n; b++) {
          Map<String, byte[]> batch = cachetteBatches.get(cursor[0]++ % cachetteBatches.size());
          cache.setMany(batch);
          sum += batch.size();
        }
        return sum;
      };
      Paired.Slice rawSide = n -> {
        long sum = 0;
        try {
          for (int b = 0; b < n; b++) {
            int start = (cursor[1]++ % cachetteBatches.size()) * BATCH;
            raw.setAutoCommit(false);
            for (int i = start; i < Math.min(KEYS, start + BATCH); i++) {
              upsert.setString(1, "bench:" + keys[i]);
              upsert.setBytes(2, values[i]);
              upsert.setNull(3, Types.BIGINT);
              upsert.addBatch();
            }
            upsert.executeBatch();
            raw.commit();
            raw.setAutoCommit(true);
            sum += Math.min(KEYS, start + BATCH) - start;
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
        return sum;
      };
      // Both walk the same batches in the same order, so every slice writes the same count.
      long expected = 0;
      for (int b = 0; b < batches; b++) {
        expected += cachetteBatches.get(b % cachetteBatches.size()).size();
      }
      if (batches % cachetteBatches.size() != 0) {
        throw new IllegalArgumentException("batches must be a multiple of "
            + cachetteBatches.size() + " so that every slice writes the same rows");
      }
      Paired.Result result = Paired.compare("setMany(100 x 200 B), sqlite, raw " + schema,
          cachetteSide, rawSide, rounds, batches, expected);
      System.out.println(Paired.Result.header());
      System.out.println(result);
    } finally {
      try (var files = Files.list(folder)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Files.delete(folder);
    }
  }
}
