package io.cachette.jcache;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One change of one entry, as listeners see it. For {@code REMOVED} and {@code EXPIRED} events the
 * value is the value the entry had, as JSR-107 1.1 asks. Immutable.
 */
final class JCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final K key;
  private final @Nullable V value;
  private final @Nullable V oldValue;

  JCacheEntryEvent(Cache<K, V> source, EventType type, K key, @Nullable V value,
      @Nullable V oldValue) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  @SuppressWarnings("NullAway") // JSR-107's Entry.getValue is unannotated; events with no value return null
  public V getValue() {
    return value;
  }

  @Override
  public @Nullable V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValue != null;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry event cannot be unwrapped to " + clazz.getName());
  }
}
