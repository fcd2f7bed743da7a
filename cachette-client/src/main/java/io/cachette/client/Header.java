package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds a request header with this parameter's text (rules of {@link Query}); a null value adds
 * nothing, an {@code Iterable} adds one header line per element.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Header {
  /** The header's name, such as {@code "Accept-Language"}. */
  String value();
}
