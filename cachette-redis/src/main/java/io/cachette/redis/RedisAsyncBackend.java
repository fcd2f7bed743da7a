package io.cachette.redis;

import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Completions;
import io.cachette.backend.Ttls;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Redis operations, on Lettuce's async API: every {@link RedisBackend} operation lives here
 * once, and the sync face waits for these futures. Works the same over one server (standalone,
 * Sentinel, unix socket, TLS) and over a cluster, where Lettuce splits multi-key commands by slot.
 */
final class RedisAsyncBackend implements AsyncBackend {
  /** Keys are UTF-8 strings, values the bytes Cachette stores. */
  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** Keys asked for per SCAN step of {@link #clear(String)}, and unlinked per UNLINK. */
  static final int SCAN_BATCH = 500;

  /** A TTL this long or longer is stored as this: Redis refuses expiry times that overflow. */
  private static final long MAX_TTL_MILLIS = Long.MAX_VALUE / 4;

  /** The commands; they throw a {@link CacheException} while a pending connection is not made. */
  private final Supplier<RedisClusterAsyncCommands<String, byte[]>> link;
  private final boolean cluster;
  private final RedisCodec<String, byte[]> codec;
  /** The whole key prefix, for SCAN patterns. */
  private final String keyPrefix;
  /** The part of it the backend prepends itself: empty when the connection's codec writes it. */
  private final String addedPrefix;
  private final Duration timeout;
  private final String description;
  /**
   * Lettuce's computation threads (its client resources' event executors, not the I/O event
   * loop): where SCAN steps are sent from and lease retries wait. Never the common pool.
   */
  private final ScheduledExecutorService executors;
  private volatile boolean closed;

  /** Whether Lettuce times out each command after {@link #timeout} (a client made here). */
  private final boolean commandsTimeOut;

  RedisAsyncBackend(Supplier<RedisClusterAsyncCommands<String, byte[]>> link, boolean cluster,
      RedisCodec<String, byte[]> codec, String keyPrefix, String addedPrefix, Duration timeout,
      String description, ScheduledExecutorService executors, boolean commandsTimeOut) {
    this.link = link;
    this.cluster = cluster;
    this.codec = codec;
    this.keyPrefix = keyPrefix;
    this.addedPrefix = addedPrefix;
    this.timeout = timeout;
    this.description = description;
    this.executors = executors;
    this.commandsTimeOut = commandsTimeOut;
  }

  /** Refuses every later operation with {@link BackendClosedException}. Idempotent. */
  void close() {
    closed = true;
  }

  // ---- the operations ----

  @Override
  public CompletableFuture<@Nullable Object> get(String key) {
    return checked(() -> {
      String redisKey = redisKey(key);
      return call(redis -> redis.get(redisKey), value -> value);
    });
  }

  @Override
  public CompletableFuture<Map<String, Object>> getMany(List<String> keys) {
    return checked(() -> {
      BackendArguments.keys(keys);
      if (keys.isEmpty()) {
        return CompletableFuture.completedFuture(Map.of());
      }
      String[] redisKeys = new String[keys.size()];
      for (int i = 0; i < redisKeys.length; i++) {
        redisKeys[i] = redisKey(keys.get(i));
      }
      // MGET answers in the order asked, on a cluster too (Lettuce splits it by slot and
      // reassembles).
      return call(redis -> redis.mget(redisKeys), values -> {
        Map<String, Object> found = new HashMap<>(values.size() * 2);
        for (int i = 0; i < values.size(); i++) {
          KeyValue<String, byte[]> value = values.get(i);
          if (value.hasValue()) {
            found.put(keys.get(i), value.getValue());
          }
        }
        return found;
      });
    });
  }

  @Override
  public CompletableFuture<Void> set(String key, Object value, @Nullable Duration ttl) {
    return checked(() -> {
      String redisKey = redisKey(key);
      byte[] bytes = bytes(key, value);
      SetArgs args = ttl == null ? null : SetArgs.Builder.px(ttlMillis(ttl));
      return call(redis -> args == null ? redis.set(redisKey, bytes)
          : redis.set(redisKey, bytes, args), ok -> null);
    });
  }

  @Override
  public CompletableFuture<Boolean> setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    return checked(() -> {
      String redisKey = redisKey(key);
      byte[] bytes = bytes(key, value);
      SetArgs args = SetArgs.Builder.nx();
      if (ttl != null) {
        args.px(ttlMillis(ttl));
      }
      // SET ... NX answers OK when it stored the value, and nil when the key was there.
      return call(redis -> redis.set(redisKey, bytes, args), "OK"::equals);
    });
  }

