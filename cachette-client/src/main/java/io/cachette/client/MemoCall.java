package io.cachette.client;

import io.cachette.AsyncCache;
import io.cachette.Cache;
import io.cachette.memo.EnabledSwitch;
import io.cachette.memo.TtlText;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The memo of one {@link Memoize} method: makes each call's key (the format documented on
 * {@link Memoize}) and reads through the method's {@link Cache}, whose load guard makes concurrent
 * calls with one key send one request, and whose failure policy sends the request when the store
 * fails.
 */
final class MemoCall {
  private final ApiMethod method;
  final boolean enabled;
  private final Cache<Object> cache;
  private final AsyncCache<Object> async;
  private final Duration ttl;
  private final @Nullable MemoKey customKey;
  /** {@code METHOD:template}. */
  private final String prefix;
  /** The @Path, @Query and @Url parameters' indexes, sorted by name (stable). */
  private final int[] order;
  /** The rendered {@code :name=} of each sorted parameter, made once. */
  private final String[] labels;
  /** {@code METHOD:template:name=} when the method has exactly one keyed parameter, else null. */
  private final @Nullable String single;
  private final boolean[] secret;
  private final boolean hasQueryMaps;
  /** The varyOn header names, lower case, sorted. */
  private final String[] varyOn;
  private final int namespaceBytes;
  private final BiConsumer<String, Object> store;
  private final BiFunction<String, Object, CompletionStage<Boolean>> asyncStore;

  MemoCall(DefaultApiClient client, ApiMethod method, Memoize memoize) {
    this.method = method;
    String where = method.where;
    if (!method.verb.equals("GET")) {
      throw new IllegalArgumentException(where + " has @Memoize, which caches GET requests only; "
          + "remove it from this " + method.verb);
    }
    if (method.wrapper == ApiMethod.Wrapper.RESPONSE) {
      throw new IllegalArgumentException(where + " has @Memoize and returns HttpResponse, which is "
          + "not stored (it holds the exchange, not a value); return the body's type, such as "
          + "Pokemon or Optional<Pokemon>");
    }
    if (method.bodyKind == ApiMethod.BodyKind.VOID) {
      throw new IllegalArgumentException(where + " has @Memoize but returns nothing to store; "
          + "return the body's type, or remove @Memoize");
    }
    Duration parsed;
    try {
      parsed = TtlText.parse(memoize.ttl(), null);
      this.enabled = EnabledSwitch.isEnabled(memoize.enabled());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": @Memoize " + e.getMessage(), e);
    }
    this.ttl = parsed == null ? Cache.NEVER : parsed;
    this.customKey = memoize.key() == MemoKey.class ? null : newKey(memoize.key(), where);
    this.cache = client.cache(memoize.cache(), method.bodyType, where);
    this.async = cache.async();
    this.prefix = method.verb + ":" + method.template;

