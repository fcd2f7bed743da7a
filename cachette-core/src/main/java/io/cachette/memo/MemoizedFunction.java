package io.cachette.memo;

import java.util.function.Function;

/**
 * A memoized {@link Function}, made by {@link WrapperBuilder#function},
 * {@link WrapperBuilder#asyncFunction} or {@link Memoizer#function}. Thread-safe.
 *
 * @param <A> the argument type
 * @param <R> the result type (a {@code CompletableFuture} for an async function)
 */
public interface MemoizedFunction<A, R> extends Function<A, R> {

  /** Removes the cached result for this argument; true if there was one. */
  boolean purge(A argument);
}