  @Override
  public CompletableFuture<Void> setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    return checked(() -> setManyChecked(entries, ttl));
  }

  private CompletableFuture<Void> setManyChecked(Map<String, ?> entries, @Nullable Duration ttl) {
    Ttls.check(ttl);
    Map<String, byte[]> values = redisEntries(entries);
    if (values.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (ttl == null) {
      // MSET is atomic on one server; on a cluster Lettuce sends one MSET per slot.
      return call(redis -> redis.mset(values), ok -> null);
    }
    // MSET takes no TTL and MULTI/EXEC would capture the shared connection, so a script stores
    // every entry with its TTL atomically, once per slot on a cluster.
    byte[] ttlArg = Long.toString(ttlMillis(ttl)).getBytes(StandardCharsets.US_ASCII);
    return call(redis -> {
      List<CompletableFuture<Long>> groups = new ArrayList<>();
      for (List<String> group : slotGroups(values.keySet())) {
        String[] keys = group.toArray(new String[0]);
        byte[][] args = new byte[keys.length + 1][];
        for (int i = 0; i < keys.length; i++) {
          args[i] = values.get(keys[i]);
        }
        args[keys.length] = ttlArg;
        groups.add(RedisScript.SET_MANY_WITH_TTL.run(redis, keys, args));
      }
      return CompletableFuture.allOf(groups.toArray(new CompletableFuture<?>[0]));
    }, done -> null);
  }

  @Override
  public CompletableFuture<Boolean> expireIn(String key, @Nullable Duration ttl) {
    return checked(() -> {
      String redisKey = redisKey(key);
      if (ttl != null) {
        long millis = ttlMillis(ttl);
        return call(redis -> redis.pexpire(redisKey, millis), Boolean.TRUE::equals);
      }
      return call(redis -> RedisScript.PERSIST.<Long>run(redis, new String[] {redisKey}),
          existed -> existed == 1L);
    });
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return checked(() -> {
      String redisKey = redisKey(key);
      return call(redis -> redis.del(redisKey), removed -> removed > 0);
    });
  }

  @Override
  public CompletableFuture<Long> deleteMany(Collection<String> keys) {
    return checked(() -> {
      BackendArguments.keys(keys);
      if (keys.isEmpty()) {
        return CompletableFuture.completedFuture(0L);
      }
      String[] redisKeys = keys.stream().map(this::redisKey).toArray(String[]::new);
      return call(redis -> redis.del(redisKeys), removed -> removed);
    });
  }

  @Override
  public CompletableFuture<Boolean> exists(String key) {
    return checked(() -> {
      String redisKey = redisKey(key);
      return call(redis -> redis.exists(redisKey), count -> count > 0);
    });
  }

  /**
   * Removes the keys under {@code <key prefix><prefix>} with SCAN MATCH and UNLINK, one batch at a
   * time: never FLUSHDB, never a key outside the pattern. On a cluster, Lettuce's SCAN walks every
   * master in turn and UNLINK is split by slot. Each step is bounded by the timeout; the whole is
   * not, as a large namespace takes many steps.
   */
  @Override
  public CompletableFuture<Long> clear(String prefix) {
    return checked(() -> {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("clear needs a non-empty prefix, such as"
            + " '<namespace>:'; Cachette never empties a whole Redis database");
      }
      // The pattern holds the whole key prefix; the keys SCAN returns come back as redisKey()
      // makes them, ready for UNLINK.
      ScanArgs match = ScanArgs.Builder.matches(globPattern(keyPrefix + prefix))
          .limit(SCAN_BATCH);
      return call(redis -> clearFrom(redis, ScanCursor.INITIAL, match, 0L), removed -> removed);
    });
  }

  private CompletableFuture<Long> clearFrom(RedisClusterAsyncCommands<String, byte[]> redis,
      ScanCursor cursor, ScanArgs match, long removed) {
    // SCAN is sent from Lettuce's computation threads, never from its event loop (where the
    // previous step completes): a cluster SCAN moving on to the next master may wait for a
    // connection to it, which must not block the thread that would make it.
    return CompletableFuture.supplyAsync(() -> redis.scan(cursor, match), executors)
        .thenCompose(this::bounded)
        .thenCompose((KeyScanCursor<String> page) -> {
          List<String> keys = page.getKeys();
          CompletableFuture<Long> unlinked = keys.isEmpty()
              ? CompletableFuture.completedFuture(0L)
              : bounded(redis.unlink(keys.toArray(new String[0])));
          return unlinked.thenCompose(count -> page.isFinished()
              ? CompletableFuture.completedFuture(removed + count)
              : clearFrom(redis, page, match, removed + count));
        });
  }

  /** One step of a scan: the live keys it found, and the cursor to continue from. */
  record ScanPage(List<KeyInfo> keys, ScanCursor cursor) {}

  /** The SCAN arguments of a scan of {@code prefix}: its escaped pattern, {@link #SCAN_BATCH}. */
  ScanArgs scanArgs(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return ScanArgs.Builder.matches(globPattern(keyPrefix + prefix)).limit(SCAN_BATCH);
  }

  /**
   * One step of {@link RedisBackend#scan(String)}: a SCAN from {@code cursor} (on a cluster,
   * Lettuce's SCAN moves from master to master), then the PTTL of every key it returned, sent
   * together (Lettuce pipelines them on the connection: one round trip). Keys that vanished in
   * between (PTTL -2) or are about to (0) are left out; -1 (no expiry) is a null TTL. Each of the
   * two requests is bounded by the timeout.
   */
  CompletableFuture<ScanPage> scanPage(ScanCursor cursor, ScanArgs args) {
    return checked(() -> call(redis -> CompletableFuture
        // As in clear: sent from the computation threads, never from the event loop, since a
        // cluster SCAN moving to the next master may wait for a connection to it.
        .supplyAsync(() -> redis.scan(cursor, args), executors)
        .thenCompose(this::bounded)
        .thenComposeAsync(page -> ttls(redis, page), executors), page -> page));
  }

  private CompletableFuture<ScanPage> ttls(RedisClusterAsyncCommands<String, byte[]> redis,
      KeyScanCursor<String> step) {
    // SCAN may return a key twice, also within one reply.
    List<String> keys = new ArrayList<>(new LinkedHashSet<>(step.getKeys()));
    List<CompletableFuture<Long>> replies = new ArrayList<>(keys.size());
    for (String key : keys) {
      replies.add(bounded(redis.pttl(key)));
    }
    return CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
      List<KeyInfo> live = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        long millis = replies.get(i).join();
        if (millis == -1) {
          live.add(new KeyInfo(callerKey(keys.get(i)), null));
        } else if (millis > 0) {
          live.add(new KeyInfo(callerKey(keys.get(i)), Duration.ofMillis(millis)));
        }
      }
      return new ScanPage(live, step);
    });
  }

  /** A key as SCAN returns it (see {@link #redisKey}) as the backend's caller knows it. */
  private String callerKey(String scanned) {
    return addedPrefix.isEmpty() ? scanned : scanned.substring(addedPrefix.length());
  }

  // ---- keys, values and TTLs ----

  /**
   * The Redis key of a key, checked.
   *
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when it is empty
   */
  String redisKey(String key) {
    BackendArguments.key(key);
    return addedPrefix.isEmpty() ? key : addedPrefix.concat(key);
  }

  /**
   * The entries, checked, as Redis keys and byte values: the map itself when no key needs
   * changing.
   */
  @SuppressWarnings("unchecked")
  private Map<String, byte[]> redisEntries(Map<String, ?> entries) {
    Objects.requireNonNull(entries, "entries");
    if (addedPrefix.isEmpty()) {
      entries.forEach((key, value) -> bytes(redisKey(key), value));
      return (Map<String, byte[]>) entries;
    }
    Map<String, byte[]> values = new HashMap<>(entries.size() * 2);
    entries.forEach((key, value) -> values.put(redisKey(key), bytes(key, value)));
    return values;
  }

  /**
   * The commands to send.
   *
   * @throws CacheException while the connection of a backend opened unreachable is not made
   */
  RedisClusterAsyncCommands<String, byte[]> commands() {
    return link.get();
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The timeout, when the backend made its client (from a URL): Lettuce then times out every
   * command itself, and the single-key operations are one command each. Null on a client or
   * connection of yours, whose timeouts are yours.
   */
  @Override
  public @Nullable Duration singleKeyTimeout() {
    return commandsTimeOut ? timeout : null;
  }

  /** Lettuce's computation threads, for work that waits or must leave the event loop. */
  ScheduledExecutorService executors() {
    return executors;
  }

  /**
   * A SCAN MATCH pattern for the keys starting with {@code literal}: glob characters in it are
   * escaped, so that a prefix such as {@code "a*"} never matches {@code "abc"}.
   */
  static String globPattern(String literal) {
    StringBuilder pattern = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        pattern.append('\\');
      }
      pattern.append(c);
    }
    return pattern.append('*').toString();
  }

  /**
   * A TTL in whole milliseconds, Redis' finest unit: rounded up, so that a sub-millisecond TTL
   * stays a TTL (1 ms) rather than becoming 0, which Redis would refuse.
   */
  static long ttlMillis(Duration ttl) {
    return Math.min(Ttls.toMillis(ttl), MAX_TTL_MILLIS);
  }

  /** A value, checked: bytes no longer than Redis stores. */
  private byte[] bytes(String key, Object value) {
    return BackendArguments.bytes(key, value, RedisBackend.MAX_VALUE_BYTES, description);
  }

  /**
   * Runs an operation's checks and sends it, unless the backend is closed: whatever it throws
   * (invalid arguments included) fails the returned future instead of reaching the caller.
   */
  private <T> CompletableFuture<T> checked(Supplier<CompletableFuture<T>> operation) {
    if (closed) {
      return CompletableFuture.failedFuture(new BackendClosedException(description));
    }
    try {
      return operation.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The keys grouped so that each group shares one cluster slot (one group when standalone). */
  private List<List<String>> slotGroups(Collection<String> keys) {
    if (!cluster) {
      return List.of(new ArrayList<>(keys));
    }
    return new ArrayList<>(SlotHash.partition(codec, keys).values());
  }

  // ---- failures ----

  /**
   * Sends a request and maps its reply to the backend's result, turning any failure (also that
   * of a connection not made yet) into a failed future with a {@link CacheException} that names
   * this backend.
   */
  private <T, R> CompletableFuture<R> call(
      Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<T>> request,
      Function<? super T, ? extends R> result) {
    CompletionStage<T> reply;
    try {
      reply = request.apply(link.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failure(e));
    }
    return reply.toCompletableFuture().handle((value, error) -> {
      if (error != null) {
        throw new CompletionException(failure(error));
      }
      return result.apply(value);
    });
  }

  private <T> CompletableFuture<T> bounded(RedisFuture<T> reply) {
    return reply.toCompletableFuture().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The failure of a call, as the exception the backend throws. */
  RuntimeException failure(Throwable error) {
    Throwable cause = Completions.unwrap(error);
    if (cause instanceof CacheException || cause instanceof IllegalArgumentException
        || cause instanceof NullPointerException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
      return timedOut(cause);
    }
    if (cause instanceof RedisConnectionException) {
      return new CacheException(description + " is unreachable: " + cause.getMessage(), cause);
    }
    return new CacheException(description + " failed: " + cause, cause);
  }

  CacheException timedOut(@Nullable Throwable cause) {
    return new CacheException(description + " did not answer within " + timeout, cause);
  }
}
