package io.cachette.testkit;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Coordination for stampede tests without sleeps: waits until every given thread is parked
 * (state {@code WAITING} or {@code TIMED_WAITING}: on a latch, a lock, a future or a reply),
 * looking every millisecond and failing after 30 seconds. Start the callers, count them in with a
 * latch, wait for them here, then release the loader: every caller is then waiting inside the
 * cache, not on its way to it.
 *
 * <p>(cachette-core's own tests keep a copy: the testkit depends on the core, so the core's tests
 * cannot depend on the testkit.)
 */
public final class ParkedThreads {
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private ParkedThreads() {}

  /**
   * Returns once every thread is parked.
   *
   * @throws AssertionError naming the first thread that did not park within 30 seconds
   */
  public static void awaitAll(Collection<Thread> threads) {
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
