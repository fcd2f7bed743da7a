package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fixed request headers, each written {@code "Name: value"}. On the interface they apply to every
 * method; on a method, to that method, after the interface's. {@link Header} parameters add to
 * them. A malformed line fails {@link ApiClient#create} naming the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Headers {
  /** The header lines, such as {@code "Accept: application/json"}. */
  String[] value();
}
