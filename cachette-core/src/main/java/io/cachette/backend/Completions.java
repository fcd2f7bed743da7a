package io.cachette.backend;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the futures of {@link AsyncBackend} and the caches built on them. */
public final class Completions {
  private Completions() {}

  /**
   * The failure inside the wrappers that {@link java.util.concurrent.CompletableFuture} adds: strips
   * {@link CompletionException} and {@link ExecutionException} layers that have a cause.
   *
   * @param error a failure, not null
   * @return the first cause that is not such a wrapper (the argument itself when it is none)
   */
  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
