package io.cachette.dynamodb;

import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendClosedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A {@link Backend} on Amazon DynamoDB through the AWS SDK for Java v2's
 * {@link DynamoDbAsyncClient}. Open one by URL with
 * {@link io.cachette.backend.Backends#fromUrl(String)} (see {@link DynamoDbBackendProvider}), or on
 * a client you already have:
 *
 * <pre>{@code
 * DynamoDbBackend dynamo = DynamoDbBackend.builder(dynamoDbAsyncClient, "app-cache")
 *     .createTable(true)                    // create it if missing, turn TTL on
 *     .timeout(Duration.ofSeconds(1))
 *     .build();
 * Cache<User> users = Cache.builder(User.class).backend(dynamo).namespace("users").build();
 * }</pre>
 *
 * <p>One item per key: {@code {key: S (partition key), value: B, ttl: N}}, the TTL in whole epoch
 * seconds (DynamoDB's TTL format), rounded up: TTLs have one-second precision, and an entry lives
 * at least its TTL and less than a second longer. Reads skip expired items, since DynamoDB deletes
 * them late. Operations: GetItem (strongly consistent by default), PutItem, a conditional PutItem
 * for {@code setIfAbsent} ({@code attribute_not_exists(key) OR ttl <= now}), BatchGetItem in
 * chunks of 100 and BatchWriteItem in chunks of 25 (unprocessed items sent again with exponential
 * backoff and jitter), a conditional UpdateItem for {@code expireIn}, DeleteItem; {@code clear}
 * and {@link #scan(String)} page through a Scan with a {@code begins_with} filter. {@code setMany}
 * is not atomic (BatchWriteItem is not), though each item is written whole.
 *
 * <p>Limits: keys up to 2048 UTF-8 bytes (DynamoDB's partition key limit); values up to
 * {@value DynamoDbAsyncBackend#MAX_VALUE_BYTES} bytes (the 400 KB item limit less room for the key
 * and TTL), larger ones fail with {@link io.cachette.ValueTooLargeException}.
 *
 * <p>Failures are {@link CacheException}s naming the backend, never the credentials. Every request
 * is bounded by the timeout (the SDK's retries included); throttled attempts are retried by the
 * SDK's retry strategy with its backoff, and counted by {@link #throttledAttempts()}. The async
 * face is native (no thread waits per call) and holds the logic; the sync methods wait for it.
 * Arguments are checked as {@link Backend} says. Thread-safe.
 */
public final class DynamoDbBackend implements Backend {
  /** The default bound of each request: {@code timeout}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final DynamoDbAsyncBackend async;
  private final DynamoDbTable table;
  private final Duration timeout;
  private final String description;
  private final ScheduledExecutorService scheduler;
  private final @Nullable AutoCloseable ownedClient;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DynamoDbBackend(Builder builder, String description,
      @Nullable AutoCloseable ownedClient) {
    this.description = description;
    this.timeout = builder.timeout == null ? DEFAULT_TIMEOUT : builder.timeout;
    this.ownedClient = ownedClient;
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = Executors.defaultThreadFactory().newThread(runnable);
      thread.setName("cachette-dynamodb-" + builder.table);
      thread.setDaemon(true);
      return thread;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.scheduler = pool;
    boolean create = builder.createTable != null && builder.createTable;
    this.table = create
        ? DynamoDbTable.creating(builder.client, builder.table, description, scheduler, timeout)
        : DynamoDbTable.existing(builder.client, builder.table, description, scheduler, timeout);
    this.async = new DynamoDbAsyncBackend(builder.client, builder.table, timeout,
        builder.clock == null ? Clock.systemUTC() : builder.clock,
        builder.consistentRead == null || builder.consistentRead, description, table, scheduler);
  }

  /**
   * Starts building a backend on a client you have, storing in {@code table}. The client, its
   * region, credentials and HTTP client stay yours, as does closing it (after the backend).
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code table} is not a valid DynamoDB table name
   */
  public static Builder builder(DynamoDbAsyncClient client, String table) {
    Objects.requireNonNull(client, "client");
    return new Builder(client, checkTable(table));
  }

  /**
   * Checks a table name: 3 to 255 characters among {@code a-z A-Z 0-9 _ - .}.
   *
   * @throws IllegalArgumentException naming the rule otherwise
   */
  static String checkTable(String table) {
    Objects.requireNonNull(table, "table");
    if (!table.matches("[A-Za-z0-9_.\\-]{3,255}")) {
      throw new IllegalArgumentException("Invalid DynamoDB table name '" + table + "': use 3 to 255"
          + " characters among letters, digits, '_', '-' and '.'");
    }
    return table;
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

  /** {@inheritDoc} Each Scan and BatchWriteItem is bounded by the timeout, the whole is not. */
  @Override
  public long clear(String prefix) {
    return await(async.clear(prefix));
  }

  /**
   * {@inheritDoc} Reads the table with a paged Scan (500 items a page, filtered on the server by
   * {@code begins_with} and the TTL), one page at a time as the stream is consumed; each page is
   * bounded by the timeout. A Scan reads the whole table, so this costs read capacity in
   * proportion to the table, not to the prefix.
   */
  @Override
  public Stream<KeyInfo> scan(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    return StreamSupport.stream(new KeyPages(prefix), false);
  }

  /** Reads the pages of a scan lazily: the next page is asked for when the last is used up. */
  private final class KeyPages extends Spliterators.AbstractSpliterator<KeyInfo> {
    private final String prefix;
    private final ArrayDeque<KeyInfo> page = new ArrayDeque<>();
    private @Nullable Map<String, AttributeValue> startKey;
    private boolean last;

    KeyPages(String prefix) {
      super(Long.MAX_VALUE, Spliterator.NONNULL | Spliterator.DISTINCT);
      this.prefix = prefix;
    }

    @Override
    public boolean tryAdvance(Consumer<? super KeyInfo> action) {
      while (page.isEmpty()) {
        if (last) {
          return false;
        }
        checkOpen();
        ScanResponse response = await(async.scanPage(prefix, startKey, true));
        for (Map<String, AttributeValue> item : response.items()) {
          KeyInfo info = async.keyInfo(item);
          if (info != null) {
            page.add(info);
          }
        }
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
          startKey = response.lastEvaluatedKey();
        } else {
          last = true;
        }
      }
      action.accept(page.poll());
      return true;
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new BackendClosedException(description);
    }
  }

  /**
   * Waits for an operation. Every request inside it is bounded by the timeout; the wait is bounded
   * too, generously, in case a batch's requests and retries add up.
   */
  private <T> T await(CompletableFuture<T> reply) {
    try {
      return reply.get(timeout.toNanos() * 4 + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
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

  @Override
  public long maxValueBytes() {
    return DynamoDbAsyncBackend.MAX_VALUE_BYTES;
  }

  /**
   * How many request attempts DynamoDB throttled (ProvisionedThroughputExceeded, RequestLimitExceeded,
   * Throttling), as the SDK's metrics report them; each was retried by the SDK with its backoff
   * until the retries or the timeout ran out.
   */
  public long throttledAttempts() {
    return async.throttledAttempts();
  }

  /** How many times a batch's unprocessed keys or items were sent again. */
  public long unprocessedRetries() {
    return async.unprocessedRetries();
  }

  /** How many times this backend asked DynamoDB to turn TTL on for its table. */
  long ttlUpdates() {
    return table.ttlUpdates();
  }

  /** The table, region and endpoint; never credentials. */
  @Override
  public String describe() {
    return description;
  }

  /**
   * Closes the client when the backend made it (from a URL); a client you passed in stays open.
   * Idempotent; afterwards every operation fails with {@link BackendClosedException}.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      async.close();
      scheduler.shutdownNow();
      if (ownedClient != null) {
        try {
          ownedClient.close();
        } catch (Exception e) {
          throw new CacheException("Could not close the client of " + description, e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "DynamoDbBackend[" + description + "]";
  }

  /**
   * Configures a {@link DynamoDbBackend}. Each option may be set once: setting it again throws
   * {@link IllegalStateException} naming the value already set. Not thread-safe; the backend is.
   */
  public static final class Builder {
    private final DynamoDbAsyncClient client;
    private final String table;
    private @Nullable Boolean createTable;
    private @Nullable Boolean consistentRead;
    private @Nullable Duration timeout;
    private @Nullable Clock clock;
    private @Nullable String description;
    private @Nullable AutoCloseable ownedClient;

    private Builder(DynamoDbAsyncClient client, String table) {
      this.client = client;
      this.table = table;
    }

    /**
     * Whether the backend creates its table when it is missing (on-demand billing, partition key
     * {@code key} of type S) and turns DynamoDB's TTL on for the {@code ttl} attribute, before its
     * first request. Default false: the table must exist. URL parameter {@code create-table}.
     */
    public Builder createTable(boolean createTable) {
      once("createTable", this.createTable);
      this.createTable = createTable;
      return this;
    }

    /**
     * Whether reads are strongly consistent (default true: a read sees every write that
     * finished before it). False halves the read cost, and a read may then miss a write made
     * just before. URL parameter {@code consistent-read}.
     */
    public Builder consistentRead(boolean consistentRead) {
      once("consistentRead", this.consistentRead);
      this.consistentRead = consistentRead;
      return this;
    }

    /**
     * Bounds each request, the SDK's retries included; default 2 seconds. URL parameter
     * {@code timeout}.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      once("timeout", this.timeout);
      this.timeout = timeout;
      return this;
    }

    /**
     * The clock that decides which entries have expired (default the system clock); for tests.
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      once("clock", this.clock);
      this.clock = clock;
      return this;
    }

    /** Used by the URL provider: the description, and the client the backend owns. */
    Builder opened(String description, AutoCloseable ownedClient) {
      this.description = description;
      this.ownedClient = ownedClient;
      return this;
    }

    /**
     * Builds the backend. Nothing is sent yet: with {@code createTable}, the table is made ready
     * before the first request (and again by later requests while that fails).
     */
    public DynamoDbBackend build() {
      String text = description != null ? description
          : "dynamodb://" + table + " (a DynamoDbAsyncClient)";
      return new DynamoDbBackend(this, text, ownedClient);
    }

    private static void once(String option, @Nullable Object current) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }

    @Override
    public String toString() {
      return "DynamoDbBackend.Builder[table=" + table + ", createTable=" + createTable
          + ", consistentRead=" + consistentRead + ", timeout=" + timeout + "]";
    }
  }
}
