package io.cachette.benchmarks;

import io.cachette.Cache;
import java.util.Arrays;
import java.util.Optional;

/**
 * A companion to {@link MemoryCacheBenchmark} for busy machines. JMH runs one benchmark after
 * another, and on a shared machine the load changes between them by more than the difference
 * measured; here each round times a slice of Cachette hits and a slice of raw Caffeine hits back
 * to back (taking turns going first), so both see the same load, and the ratio of each round is
 * kept. It prints, per pair, the median ns per hit of each side and the median of the per-round
 * throughput ratios (Cachette / raw). Same caches, keys and values as the JMH benchmark; one
 * thread. Results are consumed (a reference comparison per hit), so an {@code Optional} a caller
 * unwraps at once may be optimised away, as it is in callers' code.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.MemoryPairedCheck [rounds] [hits per slice] [pair] [max size]}; give a
 * pair's number (0-5) to run it alone in its JVM, so that the JIT's profiles of the shared
 * Caffeine code hold only the two caches of that pair, as in a JMH fork, or {@code all} to run
 * every pair (what leaving it out does) with a max size after it. The max size is
 * {@value MemoryCacheBenchmark#MAX_SIZE} by default (the 1024 keys fill a tenth of it, and
 * Caffeine records no reads until a cache is half full); 1024 fills the caches.
 */
public final class MemoryPairedCheck {
  private static final int KEYS = MemoryCacheBenchmark.KEYS;
  private static final int MASK = KEYS - 1;

  private final String[] keys = new String[KEYS];
  private final String[] values = new String[KEYS];
  private final Cache<String> counted;
  private final Cache<String> uncounted;
  private final com.github.benmanes.caffeine.cache.Cache<String, String> bounded;
  private final com.github.benmanes.caffeine.cache.Cache<String, String> boundedStats;

