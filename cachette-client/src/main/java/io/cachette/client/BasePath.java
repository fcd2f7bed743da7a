package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A path prefix for every method of the interface, between the client's base URL and each
 * method's path template: {@code @BasePath("/v2")} with {@code @GET("/pokemon/{id}")} requests
 * {@code <base URL>/v2/pokemon/{id}}, and memoized calls are keyed {@code GET:/v2/pokemon/{id}...}.
 * Not applied to {@link Url} parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BasePath {
  /** The prefix, starting with {@code '/'}, such as {@code "/v2"}. */
  String value();
}
