package io.cachette.benchmarks;

import io.cachette.jdbc.JdbcBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
 * How many SQLite reader connections beside the one writer pay off: 4 threads on one WAL file,
 * 90% gets and 10% sets of 512-byte values, with 0 readers (everything on the writer connection)
 * up to 4. The measurement behind the default {@code pool-size}.
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

  @Param({"0", "1", "2", "4"})
  public int readers;

  private Path folder;
  private JdbcBackend backend;
  private String[] keys;
  private byte[] value;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = Files.createTempDirectory("cachette-sqlite-pool");
    backend = JdbcBackend.sqlite(folder.resolve("pool.sqlite")).poolSize(readers).build();
    keys = new String[KEYS];
    value = new byte[512];
    new Random(7).nextBytes(value);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "k" + i;
      backend.set(keys[i], value, null);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    backend.close();
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(folder);
  }

  @Benchmark
  public Object mixedNinetyPercentReads() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = keys[random.nextInt(KEYS)];
    if (random.nextInt(10) == 0) {
      backend.set(key, value, null);
      return key;
    }
    return backend.get(key);
  }
}
