package io.cachette.memo;

import java.util.function.Supplier;

/**
 * A memoized {@link Supplier}, made by {@link WrapperBuilder#supplier} or
 * {@link WrapperBuilder#asyncSupplier}. Thread-safe.
 *
 * @param <R> the result type (a {@code CompletableFuture} for an async supplier)
 */
public interface MemoizedSupplier<R> extends Supplier<R> {

  /** Removes the cached result; true if there was one. */
  boolean purge();
}
