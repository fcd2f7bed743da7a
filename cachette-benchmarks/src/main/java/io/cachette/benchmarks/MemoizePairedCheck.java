package io.cachette.benchmarks;

import io.cachette.memo.MemoizedFunction;
import io.cachette.memo.Memoizer;
import io.cachette.memo.MemoizerBuilder;

/**
 * {@link MemoizeBenchmark}'s comparison for busy machines, run with {@link Paired}: a memoized hit
 * (one {@code int} argument, {@code memory://?max-size=10000}, {@code noop}) through a
 * {@code @Cached} proxy and through a function wrapper, next to hand-written memoization: a
 * bounded Caffeine ({@code maximumSize(10000)}) and {@code get(key, fn)} with the key built per
 * call. The memoizer is built as a user builds it (statistics on), and once more with
 * {@code recordStats(false)}.
 *
 * <p>Run: {@code java -cp cachette-benchmarks/target/benchmarks.jar
 * io.cachette.benchmarks.MemoizePairedCheck <comparison 0-3> [rounds] [calls per slice]
 * [max size]}; a max size of 1024 fills the caches (the default, 10000, fills a tenth).
 */
public final class MemoizePairedCheck {
  private static final int KEYS = 1024;
  private static final String KEY_PREFIX = "default:" + MemoizeBenchmark.Lookup.class.getName()
      + ".find(";

  private MemoizePairedCheck() {}

  /** Runs one comparison and prints its medians. */
  public static void main(String[] args) {
    if (args.length == 0 || !args[0].matches("[0-3]")) {
      System.err.println("usage: MemoizePairedCheck <comparison: 0 proxy, 1 wrapper, 2 proxy with"
          + " recordStats(false), 3 wrapper with recordStats(false)> [rounds] [calls per slice]"
          + " [max size, 10000 by default; 1024 fills the caches]");
      System.exit(2);
    }
    int which = Integer.parseInt(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 50 * KEYS;
    int maxSize = args.length > 3 ? Integer.parseInt(args[3]) : MemoryCacheBenchmark.MAX_SIZE;
    String[] values = new String[KEYS];
    long expected = 0;
    for (int i = 0; i < KEYS; i++) {
      values[i] = "value-" + i;
    }
    for (int i = 0; i < calls; i++) {
      expected += values[i & (KEYS - 1)].length();
    }
    boolean stats = which != 2 && which != 3;
    MemoizerBuilder builder = Memoizer.builder()
        .backend("memory://?max-size=" + maxSize).serializer("noop://");
    Memoizer memo = (stats ? builder : builder.recordStats(false)).build();
    MemoizeBenchmark.Lookup proxy = memo.proxy(MemoizeBenchmark.Lookup.class, id -> values[id]);
    MemoizedFunction<Integer, String> wrapper =
        memo.wrap(MemoizeBenchmark.Lookup.class.getName() + ".find", String.class)
            .function(id -> values[id]);
    com.github.benmanes.caffeine.cache.Cache<String, String> raw =
        RawCaffeine.bounded(maxSize);
    for (int i = 0; i < KEYS; i++) {
      if (!proxy.find(i).equals(wrapper.apply(i))) {
        throw new IllegalStateException("the proxy and the wrapper must return the same values");
      }
      raw.put(KEY_PREFIX + i + ")", values[i]);
    }
    Paired.Slice rawSide = n -> {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        int id = i & (KEYS - 1);
        sum += raw.get(KEY_PREFIX + id + ")", key -> values[id]).length();
      }
      return sum;
    };
    Paired.Slice proxySide = n -> {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += proxy.find(i & (KEYS - 1)).length();
      }
      return sum;
    };
    Paired.Slice wrapperSide = n -> {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += wrapper.apply(i & (KEYS - 1)).length();
      }
      return sum;
    };
    String memoizer = stats ? "" : " (recordStats(false))";
    Paired.Result result = switch (which) {
      case 0, 2 -> Paired.compare("@Cached proxy hit" + memoizer
          + " vs bounded Caffeine get(built key, fn)", proxySide, rawSide, rounds, calls, expected);
      case 1, 3 -> Paired.compare("wrapper hit" + memoizer
          + " vs bounded Caffeine get(built key, fn)", wrapperSide, rawSide, rounds, calls,
          expected);
      default -> throw new IllegalArgumentException("comparison 0-3, was " + which);
    };
    System.out.println(Paired.Result.header());
    System.out.println(result);
    memo.close();
  }
}
