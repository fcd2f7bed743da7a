package io.cachette.jdbc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads a {@link JdbcBackend} owns: its default async pool and its sweeper. */
final class Threads {
  /** Async operations waiting for a thread; beyond this, new ones fail at once. */
  static final int ASYNC_QUEUE_CAPACITY = 10_000;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private Threads() {}

  /**
   * A fixed pool of daemon threads with a bounded queue; a full queue rejects the task (the async
   * face then completes that operation exceptionally). Idle threads end after a minute.
   */
  static ExecutorService boundedPool(int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
        new ArrayBlockingQueue<>(ASYNC_QUEUE_CAPACITY), daemons("cachette-jdbc-async"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** One daemon thread for the periodic removal of expired entries. */
  static ScheduledExecutorService sweeper() {
    ScheduledThreadPoolExecutor sweeper = new ScheduledThreadPoolExecutor(1,
        daemons("cachette-jdbc-sweeper"));
    sweeper.setRemoveOnCancelPolicy(true);
    return sweeper;
  }

  private static ThreadFactory daemons(String name) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + pool + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
