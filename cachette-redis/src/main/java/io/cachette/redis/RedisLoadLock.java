package io.cachette.redis;

import io.cachette.backend.LoadLock;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The load lease on Redis: {@code SET <lease key> <token> NX PX <lease>}, retried with growing
 * pauses while another owner holds it, and released by its owner only (a script deletes the key
 * if it still holds the owner's token). Waiting stops after one lease time: by then the holder has
 * stored its value or died, and the waiter loads on its own rather than wait longer.
 */
final class RedisLoadLock implements LoadLock {
  /**
   * Lease keys are {@code <key prefix>:lease:<key>}. Cache keys always start with a non-empty
   * namespace, so no cache key starts with ':', and clearing a namespace leaves leases alone.
   */
  static final String LEASE_KEY_PREFIX = ":lease:";

  private static final long FIRST_PAUSE_MILLIS = 2;
  private static final long LONGEST_PAUSE_MILLIS = 100;

  private final RedisAsyncBackend backend;
  private final Duration lease;
  private final long leaseMillis;

  RedisLoadLock(RedisAsyncBackend backend, Duration lease) {
    this.backend = backend;
    this.lease = lease;
    this.leaseMillis = RedisAsyncBackend.ttlMillis(lease);
  }

  Duration lease() {
    return lease;
  }

  @Override
  public CompletableFuture<Lease> acquire(String key) {
    String leaseKey = backend.redisKey(LEASE_KEY_PREFIX + key);
    byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
    long deadline = System.nanoTime() + lease.toNanos();
    return attempt(leaseKey, token, deadline, FIRST_PAUSE_MILLIS);
  }

  private CompletableFuture<Lease> attempt(String leaseKey, byte[] token, long deadline,
      long pauseMillis) {
    CompletableFuture<String> reply;
    try {
      reply = backend.commands().set(leaseKey, token, SetArgs.Builder.nx().px(leaseMillis))
          .toCompletableFuture()
          .orTimeout(backend.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Unowned.INSTANCE);
    }
    return reply.handle((ok, error) -> {
      if (error != null) {
        // The store is failing: load without the lease rather than wait on a broken lock.
        return CompletableFuture.<Lease>completedFuture(Unowned.INSTANCE);
      }
      if ("OK".equals(ok)) {
        return CompletableFuture.<Lease>completedFuture(new Owned(leaseKey, token));
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return CompletableFuture.<Lease>completedFuture(Unowned.INSTANCE);
      }
      long pause = Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1);
      CompletableFuture<@Nullable Void> paused = new CompletableFuture<>();
      try {
        // On Lettuce's computation threads: never the common pool, never the event loop.
        backend.executors().schedule(() -> paused.complete(null), pause, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // The client is shutting down: load without the lease rather than wait.
        return CompletableFuture.<Lease>completedFuture(Unowned.INSTANCE);
      }
      return paused.thenCompose(ignored ->
          attempt(leaseKey, token, deadline, Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS)));
    }).thenCompose(next -> next);
  }

  /** A lease this caller holds until it releases it or the lease time passes. */
  private final class Owned implements Lease {
    private final String leaseKey;
    private final byte[] token;

    Owned(String leaseKey, byte[] token) {
      this.leaseKey = leaseKey;
      this.token = token;
    }

    @Override
    public boolean owned() {
      return true;
    }

    @Override
    public void release() {
      try {
        RedisScript.RELEASE_LEASE.run(backend.commands(), new String[] {leaseKey}, token)
            .exceptionally(error -> null);
      } catch (RuntimeException e) {
        // Releasing is best effort: the lease expires by itself.
      }
    }
  }

  /** No lease: the wait ran out or the store failed. */
  private enum Unowned implements Lease {
    INSTANCE;

    @Override
    public boolean owned() {
      return false;
    }

    @Override
    public void release() {}
  }
}
