package io.cachette.jcache;

import java.util.Objects;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} works on. It records what the
 * processor did (read, load, set, remove) and the cache applies the net result once the processor
 * returns, so a processor that throws changes nothing. Used by one thread, under the key's lock.
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
  /** The net change a processor made. */
  enum Outcome { NONE, LOADED, CREATED, UPDATED, REMOVED }

  private final K key;
  private final @Nullable V original;
  private final @Nullable CacheLoader<K, V> loader;
  private @Nullable V value;
  private boolean loaded;
  private boolean set;
  private boolean removed;
  private boolean read;
  private boolean createdThenRemoved;

  ProcessorEntry(K key, @Nullable V original, @Nullable CacheLoader<K, V> loader) {
    this.key = key;
    this.original = original;
    this.loader = loader;
    this.value = original;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  @SuppressWarnings("NullAway") // JSR-107's Entry.getValue is unannotated: null means absent
  public V getValue() {
    if (!set && !removed && !read) {
      read = true;
      if (original == null && loader != null) {
        V fromLoader;
        try {
          fromLoader = loader.load(key);
        } catch (CacheLoaderException e) {
          throw e;
        } catch (Exception e) {
          throw new CacheLoaderException(e);
        }
        if (fromLoader != null) {
          value = fromLoader;
          loaded = true;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    createdThenRemoved = set && original == null && !loaded;
    value = null;
    set = false;
    removed = true;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "value");
    value = newValue;
    set = true;
  }

  /** Whether the processor read the value the entry had (a hit or a miss). */
  boolean wasRead() {
    return read;
  }

  Outcome outcome() {
    boolean existed = original != null;
    if (set) {
      return existed ? Outcome.UPDATED : Outcome.CREATED;
    }
    if (removed) {
      // Removing what this processor created is no change; any other remove reaches the writer.
      return createdThenRemoved ? Outcome.NONE : Outcome.REMOVED;
    }
    return loaded ? Outcome.LOADED : Outcome.NONE;
  }

  /** The value after the processor ran; only for the outcomes that store one. */
  V currentValue() {
    return Objects.requireNonNull(value, "no value to store");
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("a mutable entry cannot be unwrapped to " + type.getName());
  }
}
