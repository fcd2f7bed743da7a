package io.cachette.memo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Clears namespaces when an interface method of a {@link Memoizer#proxy proxy} is called, such as
 * an update that makes cached reads stale. By default the namespaces are cleared after the method
 * returns normally (for a {@code CompletableFuture} or {@code CompletionStage}, after it completes
 * normally, and the returned future completes once they are cleared); a method that throws clears
 * nothing. Clearing errors are logged, never thrown.
 *
 * <pre>{@code
 * @CacheClear(namespaces = {"users", "teams"})
 * void update(User user);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheClear {

  /** The namespaces to clear; at least one, each non-empty and without {@code ':'}. */
  String[] namespaces();

  /** When to clear: {@link When#AFTER} a normal return (the default), or {@link When#BEFORE} the call. */
  When when() default When.AFTER;

  /** When {@link CacheClear} clears its namespaces. */
  enum When {
    /** Before the method runs, whatever it then does. */
    BEFORE,
    /** After the method returns (or its future completes) normally. */
    AFTER
  }
}
