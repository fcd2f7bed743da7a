package io.cachette.backend;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An optional capability of in-process backends: the two operations of a cache's hot path with the
 * namespace prefix and the key given apart, so that a hit builds no {@code prefix + key} string and
 * hashes no characters of it. A cache uses it, instead of {@link Backend#get} and
 * {@link Backend#set}, when its backend implements this interface and stores objects.
 *
 * <p>Both routes see the same entries: {@code get(prefix, key)} returns what {@code get(prefix +
 * key)} returns, and {@code set(prefix, key, ...)} is {@code set(prefix + key, ...)}, for every
 * prefix ending with its only {@code ':'} (a namespace prefix, as caches build them). Arguments are
 * checked as {@link Backend} checks them; thread-safe.
 */
public interface PrefixedStore {

  /** {@link Backend#get(String)} of {@code prefix + key}. */
  @Nullable Object get(String prefix, String key);

  /** {@link Backend#set(String, Object, Duration)} of {@code prefix + key}. */
  void set(String prefix, String key, Object value, @Nullable Duration ttl);

  /**
   * Declares the prefix a cache that owns this store will use for all its keys, before its first
   * operation, so that the store may keep the keys of that prefix in a cheaper form. Both routes
   * keep seeing the same entries whatever the store does with it. The default does nothing.
   *
   * @param prefix a namespace prefix ending with its only {@code ':'}
   */
  default void preferPrefix(String prefix) {}

  /**
   * The two operations bound to one prefix, for a cache whose keys all have it: {@code
   * view(prefix).get(key)} is {@code get(prefix, key)} and {@code view(prefix).set(key, ...)} is
   * {@code set(prefix, key, ...)}. A store may return a cheaper view for its preferred prefix; the
   * default delegates to the two methods above. Call it after {@link #preferPrefix}.
   *
   * @param prefix a namespace prefix ending with its only {@code ':'}
   */
  default View view(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return new View() {
      @Override
      public @Nullable Object get(String key) {
        return PrefixedStore.this.get(prefix, key);
      }

      @Override
      public void set(String key, Object value, @Nullable Duration ttl) {
        PrefixedStore.this.set(prefix, key, value, ttl);
      }
    };
  }

  /**
   * {@link PrefixedStore}'s operations with the prefix bound, as {@link #view(String)} returns
   * them. Same arguments, exceptions and thread safety as {@link Backend#get} and
   * {@link Backend#set}.
   */
  interface View {
    /** {@link Backend#get(String)} of the bound prefix + {@code key}. */
    @Nullable Object get(String key);

    /** {@link Backend#set(String, Object, Duration)} of the bound prefix + {@code key}. */
    void set(String key, Object value, @Nullable Duration ttl);
  }
}
