package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fills the {@code {name}} variable of the method's path template with this parameter, URL-encoded
 * (every character but the unreserved ones {@code A-Z a-z 0-9 - . _ ~} is percent-encoded, a
 * {@code '/'} included, and the segments {@code .} and {@code ..} are encoded whole, so a value can
 * never climb out of its place in the path). A null value fails the call with
 * {@link IllegalArgumentException}. Values render as described on {@link Query}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Path {
  /** The variable's name in the path template, without braces. */
  String value();

  /**
   * Whether the value is already URL-encoded: sent as it is (Retrofit's {@code encoded}). A value
   * of {@code "."} or {@code ".."} is still refused a place of its own in the path (encoded).
   */
  boolean encoded() default false;
}
