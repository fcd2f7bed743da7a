package io.cachette;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A count that many threads add to on a hot path and few read, such as a cache's hit count: each
 * thread adds to a cell of its own with a plain write, so an increment has no atomic instruction
 * (a {@link LongAdder} has one, which costs as much as a whole in-memory lookup), and {@link #sum}
 * adds the cells up.
 *
 * <p>A thread finds its cell in one of {@value #SLOTS} slots, chosen by its id. A slot held by a
 * live thread is not shared: a second thread that maps to it counts in a {@link LongAdder}
 * instead. A slot whose thread has ended is taken over by the next thread that maps to it, with
 * the ended thread's count carried over, so thread pools that replace their threads keep the fast
 * path. A cell holds its thread weakly.
 *
 * <p>Thread-safe. A sum taken while other threads count may miss their latest increments (as
 * {@link LongAdder#sum} may) and never counts one twice; successive sums never decrease.
 */
final class ThreadCounter {
  static final int SLOTS = 64;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Cell[].class);

  private final @Nullable Cell[] cells = new Cell[SLOTS];
  /** The increments of threads whose slot another live thread holds. */
  private final LongAdder shared = new LongAdder();

  /** Adds one. */
  void increment() {
    add(1);
  }

  /** Adds {@code n}, which is not negative. */
  void add(long n) {
    long id = Thread.currentThread().getId();
    Cell cell = cells[(int) id & (SLOTS - 1)];
    if (cell != null && cell.ownerId == id) {
      cell.add(n);
    } else {
      addSlow(n);
    }
  }

  // Apart from add, which stays small enough to be inlined where a hit is counted.
  private void addSlow(long n) {
    Thread thread = Thread.currentThread();
    long id = thread.getId();
    int index = (int) id & (SLOTS - 1);
    while (true) {
      Cell cell = (Cell) SLOT.getVolatile(cells, index);
      if (cell != null && cell.ownerId == id) {
        cell.add(n);
        return;
      }
      long carried = 0;
      if (cell != null) {
        Thread owner = cell.owner.get();
        if (owner != null && owner.isAlive()) {
          shared.add(n);
          return;
        }
        // The owner has ended (isAlive makes its last writes visible): its count moves along.
        carried = cell.get();
      }
      if (SLOT.compareAndSet(cells, index, cell, new Cell(thread, id, carried + n))) {
        return;
      }
    }
  }

  /** The count: every increment that happened before this call, and maybe some concurrent. */
  long sum() {
    long sum = shared.sum();
    for (int i = 0; i < SLOTS; i++) {
      Cell cell = (Cell) SLOT.getVolatile(cells, i);
      if (cell != null) {
        sum += cell.get();
      }
    }
    return sum;
  }

  /**
   * Padding in front of a {@link Cell}'s fields. Cells of different threads are allocated apart,
   * but a garbage collection may copy them next to each other; the padding keeps each thread's
   * count on a cache line of its own, so that two threads counting do not invalidate each
   * other's line on every hit.
   */
  @SuppressWarnings("unused")
  private abstract static class CellPadBefore {
    private long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  /** A cell's fields, between the two paddings (a superclass's fields are laid out first). */
  private abstract static class CellFields extends CellPadBefore {
    final long ownerId;
    final WeakReference<Thread> owner;
    // Written only by the owner, with opaque writes: each one reaches readers, none is merged
    // away by the JIT, and none costs more than a plain store.
    @SuppressWarnings("unused")
    long count;

    CellFields(Thread owner, long ownerId, long count) {
      this.owner = new WeakReference<>(owner);
      this.ownerId = ownerId;
      this.count = count;
    }
  }

  /** One thread's count; only that thread writes it. Padded on both sides. */
  @SuppressWarnings("unused")
  private static final class Cell extends CellFields {
    private static final VarHandle COUNT;

    static {
      try {
        COUNT = MethodHandles.lookup().findVarHandle(CellFields.class, "count", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private long q01, q02, q03, q04, q05, q06, q07, q08;

    Cell(Thread owner, long ownerId, long count) {
      super(owner, ownerId, count);
    }

    void add(long n) {
      COUNT.setOpaque(this, (long) COUNT.getOpaque(this) + n);
    }

    long get() {
      return (long) COUNT.getVolatile(this);
    }
  }
}
