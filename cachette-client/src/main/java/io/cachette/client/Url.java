package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends the request to this URL instead of the method's path template (which must then be empty):
 * an absolute {@code http} or {@code https} URL as it is, anything else relative to the client's
 * base URL. A {@code String} or {@code URI}; null fails the call with
 * {@link IllegalArgumentException}. In a memoized call's key it is the parameter {@code url}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Url {
}
