package io.cachette.memo;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Makes the cache key of one call, replacing the memoizer's {@link KeyStyle}. The key is used as it
 * is inside the namespace (the stored key is {@code <namespace>:<key>}); it must be non-empty and
 * should be deterministic across JVMs. Name one in {@link Cached#key()} (it then needs a
 * no-argument constructor) or pass one to {@link WrapperBuilder#keyGenerator}.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface KeyGenerator {

  /**
   * The key of a call.
   *
   * @param method {@code <declaring class>.<method name>} for a proxied method, where the
   *     class is its binary name and an overloaded method is followed by its parameter types in
   *     brackets ({@code com.example.Users.find[long]}); the wrapper's name for a function wrapper
   * @param arguments the call's arguments, in order (unmodifiable; may contain nulls)
   */
  String key(String method, List<@Nullable Object> arguments);
}
