package io.cachette.client;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A custom key function for {@link Memoize#key()}: makes the key of one call from its parameters
 * by name (clientele's {@code key=} function). The key is used as it is inside the client's
 * namespace (so two clients of different base URLs still never share entries). It must be
 * non-empty and deterministic across JVMs; it should hold no secret.
 *
 * <p>Implementations have a public no-argument constructor (one instance is made per method when
 * {@link ApiClient#create} runs) and are thread-safe.
 */
@FunctionalInterface
public interface MemoKey {

  /**
   * The key of a call.
   *
   * @param parameters the call's {@link Path}, {@link Query} and {@link Url} parameters by name
   *     (the {@code @Url} one as {@code "url"}), and the entries of its {@link QueryMap}s, sorted
   *     by name; values are the call's arguments as they are (unmodifiable; may contain nulls)
   */
  String key(Map<String, @Nullable Object> parameters);
}
