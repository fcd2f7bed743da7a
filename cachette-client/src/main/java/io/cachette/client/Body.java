package io.cachette.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends this parameter as the request body: a {@code String} as UTF-8 text
 * ({@code text/plain; charset=UTF-8}), a {@code byte[]} as it is
 * ({@code application/octet-stream}), anything else as JSON written by the client's
 * {@code ObjectMapper} ({@code application/json}), unless a header sets the content type. A null
 * body fails the call with {@link IllegalArgumentException}. At most one per method, never on
 * {@link GET} or {@link HEAD}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Body {
}
