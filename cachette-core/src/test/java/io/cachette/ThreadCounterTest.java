package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@link ThreadCounter}: no increment lost, whatever the threads and their slots. */
class ThreadCounterTest {

  @Test
  void countsEveryIncrementOfMoreThreadsThanSlots() throws InterruptedException {
    ThreadCounter counter = new ThreadCounter();
    int threads = ThreadCounter.SLOTS * 2 + 3; // some threads must share a slot
    int each = 10_000;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch allCounting = new CountDownLatch(threads);
    CountDownLatch finish = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        await(start);
        for (int i = 0; i < each; i++) {
          counter.increment();
        }
        allCounting.countDown();
        await(finish); // every thread is alive while the others count: slots stay taken
      });
      thread.start();
      started.add(thread);
    }
    start.countDown();
    allCounting.await();
    assertThat(counter.sum()).isEqualTo((long) threads * each);
    finish.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    assertThat(counter.sum()).isEqualTo((long) threads * each);
  }

  @Test
  void aThreadTakingOverTheSlotOfAnEndedOneKeepsItsCount() throws InterruptedException {
    ThreadCounter counter = new ThreadCounter();
    Thread first = new Thread(() -> {
      for (int i = 0; i < 5; i++) {
        counter.increment();
      }
    });
    first.start();
    first.join();
    // Thread ids are handed out in order: one of the next SLOTS threads maps to the same slot.
    Thread second = null;
    for (int i = 0; i < ThreadCounter.SLOTS && second == null; i++) {
      Thread candidate = new Thread(() -> {
        for (int k = 0; k < 7; k++) {
          counter.increment();
        }
      });
      if ((candidate.getId() - first.getId()) % ThreadCounter.SLOTS == 0) {
        second = candidate;
      }
    }
    assertThat(second).isNotNull();
    second.start();
    second.join();
    assertThat(counter.sum()).isEqualTo(12);
    counter.increment(); // this thread's own cell, in another slot or shared
    assertThat(counter.sum()).isEqualTo(13);
  }

  @Test
  void sumsOfOneThreadSeeItsOwnIncrementsAtOnce() {
    ThreadCounter counter = new ThreadCounter();
    for (long i = 1; i <= 1_000; i++) {
      counter.increment();
      assertThat(counter.sum()).isEqualTo(i);
    }
  }

  @Test
  void addsWholeAmountsFromEachThread() throws InterruptedException {
    ThreadCounter counter = new ThreadCounter();
    counter.add(40);
    counter.add(0);
    Thread other = new Thread(() -> counter.add(2));
    other.start();
    other.join();
    assertThat(counter.sum()).isEqualTo(42);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