    List<Integer> keyed = new ArrayList<>();
    boolean maps = false;
    for (int i = 0; i < method.kinds.length; i++) {
      switch (method.kinds[i]) {
        case PATH, QUERY, URL -> keyed.add(i);
        case QUERY_MAP -> maps = true;
        default -> { }
      }
    }
    keyed.sort(Comparator.comparing(i -> method.names[i]));
    this.order = keyed.stream().mapToInt(Integer::intValue).toArray();
    this.labels = new String[order.length];
    this.secret = new boolean[method.kinds.length];
    for (int i = 0; i < order.length; i++) {
      labels[i] = label(method.names[order[i]]);
      secret[order[i]] = Secrets.isSecretName(method.names[order[i]]);
    }
    this.hasQueryMaps = maps;
    this.single = order.length == 1 && !maps && memoize.varyOn().length == 0 && !secret[order[0]]
        ? prefix + labels[0] : null;
    this.varyOn = Arrays.stream(memoize.varyOn())
        .map(name -> name.strip().toLowerCase(Locale.ROOT)).distinct().sorted()
        .toArray(String[]::new);
    for (String name : varyOn) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException(where + ": @Memoize(varyOn) has an empty header name; "
            + "name headers as in varyOn = \"Accept-Language\"");
      }
    }
    this.namespaceBytes = client.namespace.getBytes(StandardCharsets.UTF_8).length;
    this.store = (key, value) -> cache.set(key, value, ttl);
    this.asyncStore = (key, value) -> async.set(key, value, ttl);
  }

  private static MemoKey newKey(Class<? extends MemoKey> type, String where) {
    try {
      Constructor<? extends MemoKey> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(where + ": @Memoize(key = " + type.getSimpleName()
          + ".class) cannot be made (" + e + "); give it a public no-argument constructor", e);
    }
  }

  private static String label(String name) {
    StringBuilder out = new StringBuilder(name.length() + 2).append(':');
    ValueText.appendName(out, name);
    return out.append('=').toString();
  }

  /** A call's result: from the cache, or from one request shared by concurrent callers. */
  @Nullable Object call(@Nullable Object[] args) {
    String key = key(args);
    return method.stored(cache.get(key, k -> method.fetch(args), store));
  }

  /** The async twin of {@link #call}: the value is cached, never the future. */
  CompletableFuture<@Nullable Object> callAsync(@Nullable Object[] args) {
    String key;
    try {
      key = key(args);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return async.get(key, k -> method.fetchAsync(args), asyncStore).thenApply(method::stored);
  }

  /** Removes the entry of a call with these arguments; true if there was one. */
  boolean purge(@Nullable Object[] args) {
    return cache.delete(key(args));
  }

  /** The key of a call, without the namespace. */
  String key(@Nullable Object[] args) {
    String key = customKey != null ? customKey(args) : standardKey(args);
    return fit(key);
  }

  private String standardKey(@Nullable Object[] args) {
    if (single != null) {
      // One parameter: a concatenation, as a hand-written key would be.
      Object value = args[order[0]];
      if (value instanceof Integer i) {
        return single + i.intValue();
      }
      if (value instanceof Long l) {
        return single + l.longValue();
      }
    }
    StringBuilder out = new StringBuilder(prefix.length() + 16 * (order.length + 1)).append(prefix);
    if (!hasQueryMaps) {
      for (int i = 0; i < order.length; i++) {
        appendValue(out.append(labels[i]), args[order[i]], secret[order[i]]);
      }
    } else {
      List<Object[]> entries = new ArrayList<>();
      for (int i = 0; i < order.length; i++) {
        entries.add(new Object[] {method.names[order[i]], args[order[i]], secret[order[i]]});
      }
      for (int i = 0; i < args.length; i++) {
        if (method.kinds[i] == ApiMethod.Kind.QUERY_MAP && args[i] instanceof Map<?, ?> map) {
          for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() != null) {
              String name = entry.getKey().toString();
              entries.add(new Object[] {name, entry.getValue(), Secrets.isSecretName(name)});
            }
          }
        }
      }
      entries.sort(Comparator.comparing(entry -> (String) entry[0]));
      for (Object[] entry : entries) {
        appendValue(out.append(label((String) entry[0])), entry[1], (Boolean) entry[2]);
      }
    }
    if (varyOn.length > 0) {
      List<String[]> headers = method.headers(args);
      for (String name : varyOn) {
        StringBuilder value = null;
        for (String[] header : headers) {
          if (header[0].equalsIgnoreCase(name)) {
            value = value == null ? new StringBuilder() : value.append(',');
            value.append(header[1]);
          }
        }
        out.append(":@");
        ValueText.appendName(out, name);
        out.append('=');
        appendValue(out, value == null ? null : value.toString(), Secrets.isSecretName(name));
      }
    }
    return out.toString();
  }

  private static void appendValue(StringBuilder out, @Nullable Object value, boolean secret) {
    if (!secret || value == null) {
      ValueText.appendKeyValue(out, value);
      return;
    }
    StringBuilder plain = new StringBuilder();
    ValueText.appendKeyValue(plain, value);
    out.append(Secrets.digest(plain.toString()));
  }

  private String customKey(@Nullable Object[] args) {
    Map<String, @Nullable Object> parameters = new TreeMap<>();
    for (int index : order) {
      parameters.put(method.names[index], args[index]);
    }
    for (int i = 0; i < args.length; i++) {
      if (method.kinds[i] == ApiMethod.Kind.QUERY_MAP && args[i] instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (entry.getKey() != null) {
            parameters.put(entry.getKey().toString(), entry.getValue());
          }
        }
      }
    }
    MemoKey keys = java.util.Objects.requireNonNull(customKey);
    String key = keys.key(Collections.unmodifiableMap(parameters));
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(method.where + ": " + keys.getClass().getSimpleName()
          + " made an empty key; a MemoKey returns a non-empty key");
    }
    return key;
  }

  /** The key itself, or {@code METHOD:template#sha256-<digest>} when it is too long to store. */
  private String fit(String key) {
    int room = Cache.MAX_KEY_BYTES - namespaceBytes - 1;
    if (key.length() * 3 <= room || key.getBytes(StandardCharsets.UTF_8).length <= room) {
      return key;
    }
    return prefix + "#sha256-" + Secrets.sha256(key);
  }
}
