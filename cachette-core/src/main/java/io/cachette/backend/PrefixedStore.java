package io.cachette.backend;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
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
   * {@link #preferPrefix(String)}, and keep each key of that prefix that {@code form} turns into
   * an object under that object: a holder of the {@linkplain View#entries() view's map} then finds
   * such a key's entry by the object itself (an {@code Integer} id, say), with no string built. The
   * keys {@code form} leaves alone are kept as {@code preferPrefix(prefix)} keeps them. Both routes
   * keep seeing the same entries under the same string keys whatever the store does.
   *
   * @param prefix a namespace prefix ending with its only {@code ':'}
   * @param form the object forms of some keys; kept by the store for its life when taken
   * @return whether the store took both the prefix and the form (then, for every key {@code k} of
   *     the prefix with {@code form.objectOf(k) != null}, the view's map holds {@code k}'s entry
   *     under that object and never under {@code k}); false when it did neither or only the
   *     prefix. The default calls {@link #preferPrefix(String)} and returns false.
   */
  default boolean preferPrefix(String prefix, KeyForm form) {
    preferPrefix(prefix);
    return false;
  }

  /**
   * Object forms for some string keys, as {@link #preferPrefix(String, KeyForm)} takes them: a
   * one-to-one map between those keys and objects that are not strings. Thread-safe and free of
   * side effects; both methods are called on every operation on such keys.
   */
  interface KeyForm {
    /**
     * The object {@code key} is kept under, or null to keep it as a string. Never a
     * {@code String}; equal objects for equal keys only, and {@code keyOf(objectOf(k))} is
     * {@code k}.
     */
    @Nullable Object objectOf(String key);

    /** The key whose {@link #objectOf} is {@code object}. */
    String keyOf(Object object);
  }

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
   * The class of the entries in a {@linkplain View#entries() view's map} that are not the stored
   * value itself (a value kept with its expiry time, for example). A holder of the map returns any
   * other non-null entry as it found it, with one type test and no call into the view, and hands
   * these, and misses, to {@link View#resolve}. A store subclasses it for the entries it wraps;
   * classes of stored values never extend it.
   */
  abstract class Wrapped {
    /** For a store's own entry classes. */
    protected Wrapped() {}
  }

  /**
   * {@link PrefixedStore}'s operations with the prefix bound, as {@link #view(String)} returns
   * them. Same arguments, exceptions and thread safety as {@link Backend#get} and
   * {@link Backend#set}.
   */
  interface View {
    /** {@link Backend#get(String)} of the bound prefix + {@code key}. */
    @Nullable Object get(String key);

    /**
     * The map this view keeps its entries in, keyed by the caller's key, for a cache that reads a
     * hit without the extra reference a call into the view follows: for every key {@code k} of
     * this view, {@code get(k)} is {@code resolve(k, entries().get(k))}. The map's {@code get} of
     * a non-null key does not throw (a holder may call it outside its failure handling: failures
     * belong in {@code resolve}). Null (the default) when the view has no such map; a view
     * returns the same map, or null, every time.
     */
    default @Nullable ConcurrentMap<Object, Object> entries() {
      return null;
    }

    /**
     * What {@link #get} returns for {@code key} when {@code entries().get(key)} returned
     * {@code entry} (null, or a {@link Wrapped}): the value of a live entry, or null after
     * checking {@code key} and the open state as {@code get} checks them (so a null entry of a
     * closed store throws as {@code get} does). Called only on a view whose {@link #entries()} is
     * not null; the default throws {@link UnsupportedOperationException}.
     *
     * @param key the caller's key, as given to {@code entries().get}
     * @param entry what the map returned, or null
     */
    default @Nullable Object resolve(String key, @Nullable Object entry) {
      throw new UnsupportedOperationException(
          "resolve is defined only on a view whose entries() is not null");
    }

    /**
     * {@code view.get(key)}, read as a holder of the view's map does it: from {@code entries}
     * when it is the view's {@link #entries()}, returning an entry that is not a {@link Wrapped}
     * without a call into the view; through {@code view.get} when {@code entries} is null. Same
     * result and exceptions as {@code view.get(key)}.
     *
     * @param entries {@code view.entries()}, read once and kept by the caller
     * @param key the caller's key (typed {@code String} down to the lookup: compiled with an
     *     {@code Object} key, the map lookup calls {@code hashCode} and {@code equals} virtually
     *     once the JVM has seen more than two key types in {@code ConcurrentHashMap.get})
     */
    static @Nullable Object read(View view, @Nullable ConcurrentMap<Object, Object> entries,
        String key) {
      if (entries == null) {
        return view.get(key);
      }
      Object entry = entries.get(key);
      return isValue(entry) ? entry : view.resolve(key, entry);
    }

    /**
     * Whether {@code entry}, as a {@linkplain #entries() view's map} returned it, is the stored
     * value itself (not null, not a {@link Wrapped}), which a holder of the map returns without
     * {@link #resolve}.
     */
    static boolean isValue(@Nullable Object entry) {
      return entry != null && !(entry instanceof Wrapped);
    }

    /** {@link Backend#set(String, Object, Duration)} of the bound prefix + {@code key}. */
    void set(String key, Object value, @Nullable Duration ttl);
  }
}
