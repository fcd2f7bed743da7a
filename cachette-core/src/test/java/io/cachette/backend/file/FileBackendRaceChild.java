package io.cachette.backend.file;

import io.cachette.backend.Backend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * The other process in {@code FileBackendTest}'s cross-process race. Opens a file backend on the
 * folder {@code args[0]}, prints {@code ready}, waits for a line on stdin, races
 * {@link #race} for {@code args[1]} keys on {@code args[2]} threads with the tag {@code args[3]},
 * then prints each key it won and {@code done}.
 */
final class FileBackendRaceChild {
  private FileBackendRaceChild() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int keyCount = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    String tag = args[3];
    try (FileBackend backend = FileBackend.builder(folder).build()) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      for (String key : race(backend, keys(keyCount), threads, tag)) {
        System.out.println(key);
      }
      System.out.println("done");
      System.out.flush();
    }
  }

  static List<String> keys(int count) {
    return IntStream.range(0, count).mapToObj(i -> "race:" + i).toList();
  }

  /**
   * Runs {@code threads} threads that each call {@code setIfAbsent(key, tag)} for every key, in the
   * same order, and returns the keys this process won.
   */
  static Set<String> race(Backend backend, List<String> keys, int threads, String tag)
      throws InterruptedException {
    Set<String> won = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] workers = new Thread[threads];
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        try {
          start.await();
          for (String key : keys) {
            if (backend.setIfAbsent(key, tag.getBytes(StandardCharsets.UTF_8), null)
                && !won.add(key)) {
              throw new AssertionError("won " + key + " twice in one process");
            }
          }
        } catch (Throwable e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
      });
      workers[t].start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure[0] != null) {
      throw new AssertionError("a racing thread failed", failure[0]);
    }
    return won;
  }
}
