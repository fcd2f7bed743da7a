package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the method send a HEAD request: it returns {@code void}, {@code Void} or
 * {@code HttpResponse<Void>} (or a {@code CompletableFuture} of one), since a HEAD response has no
 * body.
 *
 * <p>The value is a path template relative to the client's base URL (and the interface's
 * {@link BasePath}), such as {@code "/pokemon/{id}"}: each {@code {name}} is filled from the
 * {@link Path @Path("name")} parameter, URL-encoded. Empty when the method takes a {@link Url}
 * parameter instead. A fixed query may follow the path ({@code "/items?sort=name"}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HEAD {
  /** The path template, such as {@code "/pokemon/{id}"}; empty with a {@link Url} parameter. */
  String value() default "";
}
