package io.cachette.redis;

import io.cachette.CacheException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of a backend opened while its server could not be reached: it keeps trying to
 * connect in the background, one attempt at a time on the client's own event executors, and until
 * one succeeds every command is refused at once with a {@link CacheException} (so a cache that
 * fails open misses). Once connected it hands out that connection's commands, and Lettuce's
 * auto-reconnect takes over.
 */
final class RedisPendingConnection implements Supplier<RedisClusterAsyncCommands<String, byte[]>> {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBackend.class);

  private final RedisClient client;
  private final RedisKeyCodec codec;
  private final RedisURI uri;
  private final String description;
  private final EventExecutorGroup executors;
  private final Duration retryEvery;
  private final Object lock = new Object();
  private volatile @Nullable StatefulRedisConnection<String, byte[]> connection;
  private volatile Throwable lastFailure;
  private @Nullable Future<?> nextAttempt;
  private boolean closed;

  RedisPendingConnection(RedisClient client, RedisKeyCodec codec, RedisURI uri, String description,
      EventExecutorGroup executors, Duration retryEvery, Throwable firstFailure) {
    this.client = client;
    this.codec = codec;
    this.uri = uri;
    this.description = description;
    this.executors = executors;
    this.retryEvery = retryEvery;
    this.lastFailure = firstFailure;
    LOG.warn("{} is not reachable ({}); the backend opens anyway, fails every operation until it"
        + " connects, and retries every {}", description, RedisEndpoint.message(firstFailure),
        retryEvery);
    scheduleAttempt();
  }

  /**
   * The commands of the connection once made.
   *
   * @throws CacheException while the server has not been reached yet
   */
  @Override
  public RedisClusterAsyncCommands<String, byte[]> get() {
    StatefulRedisConnection<String, byte[]> connected = connection;
    if (connected != null) {
      return connected.async();
    }
    Throwable failure = lastFailure;
    throw new CacheException(description + " is not reachable yet (" + RedisEndpoint.message(failure)
        + "); retrying every " + retryEvery, failure);
  }

  private void scheduleAttempt() {
    synchronized (lock) {
      if (!closed) {
        nextAttempt = executors.schedule(this::attempt, retryEvery.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private void attempt() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    client.connectAsync(codec, uri).whenComplete((made, error) -> {
      boolean keep;
      synchronized (lock) {
        keep = !closed && error == null;
        if (keep) {
          connection = made;
        }
      }
      if (keep) {
        LOG.info("{} is reachable now: connected", description);
      } else if (made != null) {
        made.closeAsync();
      } else {
        lastFailure = error;
        if (RedisEndpoint.unreachable(error)) {
          LOG.debug("{} is still not reachable: {}", description, RedisEndpoint.message(error));
        } else {
          LOG.warn("{} answers but the connection failed: {} (are the password and TLS settings"
              + " right?); retrying every {}", description, RedisEndpoint.message(error),
              retryEvery);
        }
        scheduleAttempt();
      }
    });
  }

  /** Stops trying and closes the connection if one was made; the caller shuts the client down. */
  void close() {
    StatefulRedisConnection<String, byte[]> connected;
    synchronized (lock) {
      closed = true;
      if (nextAttempt != null) {
        nextAttempt.cancel(false);
      }
      connected = connection;
    }
    if (connected != null) {
      connected.close();
    }
  }
}