  private MemoryPairedCheck(int maxSize) {
    String url = "memory://?max-size=" + maxSize;
    counted = Cache.builder(String.class).backend(url).serializer("noop://").build();
    uncounted = Cache.builder(String.class).backend(url).serializer("noop://")
        .recordStats(false).build();
    bounded = RawCaffeine.bounded(maxSize);
    boundedStats = RawCaffeine.boundedWithStats(maxSize);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + i;
      values[i] = "value-" + i;
      counted.set(keys[i], values[i]);
      uncounted.set(keys[i], values[i]);
      bounded.put(keys[i], values[i]);
      boundedStats.put(keys[i], values[i]);
    }
  }

  /** One side of a pair: runs {@code hits} hits and returns how many found no value (0). */
  private interface Side {
    int run(MemoryPairedCheck check, int hits);
  }

  private static final String[] NAMES = {
      "get (stats on) vs bounded getIfPresent",
      "get (stats off) vs bounded getIfPresent",
      "getOrDefault (stats off) vs bounded getIfPresent",
      "get (stats on) vs bounded+recordStats getIfPresent",
      "get(key, loader) (stats on) vs bounded get(key, fn)",
      "get(key, loader) (stats off) vs bounded get(key, fn)",
  };
  private static final Side[][] PAIRS = {
      {MemoryPairedCheck::countedGet, MemoryPairedCheck::rawGet},
      {MemoryPairedCheck::uncountedGet, MemoryPairedCheck::rawGet},
      {MemoryPairedCheck::uncountedGetOrDefault, MemoryPairedCheck::rawGet},
      {MemoryPairedCheck::countedGet, MemoryPairedCheck::rawStatsGet},
      {MemoryPairedCheck::countedLoaderGet, MemoryPairedCheck::rawLoaderGet},
      {MemoryPairedCheck::uncountedLoaderGet, MemoryPairedCheck::rawLoaderGet},
  };

  /** Runs the rounds and prints the medians. */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int hits = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Side[][] pairs = PAIRS;
    String[] names = NAMES;
    if (args.length > 2 && !args[2].equals("all")) {
      int only = Integer.parseInt(args[2]);
      pairs = new Side[][] {PAIRS[only]};
      names = new String[] {NAMES[only]};
    }
    int maxSize = args.length > 3 ? Integer.parseInt(args[3]) : MemoryCacheBenchmark.MAX_SIZE;
    MemoryPairedCheck check = new MemoryPairedCheck(maxSize);
    int misses = 0;
    for (int warm = 0; warm < 20; warm++) { // compile every loop before measuring
      for (Side[] pair : pairs) {
        misses += pair[0].run(check, hits) + pair[1].run(check, hits);
      }
    }
    double[][] cachetteNs = new double[pairs.length][rounds];
    double[][] rawNs = new double[pairs.length][rounds];
    double[][] ratios = new double[pairs.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int p = 0; p < pairs.length; p++) {
        boolean cachetteFirst = (r & 1) == 0;
        long t0 = System.nanoTime();
        misses += pairs[p][cachetteFirst ? 0 : 1].run(check, hits);
        long t1 = System.nanoTime();
        misses += pairs[p][cachetteFirst ? 1 : 0].run(check, hits);
        long t2 = System.nanoTime();
        double c = (double) (cachetteFirst ? t1 - t0 : t2 - t1) / hits;
        double w = (double) (cachetteFirst ? t2 - t1 : t1 - t0) / hits;
        cachetteNs[p][r] = c;
        rawNs[p][r] = w;
        ratios[p][r] = w / c; // throughput ratio: Cachette's ops/s over raw's
      }
    }
    if (misses != 0) {
      throw new IllegalStateException(misses + " lookups missed: every key must hit");
    }
    System.out.printf("%d rounds of %d hits per side, one thread%n", rounds, hits);
    System.out.printf("%-52s %12s %12s %8s %15s%n", "pair", "Cachette ns", "raw ns", "ratio",
        "ratio p25-p75");
    for (int p = 0; p < pairs.length; p++) {
      double[] sorted = ratios[p].clone();
      Arrays.sort(sorted);
      System.out.printf("%-52s %12.2f %12.2f %8.2f %7.2f-%-7.2f%n", names[p],
          median(cachetteNs[p]), median(rawNs[p]), median(ratios[p]),
          sorted[sorted.length / 4], sorted[sorted.length * 3 / 4]);
    }
    check.counted.close();
    check.uncounted.close();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static int countedGet(MemoryPairedCheck c, int hits) {
    int missed = 0;
    for (int i = 0; i < hits; i++) {
      Optional<String> value = c.counted.get(c.keys[i & MASK]);
      if (value.isEmpty()) {
        missed++;
      }
    }
    return missed;
  }

  private static int uncountedGet(MemoryPairedCheck c, int hits) {
    int missed = 0;
    for (int i = 0; i < hits; i++) {
      Optional<String> value = c.uncounted.get(c.keys[i & MASK]);
      if (value.isEmpty()) {
        missed++;
      }
    }
    return missed;
  }

  private static int uncountedGetOrDefault(MemoryPairedCheck c, int hits) {
    int missed = 0;
    for (int i = 0; i < hits; i++) {
      if (c.uncounted.getOrDefault(c.keys[i & MASK], null) == null) {
        missed++;
      }
    }
    return missed;
  }

  private static int countedLoaderGet(MemoryPairedCheck c, int hits) {
    int missed = 0;
    for (int i = 0; i < hits; i++) {
      int k = i & MASK;
      if (c.counted.get(c.keys[k], key -> c.values[k]) == null) {
        missed++;
      }
    }
    return missed;
  }

  private static int uncountedLoaderGet(MemoryPairedCheck c, int hits) {
    int missed = 0;
    for (int i = 0; i < hits; i++) {
      int k = i & MASK;
      if (c.uncounted.get(c.keys[k], key -> c.values[k]) == null) {
        missed++;
      }
    }
    return missed;
  }

  private static int rawGet(MemoryPairedCheck c, int hits) {
    int missed = 0;
    for (int i = 0; i < hits; i++) {
      if (c.bounded.getIfPresent(c.keys[i & MASK]) == null) {
        missed++;
      }
    }
    return missed;
  }

  private static int rawStatsGet(MemoryPairedCheck c, int hits) {
    int missed = 0;
    for (int i = 0; i < hits; i++) {
      if (c.boundedStats.getIfPresent(c.keys[i & MASK]) == null) {
        missed++;
      }
    }
    return missed;
  }

  private static int rawLoaderGet(MemoryPairedCheck c, int hits) {
    int missed = 0;
    for (int i = 0; i < hits; i++) {
      int k = i & MASK;
      if (c.bounded.get(c.keys[k], key -> c.values[k]) == null) {
        missed++;
      }
    }
    return missed;
  }
}
