package io.cachette.spring;

import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Ttls;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;

/**
 * A Cachette {@link Backend} over a Spring {@link Cache}; see {@link SpringBackends} for what it
 * can and cannot do. Thread-safe.
 */
final class SpringCacheBackend implements Backend {
  /** How often setIfAbsent tries to replace an expired entry conditionally before evicting it. */
  private static final int CONDITIONAL_TRIES = 3;

  private final Cache target;
  private final Clock clock;
  /** The adapted cache's own map when it exposes one, for listing and conditional removal. */
  private final @Nullable ConcurrentMap<Object, Object> nativeMap;
  /** Keys written through this adapter, when the adapted cache cannot list its keys. */
  private final @Nullable Set<String> written;
  private final AsyncBackend async;
  private final String description;
  private volatile boolean closed;

  SpringCacheBackend(Cache target, Clock clock, @Nullable Executor executor) {
    this.target = target;
    this.clock = clock;
    this.nativeMap = nativeMap(target.getNativeCache());
    this.written = nativeMap == null ? ConcurrentHashMap.newKeySet() : null;
    this.async = executor == null ? AsyncBackend.inline(this)
        : AsyncBackend.onExecutor(this, executor);
    this.description = "spring-cache:" + target.getName() + " ("
        + target.getClass().getSimpleName() + ")";
  }

  @SuppressWarnings("unchecked")
  private static @Nullable ConcurrentMap<Object, Object> nativeMap(Object nativeCache) {
    if (nativeCache instanceof ConcurrentMap<?, ?> map) {
      return (ConcurrentMap<Object, Object>) map;
    }
    if (nativeCache instanceof com.github.benmanes.caffeine.cache.Cache<?, ?> caffeine) {
      return (ConcurrentMap<Object, Object>) caffeine.asMap();
    }
    return null;
  }

  /** Whether the adapted cache lists its own keys (else only keys written here are known). */
  boolean listsItsKeys() {
    return nativeMap != null;
  }

  private long now() {
    return clock.millis();
  }

  private SpringEntry entry(Object value, @Nullable Duration ttl) {
    byte[] bytes = BackendArguments.bytes("", value, Long.MAX_VALUE, description);
    long expires = ttl == null ? SpringEntry.NEVER : Ttls.expiresAtMillis(now(), ttl);
    return new SpringEntry(bytes, expires);
  }

  /** The live entry of a key, or null. */
  private @Nullable SpringEntry live(String key) {
    Cache.ValueWrapper found = target.get(key);
    if (found == null) {
      return null;
    }
    return found.get() instanceof SpringEntry e && e.liveAt(now()) ? e : null;
  }

  @Override
  public @Nullable Object get(String key) {
    checked(key);
    SpringEntry e = live(key);
    return e == null ? null : e.value();
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    BackendArguments.keys(keys);
    checkOpen();
    Map<String, Object> found = new LinkedHashMap<>(keys.size() * 2);
    for (String key : keys) {
      SpringEntry e = live(key);
      if (e != null) {
        found.put(key, e.value());
      }
    }
    return found;
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    checked(key);
    Ttls.check(ttl);
    put(key, entry(value, ttl));
  }

  private void put(String key, SpringEntry entry) {
    if (written != null) {
      written.add(key);
    }
    target.put(key, entry);
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    checked(key);
    Ttls.check(ttl);
    SpringEntry fresh = entry(value, ttl);
    if (written != null) {
      written.add(key);
    }
    for (int attempt = 0; ; attempt++) {
      Cache.ValueWrapper existing = target.putIfAbsent(key, fresh);
      if (existing == null) {
        return true;
      }
      Object old = existing.get();
      if (old instanceof SpringEntry e && e.liveAt(now())) {
        return false;
      }
      // An expired (or foreign) entry is in the way. Remove exactly that one where the adapted
      // cache's map allows it; otherwise evict whatever is there (not atomic: see SpringBackends).
      ConcurrentMap<Object, Object> map = nativeMap;
      if (map != null && attempt < CONDITIONAL_TRIES) {
        if (old != null) {
          map.remove(key, old);
        }
      } else if (attempt <= CONDITIONAL_TRIES) {
        target.evict(key);
      } else {
        return false;
      }
    }
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    BackendArguments.entries(entries);
    Ttls.check(ttl);
    checkOpen();
    Map<String, SpringEntry> prepared = new LinkedHashMap<>(entries.size() * 2);
    entries.forEach((key, value) -> prepared.put(key, entry(value, ttl)));
    prepared.forEach(this::put);
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    checked(key);
    Ttls.check(ttl);
    SpringEntry e = live(key);
    if (e == null) {
      return false;
    }
    long expires = ttl == null ? SpringEntry.NEVER : Ttls.expiresAtMillis(now(), ttl);
    target.put(key, new SpringEntry(e.value(), expires));
    return true;
  }

  @Override
  public boolean delete(String key) {
    checked(key);
    boolean existed = live(key) != null;
    target.evict(key);
    if (written != null) {
      written.remove(key);
    }
    return existed;
  }

  @Override
  public boolean exists(String key) {
    checked(key);
    return live(key) != null;
  }

  @Override
  public long clear(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    long removed = 0;
    for (String key : keysWith(prefix)) {
      target.evict(key);
      if (written != null) {
        written.remove(key);
      }
      removed++;
    }
    return removed;
  }

  @Override
  public Stream<KeyInfo> scan(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    return keysWith(prefix).stream().map(key -> {
      SpringEntry e = live(key);
      if (e == null) {
        return null;
      }
      Duration left = e.expiresAtMillis() == SpringEntry.NEVER ? null
          : Duration.ofMillis(e.expiresAtMillis() - now());
      return new KeyInfo(key, left);
    }).filter(Objects::nonNull);
  }

  /** A snapshot of the known string keys that start with the prefix. */
  private List<String> keysWith(String prefix) {
    Set<?> keys = nativeMap != null ? nativeMap.keySet() : Objects.requireNonNull(written);
    List<String> matching = new ArrayList<>();
    for (Object key : keys) {
      if (key instanceof String s && s.startsWith(prefix)) {
        matching.add(s);
      }
    }
    return matching;
  }

  @Override
  public AsyncBackend async() {
    return async;
  }

  @Override
  public String describe() {
    return description;
  }

  /** Stops this adapter; the adapted Spring cache is not the adapter's and is left as it is. */
  @Override
  public void close() {
    closed = true;
  }

  private void checked(String key) {
    BackendArguments.key(key);
    checkOpen();
  }

  private void checkOpen() {
    if (closed) {
      throw new BackendClosedException(description);
    }
  }
}
