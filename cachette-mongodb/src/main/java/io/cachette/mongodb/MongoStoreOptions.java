package io.cachette.mongodb;

import io.cachette.StoreSpec;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The options both MongoDB builders share (clock, executor, async threads), each settable once.
 * Not thread-safe, like the builders that hold it.
 */
final class MongoStoreOptions {
  /** Threads of the default async pool. */
  static final int DEFAULT_ASYNC_THREADS = 16;
  /** The most threads an async pool may have. */
  static final int MAX_ASYNC_THREADS = 1024;
  /** Async operations waiting for a thread; beyond this, new ones fail at once. */
  static final int ASYNC_QUEUE_CAPACITY = 10_000;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private @Nullable Clock clock;
  private @Nullable Executor executor;
  private @Nullable Integer asyncThreads;

  void clock(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    StoreSpec.requireUnset("clock", this.clock);
    this.clock = clock;
  }

  void executor(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    StoreSpec.requireUnset("executor", this.executor);
    if (asyncThreads != null) {
      throw new IllegalStateException("executor does not apply: asyncThreads was already set to "
          + asyncThreads + ", which sizes the backend's own pool; drop one");
    }
    this.executor = executor;
  }

  void asyncThreads(int threads) {
    StoreSpec.requireUnset("asyncThreads", asyncThreads);
    if (executor != null) {
      throw new IllegalStateException("asyncThreads does not apply: executor was already set to "
          + executor + ", which runs the async operations; drop one");
    }
    if (threads < 1 || threads > MAX_ASYNC_THREADS) {
      throw new IllegalArgumentException("asyncThreads must be from 1 to " + MAX_ASYNC_THREADS
          + ", was " + threads);
    }
    this.asyncThreads = threads;
  }

  /** The settings of a store named {@code name}, starting its own pool unless given one. */
  MongoStore.Settings settings(String name, Runnable closeClient) {
    Clock chosenClock = clock != null ? clock : Clock.systemUTC();
    if (executor != null) {
      return new MongoStore.Settings(name, chosenClock, executor, null, closeClient);
    }
    ExecutorService pool = boundedPool(asyncThreads != null ? asyncThreads
        : DEFAULT_ASYNC_THREADS);
    return new MongoStore.Settings(name, chosenClock, pool, pool, closeClient);
  }

  /** The options as text, for a builder's {@code toString()}. */
  String describe() {
    return "clock=" + (clock != null ? clock : "system") + ", executor="
        + (executor != null ? executor : "own pool of "
            + (asyncThreads != null ? asyncThreads : DEFAULT_ASYNC_THREADS) + " threads");
  }

  /**
   * A fixed pool of daemon threads with a bounded queue: a full queue refuses the task, and the
   * async face completes that operation exceptionally. Idle threads end after a minute.
   */
  private static ExecutorService boundedPool(int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
        new ArrayBlockingQueue<>(ASYNC_QUEUE_CAPACITY), daemons("cachette-mongodb-async"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
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
