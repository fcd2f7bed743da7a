package io.cachette;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Test support for stampede tests: waits until threads are parked (state WAITING or TIMED_WAITING),
 * looking every millisecond, failing after 30 seconds. A caller thread that has started and then
 * parks inside {@code get(key, loader)} is waiting on the load guard (or is the loader waiting on
 * the test's latch): nothing before the guard parks. So once every caller is parked, all of them
 * have joined the one load, and releasing it cannot let a late caller start a second one.
 */
final class Parked {
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private Parked() {}

  /** Returns once every thread is parked; fails naming the first that never parked. */
  static void awaitAll(Collection<Thread> threads) {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    for (Thread thread : threads) {
      while (!parked(thread)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(thread.getName() + " never parked; it is " + thread.getState());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
  }

  private static boolean parked(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }
}
