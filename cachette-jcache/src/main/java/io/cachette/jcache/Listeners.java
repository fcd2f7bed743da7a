package io.cachette.jcache;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry listeners registered on one cache, and the dispatch of events to them.
 *
 * <p>Events are dispatched on the thread that made the change, while it holds the key's lock, so
 * every listener sees the changes of one key in the order they happened. A synchronous listener's
 * exception reaches the caller as {@link CacheEntryListenerException}; an asynchronous listener is
 * called the same way (JSR-107 allows it) but its exceptions are logged and never reach the caller.
 * Thread-safe.
 */
final class Listeners<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

  boolean isEmpty() {
    return registrations.isEmpty();
  }

  void register(CacheEntryListenerConfiguration<K, V> configuration) {
    registrations.add(new Registration<>(configuration));
  }

  /** Removes and closes the registration of a configuration; false when it was not registered. */
  boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration.equals(configuration)) {
        registrations.remove(registration);
        registration.close();
        return true;
      }
    }
    return false;
  }

  void closeAll() {
    for (Registration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
  }

  void created(Cache<K, V> source, K key, V value) {
    dispatch(source, EventType.CREATED, key, value, null);
  }

  void updated(Cache<K, V> source, K key, V value, V oldValue) {
    dispatch(source, EventType.UPDATED, key, value, oldValue);
  }

  void removed(Cache<K, V> source, K key, V oldValue) {
    dispatch(source, EventType.REMOVED, key, oldValue, oldValue);
  }

  void expired(Cache<K, V> source, K key, V oldValue) {
    dispatch(source, EventType.EXPIRED, key, oldValue, oldValue);
  }

  private void dispatch(Cache<K, V> source, EventType type, K key, @Nullable V value,
      @Nullable V oldValue) {
    for (Registration<K, V> registration : registrations) {
      if (!registration.listens(type)) {
        continue;
      }
      JCacheEntryEvent<K, V> event = new JCacheEntryEvent<>(source, type, key, value,
          registration.configuration.isOldValueRequired() || type == EventType.REMOVED
              || type == EventType.EXPIRED ? oldValue : null);
      try {
        registration.deliver(event);
      } catch (RuntimeException e) {
        if (registration.configuration.isSynchronous()) {
          throw e instanceof CacheEntryListenerException listenerException ? listenerException
              : new CacheEntryListenerException("a cache entry listener failed", e);
        }
        LOG.warn("an asynchronous cache entry listener of cache {} failed on a {} event",
            source.getName(), type, e);
      }
    }
  }

  /** One registered listener with its filter, made from the configuration's factories. */
  private static final class Registration<K, V> {
    final CacheEntryListenerConfiguration<K, V> configuration;
    final CacheEntryListener<? super K, ? super V> listener;
    final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;

    Registration(CacheEntryListenerConfiguration<K, V> configuration) {
      this.configuration = configuration;
      Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
          Objects.requireNonNull(configuration.getCacheEntryListenerFactory(),
              "the listener configuration has no listener factory");
      this.listener = Objects.requireNonNull(listenerFactory.create(),
          "the listener factory created null");
      Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
          configuration.getCacheEntryEventFilterFactory();
      this.filter = filterFactory == null ? null : filterFactory.create();
    }

    boolean listens(EventType type) {
      return switch (type) {
        case CREATED -> listener instanceof CacheEntryCreatedListener;
        case UPDATED -> listener instanceof CacheEntryUpdatedListener;
        case REMOVED -> listener instanceof CacheEntryRemovedListener;
        case EXPIRED -> listener instanceof CacheEntryExpiredListener;
      };
    }

    @SuppressWarnings("unchecked")
    void deliver(JCacheEntryEvent<K, V> event) {
      if (filter != null && !filter.evaluate(event)) {
        return;
      }
      List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
      switch (event.getEventType()) {
        case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
        case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
        case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
        case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
      }
    }

    void close() {
      closeQuietly(listener);
      closeQuietly(filter);
    }
  }

  static void closeQuietly(@Nullable Object resource) {
    if (resource instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("closing {} failed", resource.getClass().getName(), e);
      }
    }
  }
}
