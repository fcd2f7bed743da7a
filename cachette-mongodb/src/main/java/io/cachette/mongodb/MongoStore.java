package io.cachette.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCursor;
import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendClosedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * What {@link MongoBackend} and {@link GridFsBackend} share: the clock, the failure mapping, use
 * after close, the async face on a bounded executor, and letting go of what they own. Each
 * operation of a subclass runs its argument checks first, then its driver calls through
 * {@link #call}, which turns driver failures into {@link CacheException}s naming the backend.
 */
abstract class MongoStore implements Backend {
  /** What a store is opened with; see {@link MongoStoreOptions}. */
  record Settings(String name, Clock clock, Executor executor, @Nullable ExecutorService ownedPool,
      Runnable closeClient) {}

  /** Documents a scan asks the server for per batch. */
  static final int SCAN_BATCH = 500;

  private final String name;
  final Clock clock;
  private final @Nullable ExecutorService ownedPool;
  private final Runnable closeClient;
  private final AsyncBackend async;
  private final AtomicBoolean closed = new AtomicBoolean();

  MongoStore(Settings settings) {
    this.name = settings.name();
    this.clock = settings.clock();
    this.ownedPool = settings.ownedPool();
    this.closeClient = settings.closeClient();
    this.async = new OpenAsyncBackend(AsyncBackend.onExecutor(this, settings.executor()));
  }

  /**
   * The backend's name in failure messages, such as {@code mongodb://db1:27017/app (collection
   * cachette)}: never a user name or password.
   */
  final String name() {
    return name;
  }

  /**
   * Runs driver calls, unless the backend is closed.
   *
   * @throws BackendClosedException after {@link #close()}
   * @throws CacheException when the server fails, times out or cannot be reached
   */
  final <T> T call(Supplier<T> operation) {
    checkOpen();
    try {
      return operation.get();
    } catch (MongoException e) {
      throw failure(e);
    } catch (IllegalStateException e) {
      // The driver's "state should be: open" when close() ran while this call was on its way.
      if (closed.get()) {
        throw new BackendClosedException(name);
      }
      throw new CacheException(name + " failed: " + e.getMessage(), e);
    }
  }

  final void checkOpen() {
    if (closed.get()) {
      throw new BackendClosedException(name);
    }
  }

  /** A driver failure as the exception the backend throws. */
  final CacheException failure(MongoException e) {
    if (e instanceof MongoTimeoutException || e instanceof MongoSocketException) {
      return new CacheException(name + " is unreachable: " + e.getMessage(), e);
    }
    if (e instanceof MongoExecutionTimeoutException) {
      return new CacheException(name + " did not answer in time: " + e.getMessage(), e);
    }
    if (isDuplicateKey(e)) {
      // The server's message quotes the key, which stays out of messages and logs.
      return new CacheException(name + " failed: duplicate key (code " + e.getCode() + ")", e);
    }
    return new CacheException(name + " failed: " + e.getMessage(), e);
  }

  /** Whether a write failed because another document holds its key (a unique index). */
  static boolean isDuplicateKey(MongoException e) {
    int code;
    if (e instanceof MongoWriteException write) {
      code = write.getError().getCode();
    } else if (e instanceof MongoCommandException command) {
      code = command.getErrorCode();
    } else {
      return false;
    }
    return ErrorCategory.fromErrorCode(code) == ErrorCategory.DUPLICATE_KEY;
  }

  /**
   * A lazy stream over a cursor of entry documents (with {@code _id} and {@code expiresAt}),
   * as live keys with their time left; closing the stream closes the cursor, and a failure while
   * it is consumed is thrown as a {@link CacheException}.
   */
  final Stream<KeyInfo> keyStream(MongoCursor<Document> cursor) {
    long nowMillis = clock.millis();
    Iterator<KeyInfo> keys = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return guarded(c -> c.hasNext());
      }

      @Override
      public KeyInfo next() {
        Document found = guarded(c -> c.next());
        return new KeyInfo(found.getString(Documents.ID), Documents.timeLeft(found, nowMillis));
      }

      private <T> T guarded(Function<MongoCursor<Document>, T> step) {
        checkOpen();
        try {
          return step.apply(cursor);
        } catch (MongoException e) {
          throw failure(e);
        }
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(keys,
        Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false)
        .onClose(cursor::close);
  }

  @Override
  public final AsyncBackend async() {
    return async;
  }

  @Override
  public String describe() {
    return name;
  }

  /**
   * Closes the client and the executor the backend opened (a client or executor you gave stays
   * yours). Idempotent; afterwards every operation fails with {@link BackendClosedException}.
   */
  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        closeClient.run();
      } finally {
        if (ownedPool != null) {
          ownedPool.shutdown();
        }
      }
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }

  /**
   * The async face: the blocking operations on the executor, and use after close reported as
   * {@link BackendClosedException} even when the executor, shut down with the backend, would
   * refuse the task.
   */
  private final class OpenAsyncBackend implements AsyncBackend {
    private final AsyncBackend onExecutor;

    OpenAsyncBackend(AsyncBackend onExecutor) {
      this.onExecutor = onExecutor;
    }

    private <T> CompletableFuture<T> open(
        Supplier<CompletableFuture<T>> operation) {
      if (closed.get()) {
        return CompletableFuture.failedFuture(
            new BackendClosedException(name));
      }
      return operation.get();
    }

    @Override
    public CompletableFuture<@Nullable Object> get(String key) {
      return open(() -> onExecutor.get(key));
    }

    @Override
    public CompletableFuture<Map<String, Object>> getMany(
        List<String> keys) {
      return open(() -> onExecutor.getMany(keys));
    }

    @Override
    public CompletableFuture<Void> set(String key, Object value,
        @Nullable Duration ttl) {
      return open(() -> onExecutor.set(key, value, ttl));
    }

    @Override
    public CompletableFuture<Boolean> setIfAbsent(String key, Object value,
        @Nullable Duration ttl) {
      return open(() -> onExecutor.setIfAbsent(key, value, ttl));
    }

    @Override
    public CompletableFuture<Void> setMany(Map<String, ?> entries,
        @Nullable Duration ttl) {
      return open(() -> onExecutor.setMany(entries, ttl));
    }

    @Override
    public CompletableFuture<Boolean> expireIn(String key,
        @Nullable Duration ttl) {
      return open(() -> onExecutor.expireIn(key, ttl));
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
      return open(() -> onExecutor.delete(key));
    }

    @Override
    public CompletableFuture<Long> deleteMany(
        Collection<String> keys) {
      return open(() -> onExecutor.deleteMany(keys));
    }

    @Override
    public CompletableFuture<Boolean> exists(String key) {
      return open(() -> onExecutor.exists(key));
    }

    @Override
    public CompletableFuture<Long> clear(String prefix) {
      return open(() -> onExecutor.clear(prefix));
    }
  }

  /** Checks a clear prefix: not null, not empty (a MongoDB backend never empties everything). */
  static String clearPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("clear needs a non-empty prefix, such as"
          + " '<namespace>:'; a MongoDB backend never empties a whole collection or bucket");
    }
    return prefix;
  }
}
