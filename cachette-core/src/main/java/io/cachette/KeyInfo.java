package io.cachette;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A live key found by a scan ({@link Cache#keys()}, {@link io.cachette.backend.Backend#scan}), with
 * the time it has left to live.
 *
 * @param key the key: the caller's key for {@link Cache#keys()}, the stored key (namespace prefix
 *     included) for {@link io.cachette.backend.Backend#scan}
 * @param ttl the time left before the entry expires, as the store reported it when it listed the
 *     key; {@code null} when the entry never expires
 */
public record KeyInfo(String key, @Nullable Duration ttl) {
  /**
   * Checks the parts.
   *
   * @throws NullPointerException when the key is null
   */
  public KeyInfo {
    Objects.requireNonNull(key, "key");
  }

  /** This key with the first {@code length} characters cut off (a namespace prefix). */
  public KeyInfo withoutPrefix(int length) {
    return new KeyInfo(key.substring(length), ttl);
  }
}
