package io.cachette.benchmarks;

/**
 * {@link JCacheBenchmark}'s and {@link SpringCacheBenchmark}'s comparisons for busy machines, run
 * with {@link Paired} on the benchmarks' own setup: a JCache {@code get} hit through Cachette's
 * provider next to Caffeine's (0: store-by-reference, 1: store-by-value), and a Spring
 * {@code @Cacheable} hit on {@code CachetteCacheManager} next to {@code CaffeineCacheManager}
 * (2: plain, 3: {@code sync = true}). One comparison per JVM.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.IntegrationPairedCheck <comparison 0-3> [rounds] [calls per slice]}.
 */
public final class IntegrationPairedCheck {
  private static final int KEYS = 1024;

  private IntegrationPairedCheck() {}

  /** Runs one comparison and prints its medians. */
  public static void main(String[] args) {
    int which = Integer.parseInt(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 50 * KEYS;
    Paired.Result result;
    if (which <= 1) {
      JCacheBenchmark bench = new JCacheBenchmark();
      bench.setUp();
      try {
        long expected = checksum(calls, "value-");
        JCacheBenchmark.Cursor c1 = new JCacheBenchmark.Cursor();
        JCacheBenchmark.Cursor c2 = new JCacheBenchmark.Cursor();
        result = which == 0
            ? Paired.compare("JCache get hit, store-by-reference: Cachette vs Caffeine",
                n -> sum(n, () -> bench.cachetteByReferenceGetHit(c1)),
                n -> sum(n, () -> bench.caffeineByReferenceGetHit(c2)), rounds, calls, expected)
            : Paired.compare("JCache get hit, store-by-value: Cachette vs Caffeine",
                n -> sum(n, () -> bench.cachetteByValueGetHit(c1)),
                n -> sum(n, () -> bench.caffeineByValueGetHit(c2)), rounds, calls, expected);
      } finally {
        bench.tearDown();
      }
    } else {
      SpringCacheBenchmark bench = new SpringCacheBenchmark();
      bench.setUp();
      try {
        long expected = checksum(calls, "item-");
        SpringCacheBenchmark.Cursor c1 = new SpringCacheBenchmark.Cursor();
        SpringCacheBenchmark.Cursor c2 = new SpringCacheBenchmark.Cursor();
        result = which == 2
            ? Paired.compare("@Cacheable hit: CachetteCacheManager vs CaffeineCacheManager",
                n -> sum(n, () -> bench.cachetteCacheableHit(c1)),
                n -> sum(n, () -> bench.caffeineCacheableHit(c2)), rounds, calls, expected)
            : Paired.compare("@Cacheable(sync) hit: Cachette vs CaffeineCacheManager",
                n -> sum(n, () -> bench.cachetteCacheableSyncHit(c1)),
                n -> sum(n, () -> bench.caffeineCacheableSyncHit(c2)), rounds, calls, expected);
      } finally {
        bench.tearDown();
      }
    }
    System.out.println(Paired.Result.header());
    System.out.println(result);
  }

  /** What {@code calls} hits return, summed as {@link #sum} sums them. */
  private static long checksum(int calls, String valuePrefix) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += (valuePrefix + (i & (KEYS - 1))).length();
    }
    return sum;
  }

  private static long sum(int calls, java.util.function.Supplier<Object> hit) {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += ((String) hit.get()).length();
    }
    return sum;
  }
}
