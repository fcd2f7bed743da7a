package io.cachette.memo;

import java.util.function.BiFunction;

/**
 * A memoized {@link BiFunction}, made by {@link WrapperBuilder#biFunction} or
 * {@link WrapperBuilder#asyncBiFunction}. Thread-safe.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <R> the result type (a {@code CompletableFuture} for an async function)
 */
public interface MemoizedBiFunction<A, B, R> extends BiFunction<A, B, R> {

  /** Removes the cached result for these arguments; true if there was one. */
  boolean purge(A first, B second);
}
