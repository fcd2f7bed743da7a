package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds one query parameter per entry of a {@code Map<String, ?>}; values follow the rules of
 * {@link Query}, and entries with null values are left out. A null map adds nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface QueryMap {
  /** Whether the names and values are already URL-encoded: sent as they are. */
  boolean encoded() default false;
}
