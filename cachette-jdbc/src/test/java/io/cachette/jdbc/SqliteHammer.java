package io.cachette.jdbc;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A child process for {@link SqliteMultiProcessTest}: threads hammering one SQLite file with mixed
 * reads and writes for a while. Every value carries a checksum, so a torn or corrupt read counts as
 * an error. Each {@code setIfAbsent} win on a contested key is written to a file.
 *
 * <p>Arguments: database URL, run time in milliseconds, threads, contested keys, wins file. Opens
 * the backend, prints {@code ready}, and starts when a line arrives on its input, so that several
 * processes start together; the contested keys are taken in order over the run time, so that all
 * processes go for the same keys at the same time. Exits with 0 when no operation failed, 1
 * otherwise; prints a summary line and the first errors.
 */
public final class SqliteHammer {
  private static final int KEYS = 200;

  private SqliteHammer() {}

  /** Runs the hammer; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    long runMillis = Long.parseLong(args[1]);
    int threads = Integer.parseInt(args[2]);
    int contested = Integer.parseInt(args[3]);
    Path winsFile = Path.of(args[4]);
    String me = ProcessHandle.current().pid() + "";

    Queue<String> errors = new ConcurrentLinkedQueue<>();
    Queue<String> wins = new ConcurrentLinkedQueue<>();
    AtomicLong operations = new AtomicLong();
    try (Backend backend = Backends.fromUrl(url)) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long start = System.nanoTime();
      long runNanos = runMillis * 1_000_000L;
      long deadline = start + runNanos;
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = me + "/" + t;
        Random random = new Random(id.hashCode());
        Thread worker = new Thread(() -> {
          int next = 0;
          while (System.nanoTime() < deadline || next < contested) {
            try {
              long due = Math.min(contested, (System.nanoTime() - start) * contested / runNanos);
              if (next < contested && (next < due || System.nanoTime() >= deadline)) {
                String key = "contested:" + next++;
                if (backend.setIfAbsent(key, value(id, random), null)) {
                  wins.add(key + " " + id);
                }
              } else {
                mixedOperation(backend, id, random);
              }
              operations.incrementAndGet();
            } catch (Throwable e) {
              StringWriter trace = new StringWriter();
              e.printStackTrace(new PrintWriter(trace));
              errors.add(trace.toString());
            }
          }
        }, "hammer-" + t);
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
    }
    Files.write(winsFile, wins);
    System.out.println("operations=" + operations.get() + " errors=" + errors.size() + " wins="
        + wins.size());
    errors.stream().limit(5).forEach(System.out::println);
    System.exit(errors.isEmpty() ? 0 : 1);
  }

  private static void mixedOperation(Backend backend, String id, Random random) {
    String key = "mixed:" + random.nextInt(KEYS);
    switch (random.nextInt(8)) {
      case 0, 1, 2 -> check(backend.get(key));
      case 3 -> backend.set(key, value(id, random),
          random.nextBoolean() ? null : Duration.ofMillis(1 + random.nextInt(500)));
      case 4 -> backend.setIfAbsent(key, value(id, random), Duration.ofMillis(200));
      case 5 -> backend.delete(key);
      case 6 -> {
        Map<String, Object> batch = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
          batch.put("mixed:" + random.nextInt(KEYS), value(id, random));
        }
        backend.setMany(batch, Duration.ofSeconds(2));
      }
      default -> {
        List<String> keys = List.of(key, "mixed:" + random.nextInt(KEYS), "mixed:none");
        backend.getMany(keys).values().forEach(SqliteHammer::check);
        backend.expireIn(key, random.nextBoolean() ? null : Duration.ofSeconds(1));
      }
    }
  }

  /** A value naming its writer, of random length, ending in a CRC32 of the rest. */
  static byte[] value(String writer, Random random) {
    byte[] name = writer.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[name.length + 1 + random.nextInt(3000)];
    random.nextBytes(body);
    System.arraycopy(name, 0, body, 0, name.length);
    body[name.length] = 0;
    CRC32 crc = new CRC32();
    crc.update(body);
    return ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
  }

  /** The writer named in a value; fails when the checksum does not match. */
  static String writer(byte[] value) {
    CRC32 crc = new CRC32();
    crc.update(value, 0, value.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(value, value.length - 8, 8).getLong()) {
      throw new IllegalStateException("torn or corrupt value of " + value.length + " bytes");
    }
    int end = 0;
    while (value[end] != 0) {
      end++;
    }
    return new String(value, 0, end, StandardCharsets.UTF_8);
  }

  private static void check(Object value) {
    if (value != null) {
      writer((byte[]) value);
    }
  }
}
