package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds a query parameter. A null value (or an empty {@code Optional}) is left out of the request;
 * an {@code Iterable} or array adds one parameter per non-null element. Other values are sent as
 * text: strings as they are, numbers and booleans by {@code String.valueOf}, enums by name, JDK
 * value types by their canonical text ({@code UUID}, {@code java.time} values, {@code URI}...),
 * and maps, records and beans as compact JSON with sorted keys. Names and values are URL-encoded.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Query {
  /** The parameter's name. */
  String value();

  /** Whether the name and values are already URL-encoded: sent as they are. */
  boolean encoded() default false;
}
