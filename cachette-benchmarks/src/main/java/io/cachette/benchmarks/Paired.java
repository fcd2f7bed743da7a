package io.cachette.benchmarks;

import java.util.Arrays;

/**
 * Paired timing for busy machines: each round times a slice of calls of one side and a slice of
 * the other back to back (taking turns going first), so that both see the same load, and keeps
 * the ratio of that round. JMH runs one benchmark after another, and on a shared machine the load
 * changes between them by more than the difference being measured; the median of per-round
 * ratios does not move with it. Run one comparison per JVM, so that the JIT's profiles hold only
 * the code of that comparison, as in a JMH fork.
 */
final class Paired {
  private Paired() {}

  /** One side: runs {@code calls} calls and returns a checksum the caller verifies. */
  interface Slice {
    long run(int calls);
  }

  /** What {@link #compare} measured: medians over the rounds. */
  record Result(String name, double cachetteNanos, double rawNanos, double ratio, double ratioP25,
      double ratioP75) {
    @Override
    public String toString() {
      return String.format("%-56s %10.2f %10.2f %7.2f  %5.2f-%-5.2f", name, cachetteNanos, rawNanos,
          ratio, ratioP25, ratioP75);
    }

    static String header() {
      return String.format("%-56s %10s %10s %7s  %s", "comparison", "Cachette ns", "raw ns",
          "ratio", "ratio p25-p75");
    }
  }

  /**
   * Warms both sides up, then runs {@code rounds} rounds of {@code calls} calls per side. The
   * ratio is throughput, Cachette over raw: 1.0 is as fast, 0.5 half as fast.
   *
   * @param expected the checksum each slice of {@code calls} calls must return on both sides
   */
  static Result compare(String name, Slice cachette, Slice raw, int rounds, int calls,
      long expected) {
    for (int warm = 0; warm < 30; warm++) {
      check(name, cachette.run(calls), expected);
      check(name, raw.run(calls), expected);
    }
    double[] cachetteNanos = new double[rounds];
    double[] rawNanos = new double[rounds];
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      boolean cachetteFirst = (r & 1) == 0;
      Slice first = cachetteFirst ? cachette : raw;
      Slice second = cachetteFirst ? raw : cachette;
      long t0 = System.nanoTime();
      long sum1 = first.run(calls);
      long t1 = System.nanoTime();
      long sum2 = second.run(calls);
      long t2 = System.nanoTime();
      check(name, sum1, expected);
      check(name, sum2, expected);
      double a = (double) (t1 - t0) / calls;
      double b = (double) (t2 - t1) / calls;
      cachetteNanos[r] = cachetteFirst ? a : b;
      rawNanos[r] = cachetteFirst ? b : a;
      ratios[r] = rawNanos[r] / cachetteNanos[r];
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    return new Result(name, median(cachetteNanos), median(rawNanos), median(ratios),
        sorted[rounds / 4], sorted[rounds * 3 / 4]);
  }

  private static void check(String name, long actual, long expected) {
    if (actual != expected) {
      throw new IllegalStateException(name + ": checksum " + actual + ", expected " + expected
          + "; the two sides must do the same work");
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
