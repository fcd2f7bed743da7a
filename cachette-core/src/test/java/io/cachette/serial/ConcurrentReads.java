package io.cachette.serial;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The child JVM of {@link CompressorChecks#readConcurrentlyIn128MebibyteHeap}:
 * {@code <serializer URL> <file> <readers>} reads the file's bytes through the serializer from
 * that many threads at once, and prints one {@code outcome} line per reader: the length read, or
 * the class and message of what it threw.
 */
public final class ConcurrentReads {
  private ConcurrentReads() {}

  /** Runs the reads; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Serializer<byte[]> serializer = Serializers.fromUrl(args[0], byte[].class);
    byte[] stored = Files.readAllBytes(Path.of(args[1]));
    int readers = Integer.parseInt(args[2]);
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    CountDownLatch ready = new CountDownLatch(readers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      outcomes.add(pool.submit(() -> {
        ready.countDown();
        go.await();
        try {
          return "read " + serializer.deserialize(stored).length + " bytes";
        } catch (Throwable t) { // an OutOfMemoryError is an outcome to report, not a crash
          return t.getClass().getName() + ": " + t.getMessage();
        }
      }));
    }
    ready.await();
    go.countDown();
    for (Future<String> outcome : outcomes) {
      System.out.println("outcome " + outcome.get());
    }
    pool.shutdown();
  }
}
