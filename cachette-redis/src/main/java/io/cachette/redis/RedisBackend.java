package io.cachette.redis;

import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.KeyPages;
import io.cachette.backend.LoadLock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.RedisCodec;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Backend} on Redis through Lettuce: one server (also over TLS, a unix socket, or found
 * through Sentinel) or a Redis Cluster. Open one by URL with
 * {@link io.cachette.backend.Backends#fromUrl(String)} (see {@link RedisBackendProvider} for the
 * URL forms), or from a Lettuce client or connection you already have:
 *
 * <pre>{@code
 * RedisBackend redis = RedisBackend.builder(redisClient)   // or a RedisClusterClient, or a connection
 *     .prefix("myapp:")
 *     .timeout(Duration.ofSeconds(1))
 *     .loadLease(Duration.ofSeconds(30))                 // one loader per key across processes
 *     .build();
 * Cache<User> users = Cache.builder(User.class).backend(redis).namespace("users").build();
 * }</pre>
 *
 * <p>Each operation is one round trip: GET, MGET, SET [PX], SET NX [PX], MSET (or one Lua script
 * per slot when a TTL is given, so that the entries and their TTL are written atomically),
 * PEXPIRE, PERSIST, DEL, EXISTS; {@link #clear(String)} walks SCAN MATCH and UNLINKs in batches,
 * on every master of a cluster; {@link #scan(String)} walks SCAN MATCH lazily, a page per step,
 * with the PTTLs of each page pipelined (see there for what SCAN can and cannot promise). TTLs have millisecond precision and are rounded up, never down
 * to zero. Keys are stored as {@code <key prefix><key>} in UTF-8.
 *
 * <p>The async face is native (Lettuce's async API; no thread waits per call) and holds the
 * logic; the sync methods wait for it, at most the timeout. Failures are thrown as
 * {@link CacheException}s naming the backend; the cache above applies its failure policy.
 * Arguments are checked as {@link Backend} says, on the async face inside the returned future;
 * values are at most 512 MiB (Redis' {@code proto-max-bulk-len}). Work that must leave Lettuce's
 * event loop (the SCAN steps of {@code clear} and {@code scan}, the pauses of the load lease)
 * runs on the client resources' computation threads.
 * Thread-safe: all callers share one multiplexed connection.
 */
public final class RedisBackend implements Backend {
  /** The largest value Redis stores by default ({@code proto-max-bulk-len}: 512 MiB). */
  static final long MAX_VALUE_BYTES = 512L * 1024 * 1024;

  private final RedisAsyncBackend async;
  private final @Nullable RedisLoadLock loadLock;
  private final long timeoutNanos;
  private final String description;
  private final Runnable closer;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * What a backend runs on: the commands, whether they reach a cluster, the codec of the
   * connection (which writes the key prefix itself when {@code codecWritesPrefix}), and how to
   * let go.
   */
  record Connection(Supplier<RedisClusterAsyncCommands<String, byte[]>> commands, boolean cluster,
      RedisCodec<String, byte[]> codec, boolean codecWritesPrefix, String description,
      ScheduledExecutorService executors, Runnable closer, boolean commandsTimeOut) {}

  RedisBackend(Connection connection, String keyPrefix, Duration timeout,
      @Nullable Duration loadLease) {
    this.description = connection.description()
        + (keyPrefix.isEmpty() ? "" : " (key prefix '" + keyPrefix + "')");
    this.async = new RedisAsyncBackend(connection.commands(), connection.cluster(),
        connection.codec(), keyPrefix, connection.codecWritesPrefix() ? "" : keyPrefix, timeout,
        description, connection.executors(), connection.commandsTimeOut());
    this.loadLock = loadLease == null ? null : new RedisLoadLock(async, loadLease);
    this.timeoutNanos = timeout.toNanos();
    this.closer = connection.closer();
  }

  /**
   * Starts building a backend on a client you have. The backend opens its own connection from it
   * (a String-key, byte[]-value one) and closes that connection in {@link #close()}; the client,
   * its options and its resources stay yours, as does closing it (after the backend).
   */
  public static Builder builder(RedisClient client) {
    Objects.requireNonNull(client, "client");
    return new Builder(keyPrefix -> {
      RedisKeyCodec codec = new RedisKeyCodec(keyPrefix);
      StatefulRedisConnection<String, byte[]> connection = client.connect(codec);
      return new Connection(connection::async, false, codec, true, "redis (a RedisClient)",
          client.getResources().eventExecutorGroup(), connection::close, false);
    });
  }

  /** Like {@link #builder(RedisClient)}, for a Redis Cluster client. */
  public static Builder builder(RedisClusterClient client) {
    Objects.requireNonNull(client, "client");
    return new Builder(keyPrefix -> {
      RedisKeyCodec codec = new RedisKeyCodec(keyPrefix);
      StatefulRedisClusterConnection<String, byte[]> connection = client.connect(codec);
      return new Connection(connection::async, true, codec, true,
          "redis-cluster (a RedisClusterClient)", client.getResources().eventExecutorGroup(),
          connection::close, false);
    });
  }

  /**
   * Starts building a backend on a connection you have, made with a String-key, byte[]-value codec
   * such as {@code RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)}. The backend shares it
   * and never closes it. Its command timeout, if any, applies besides the backend's.
   */
  public static Builder builder(StatefulRedisConnection<String, byte[]> connection) {
    Objects.requireNonNull(connection, "connection");
    return new Builder(keyPrefix -> new Connection(connection::async, false,
        RedisAsyncBackend.CODEC, false, "redis (a connection)",
        connection.getResources().eventExecutorGroup(), () -> {}, false));
  }

  /** Like {@link #builder(StatefulRedisConnection)}, for a Redis Cluster connection. */
  public static Builder builder(StatefulRedisClusterConnection<String, byte[]> connection) {
    Objects.requireNonNull(connection, "connection");
    return new Builder(keyPrefix -> new Connection(connection::async, true,
        RedisAsyncBackend.CODEC, false, "redis-cluster (a connection)",
        connection.getResources().eventExecutorGroup(), () -> {}, false));
  }

  // ---- the sync face: waits for the async one ----

  @Override
  public @Nullable Object get(String key) {
    return await(async.get(key));
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    return await(async.getMany(keys));
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    await(async.set(key, value, ttl));
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    return await(async.setIfAbsent(key, value, ttl));
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    await(async.setMany(entries, ttl));
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    return await(async.expireIn(key, ttl));
  }

  @Override
  public boolean delete(String key) {
    return await(async.delete(key));
  }

  @Override
  public long deleteMany(Collection<String> keys) {
    return await(async.deleteMany(keys));
  }

  @Override
  public boolean exists(String key) {
    return await(async.exists(key));
  }

  /** {@inheritDoc} Each SCAN and UNLINK step is bounded by the timeout, the whole is not. */
  @Override
  public long clear(String prefix) {
    CompletableFuture<Long> removed = async.clear(prefix);
    try {
      return removed.get();
    } catch (ExecutionException e) {
      throw async.failure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Interrupted while clearing '" + prefix + "' on " + description, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks SCAN with MATCH on the prefix (glob characters in it escaped, so it matches
   * literally) and COUNT 500, one step per page as the stream is consumed; on a cluster, every
   * master in turn. Each page's TTLs are read with PTTL, pipelined in one round trip. Keys that
   * vanish between the SCAN and the PTTL are left out. The scan holds no connection and nothing on
   * the server between pages. Each step (SCAN, then the PTTLs) is bounded by the timeout.
   *
   * <p>Unlike the other backends, Redis' SCAN may return a key more than once when the database
   * is resized (many keys deleted) or a cluster slot migrates while the scan runs; keys are never
   * listed twice within a page, but may be across pages then.
   *
   * @throws BackendClosedException after {@link #close()}, also when a later page is read
   * @throws CacheException when Redis fails or times out, while the stream is consumed
   */
  @Override
  public Stream<KeyInfo> scan(String prefix) {
    ScanArgs args = async.scanArgs(prefix);
    if (closed.get()) {
      throw new BackendClosedException(description);
    }
    return KeyPages.stream(new KeyPages.Source() {
      private ScanCursor cursor = ScanCursor.INITIAL;
      private boolean done;

      @Override
      public @Nullable List<KeyInfo> next() {
        if (done) {
          return null;
        }
        RedisAsyncBackend.ScanPage page = await(async.scanPage(cursor, args));
        cursor = page.cursor();
        done = cursor.isFinished();
        return page.keys();
      }
    });
  }

  private <T> T await(CompletableFuture<T> reply) {
    try {
      return reply.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw async.failure(e);
    } catch (TimeoutException e) {
      throw async.timedOut(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Interrupted while waiting for " + description, e);
    }
  }

  // ---- the rest of the contract ----

  @Override
  public AsyncBackend async() {
    return async;
  }

  /** The cross-process load lease, when built with one ({@code load-lease} / {@link Builder#loadLease}). */
  @Override
  public @Nullable LoadLock loadLock() {
    return loadLock;
  }

  @Override
  public long maxValueBytes() {
    return MAX_VALUE_BYTES;
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * Closes what the backend opened; a client or connection you passed in stays open. Idempotent;
   * afterwards every operation fails with {@link BackendClosedException}.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      async.close();
      closer.run();
    }
  }

  @Override
  public String toString() {
    return "RedisBackend[" + description + "]";
  }

  /**
   * Configures a {@link RedisBackend} on a Lettuce client or connection you have. Not thread-safe;
   * the backend is.
   */
  public static final class Builder {
    private final Function<String, Connection> connector;
    private String keyPrefix = "";
    private Duration timeout = RedisEndpoint.DEFAULT_TIMEOUT;
    private @Nullable Duration loadLease;

    private Builder(Function<String, Connection> connector) {
      this.connector = connector;
    }

    /**
     * Prefixes every key this backend stores, ahead of the cache's namespace: {@code "myapp:"}
     * stores {@code users:42} as {@code myapp:users:42}. Default none. The URL parameter
     * {@code prefix} sets the same option.
     */
    public Builder prefix(String prefix) {
      this.keyPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Bounds each operation of the sync face and each step of {@code clear}; default 2 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = RedisEndpoint.checkPositive("timeout", timeout);
      return this;
    }

    /**
     * Turns on the cross-process load lease (see {@link LoadLock}): of the processes missing one key
     * at once, one loads while the others wait, at most {@code lease}, for its value. Make the lease
     * longer than a load takes. Default off.
     */
    public Builder loadLease(Duration lease) {
      this.loadLease = RedisEndpoint.checkPositive("loadLease", lease);
      return this;
    }

    /**
     * Builds the backend, connecting first when it was given a client.
     *
     * @throws CacheException when the client cannot connect
     */
    public RedisBackend build() {
      Connection connection = RedisEndpoint.connecting("Redis", () -> connector.apply(keyPrefix));
      return new RedisBackend(connection, keyPrefix, timeout, loadLease);
    }
  }
}
