package io.cachette.dynamodb;

import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Completions;
import io.cachette.backend.Ttls;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The DynamoDB operations on {@link DynamoDbAsyncClient}: every {@link DynamoDbBackend} operation
 * lives here once, and the sync face waits for these futures.
 *
 * <p>Items are {@code {key: S (hash key), value: B, ttl: N}}, {@code ttl} in whole epoch seconds
 * (what DynamoDB's TTL reaper reads), rounded up. An item is live while {@code ttl} is absent or
 * greater than the current epoch second; every read filters out the others, since DynamoDB deletes
 * expired items late (typically within days).
 */
final class DynamoDbAsyncBackend implements AsyncBackend {
  static final String KEY = "key";
  static final String VALUE = "value";
  static final String TTL = "ttl";

  /** Keys per BatchGetItem: DynamoDB's limit. */
  static final int GET_BATCH = 100;
  /** Items per BatchWriteItem: DynamoDB's limit. */
  static final int WRITE_BATCH = 25;
  /** The longest partition key DynamoDB accepts, in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 2048;
  /** DynamoDB's item size limit (attribute names and values together). */
  static final long MAX_ITEM_BYTES = 400 * 1024;
  /**
   * The largest value: the item limit less the longest key, the attribute names and the TTL
   * number, so that any value up to it fits with any key.
   */
  static final long MAX_VALUE_BYTES = MAX_ITEM_BYTES - MAX_KEY_BYTES - 64;
  /** Sends of one batch, first included, before unprocessed items fail the operation. */
  static final int MAX_BATCH_ATTEMPTS = 10;
  /** Items asked for per Scan page of {@code clear} and {@code scan}. */
  static final int SCAN_PAGE = 500;

  private static final long FIRST_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 1000;
  /** What the SDK's metrics call a throttled attempt ({@code SdkErrorType.THROTTLING}). */
  private static final String THROTTLING = "Throttling";

  private final DynamoDbAsyncClient client;
  private final String table;
  private final Duration timeout;
  private final Clock clock;
  private final boolean consistentRead;
  private final String description;
  private final DynamoDbTable setup;
  /** Waits between retries of unprocessed batch items; never the common pool. */
  private final ScheduledExecutorService scheduler;
  private final AwsRequestOverrideConfiguration override;
  private final LongAdder throttledAttempts = new LongAdder();
  private final LongAdder unprocessedRetries = new LongAdder();
  private volatile boolean closed;

  DynamoDbAsyncBackend(DynamoDbAsyncClient client, String table, Duration timeout, Clock clock,
      boolean consistentRead, String description, DynamoDbTable setup,
      ScheduledExecutorService scheduler) {
    this.client = client;
    this.table = table;
    this.timeout = timeout;
    this.clock = clock;
    this.consistentRead = consistentRead;
    this.description = description;
    this.setup = setup;
    this.scheduler = scheduler;
    // Per request, so that it holds on a user's client too: the timeout bounds the SDK's retries
    // as a whole, and the publisher counts the attempts DynamoDB throttled. Publishers given with
    // a request replace the client's, so the client's own are passed along with ours.
    List<MetricPublisher> publishers = new ArrayList<>(
        client.serviceClientConfiguration().overrideConfiguration().metricPublishers());
    publishers.add(new ThrottleCounter());
    this.override = AwsRequestOverrideConfiguration.builder()
        .apiCallTimeout(timeout)
        .metricPublishers(publishers)
        .build();
  }

  /** Refuses every later operation with {@link BackendClosedException}. Idempotent. */
  void close() {
    closed = true;
  }

  long throttledAttempts() {
    return throttledAttempts.sum();
  }

  long unprocessedRetries() {
    return unprocessedRetries.sum();
  }

  // ---- the operations ----

  @Override
  public CompletableFuture<@Nullable Object> get(String key) {
    return checked(() -> {
      Map<String, AttributeValue> itemKey = itemKey(key);
      return send(() -> client.getItem(b -> b.tableName(table).key(itemKey)
          .consistentRead(consistentRead).overrideConfiguration(override)))
          .thenApply(response -> liveValue(response.item(), nowSeconds()));
    });
  }

  @Override
  public CompletableFuture<Map<String, Object>> getMany(List<String> keys) {
    return checked(() -> {
      BackendArguments.keys(keys);
      List<Map<String, AttributeValue>> itemKeys = new ArrayList<>();
      // BatchGetItem refuses a key asked for twice.
      for (String key : new LinkedHashSet<>(keys)) {
        itemKeys.add(itemKey(key));
      }
      if (itemKeys.isEmpty()) {
        return CompletableFuture.completedFuture(Map.of());
      }
      List<CompletableFuture<List<Map<String, AttributeValue>>>> chunks = new ArrayList<>();
      for (List<Map<String, AttributeValue>> chunk : chunks(itemKeys, GET_BATCH)) {
        KeysAndAttributes request = KeysAndAttributes.builder().keys(chunk)
            .consistentRead(consistentRead).build();
        chunks.add(batchGet(request, 1, new ArrayList<>()));
      }
      return CompletableFuture.allOf(chunks.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
        long now = nowSeconds();
        Map<String, Object> found = new HashMap<>(itemKeys.size() * 2);
        for (CompletableFuture<List<Map<String, AttributeValue>>> chunk : chunks) {
          for (Map<String, AttributeValue> item : chunk.join()) {
            byte[] value = liveValue(item, now);
            AttributeValue key = item.get(KEY);
            if (value != null && key != null) {
              found.put(key.s(), value);
            }
          }
        }
        return found;
      });
    });
  }

  /** One BatchGetItem, sent again for its unprocessed keys (with backoff) until none is left. */
  private CompletableFuture<List<Map<String, AttributeValue>>> batchGet(KeysAndAttributes request,
      int attempt, List<Map<String, AttributeValue>> found) {
    return send(() -> client.batchGetItem(b -> b.requestItems(Map.of(table, request))
        .overrideConfiguration(override)))
        .thenCompose(response -> {
          found.addAll(response.responses().getOrDefault(table, List.of()));
          KeysAndAttributes left = response.unprocessedKeys().get(table);
          if (left == null || left.keys().isEmpty()) {
            return CompletableFuture.completedFuture(found);
          }
          return retryUnprocessed(attempt, left.keys().size(),
              () -> batchGet(left, attempt + 1, found));
        });
  }

  @Override
  public CompletableFuture<Void> set(String key, Object value, @Nullable Duration ttl) {
    return checked(() -> {
      Entry entry = entry(key, value, ttl);
      // The TTL counts from when the request goes out, not from a wait for the table before it.
      return send(() -> client.putItem(b -> b.tableName(table).item(entry.item(clock.millis()))
          .overrideConfiguration(override))).thenApply(response -> null);
    });
  }

  @Override
  public CompletableFuture<Boolean> setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    return checked(() -> {
      Entry entry = entry(key, value, ttl);
      // Absent, or present but expired (DynamoDB has not reaped it yet).
      return send(() -> {
        long nowMillis = clock.millis();
        return client.putItem(b -> b.tableName(table).item(entry.item(nowMillis))
            .conditionExpression("attribute_not_exists(#k) OR #t <= :now")
            .expressionAttributeNames(Map.of("#k", KEY, "#t", TTL))
            .expressionAttributeValues(Map.of(":now", number(seconds(nowMillis))))
            .overrideConfiguration(override));
      }).handle(DynamoDbAsyncBackend::conditionMet);
    });
  }

  @Override
  public CompletableFuture<Void> setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    return checked(() -> {
      Objects.requireNonNull(entries, "entries");
      List<Entry> checked = new ArrayList<>(entries.size());
      entries.forEach((key, value) -> checked.add(entry(key, value, ttl)));
      Ttls.check(ttl);
      // Once the table is ready: the TTL counts from when the writes go out.
      return send(() -> CompletableFuture.<Void>completedFuture(null)).thenCompose(ready -> {
        long nowMillis = clock.millis();
        List<WriteRequest> writes = new ArrayList<>(checked.size());
        for (Entry entry : checked) {
          writes.add(WriteRequest.builder()
              .putRequest(PutRequest.builder().item(entry.item(nowMillis)).build()).build());
        }
        return batchWrite(writes);
      });
    });
  }

  /** BatchWriteItems of at most 25 requests, sent together, each retried for unprocessed items. */
  private CompletableFuture<Void> batchWrite(List<WriteRequest> writes) {
    List<CompletableFuture<Void>> chunks = new ArrayList<>();
    for (List<WriteRequest> chunk : chunks(writes, WRITE_BATCH)) {
      chunks.add(batchWrite(chunk, 1));
    }
    return CompletableFuture.allOf(chunks.toArray(new CompletableFuture<?>[0]));
  }

  private CompletableFuture<Void> batchWrite(List<WriteRequest> chunk, int attempt) {
    return send(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, chunk))
        .overrideConfiguration(override)))
        .thenCompose(response -> {
          List<WriteRequest> left = response.unprocessedItems().get(table);
          if (left == null || left.isEmpty()) {
            return CompletableFuture.completedFuture(null);
          }
          return retryUnprocessed(attempt, left.size(), () -> batchWrite(left, attempt + 1));
        });
  }

  @Override
  public CompletableFuture<Boolean> expireIn(String key, @Nullable Duration ttl) {
    return checked(() -> {
      Map<String, AttributeValue> itemKey = itemKey(key);
      Ttls.check(ttl);
      // Only a live item: present, and without a TTL or with one still ahead.
      return send(() -> {
        long nowMillis = clock.millis();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", number(seconds(nowMillis)));
        String update;
        if (ttl == null) {
          update = "REMOVE #t";
        } else {
          update = "SET #t = :ttl";
          values.put(":ttl", number(expirySeconds(nowMillis, ttl)));
        }
        return client.updateItem(b -> b.tableName(table).key(itemKey)
            .updateExpression(update)
            .conditionExpression("attribute_exists(#k) AND (attribute_not_exists(#t) OR #t > :now)")
            .expressionAttributeNames(Map.of("#k", KEY, "#t", TTL))
            .expressionAttributeValues(values)
            .overrideConfiguration(override));
      }).handle(DynamoDbAsyncBackend::conditionMet);
    });
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return checked(() -> {
      Map<String, AttributeValue> itemKey = itemKey(key);
      return deleteItem(itemKey);
    });
  }

  private CompletableFuture<Boolean> deleteItem(Map<String, AttributeValue> itemKey) {
    return send(() -> client.deleteItem(b -> b.tableName(table).key(itemKey)
        .returnValues(ReturnValue.ALL_OLD).overrideConfiguration(override)))
        .thenApply(response -> response.hasAttributes()
            && isLive(response.attributes(), nowSeconds()));
  }

  /** One DeleteItem per key, sent together: BatchWriteItem would not tell which keys existed. */
  @Override
  public CompletableFuture<Long> deleteMany(Collection<String> keys) {
    return checked(() -> {
      BackendArguments.keys(keys);
      List<CompletableFuture<Boolean>> deletes = new ArrayList<>();
      for (String key : new LinkedHashSet<>(keys)) {
        deletes.add(deleteItem(itemKey(key)));
      }
      return CompletableFuture.allOf(deletes.toArray(new CompletableFuture<?>[0]))
          .thenApply(done -> deletes.stream().filter(CompletableFuture::join).count());
    });
  }

  @Override
  public CompletableFuture<Boolean> exists(String key) {
    return checked(() -> {
      Map<String, AttributeValue> itemKey = itemKey(key);
      return send(() -> client.getItem(b -> b.tableName(table).key(itemKey)
          .consistentRead(consistentRead).projectionExpression("#k, #t")
          .expressionAttributeNames(Map.of("#k", KEY, "#t", TTL))
          .overrideConfiguration(override)))
          .thenApply(response -> response.hasItem() && !response.item().isEmpty()
              && isLive(response.item(), nowSeconds()));
    });
  }

  /**
   * Deletes the items whose key begins with {@code prefix}: a paged Scan with a begins_with filter,
   * each page's keys deleted by BatchWriteItem before the next page is read. Counts the live items
   * removed (expired ones are removed too, uncounted). Each request is bounded by the timeout, the
   * whole is not.
   */
  @Override
  public CompletableFuture<Long> clear(String prefix) {
    return checked(() -> {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("clear needs a non-empty prefix, such as"
            + " '<namespace>:'; Cachette never empties a whole DynamoDB table");
      }
      return clearFrom(prefix, null, 0L);
    });
  }

  private CompletableFuture<Long> clearFrom(String prefix,
      @Nullable Map<String, AttributeValue> startKey, long removed) {
    return scanPage(prefix, startKey, false).thenCompose(page -> {
      long now = nowSeconds();
      long live = 0;
      List<WriteRequest> deletes = new ArrayList<>(page.items().size());
      for (Map<String, AttributeValue> item : page.items()) {
        AttributeValue key = item.get(KEY);
        if (key == null) {
          continue;
        }
        if (isLive(item, now)) {
          live++;
        }
        deletes.add(WriteRequest.builder()
            .deleteRequest(DeleteRequest.builder().key(Map.of(KEY, key)).build()).build());
      }
      long total = removed + live;
      return batchWrite(deletes).thenCompose(done -> page.hasLastEvaluatedKey()
          && !page.lastEvaluatedKey().isEmpty()
          ? clearFrom(prefix, page.lastEvaluatedKey(), total)
          : CompletableFuture.completedFuture(total));
    });
  }

  /**
   * One page of a Scan for the keys starting with {@code prefix} (every key when it is empty),
   * projecting the key and the TTL. With {@code liveOnly}, the server leaves out expired items.
   */
  CompletableFuture<ScanResponse> scanPage(String prefix,
      @Nullable Map<String, AttributeValue> startKey, boolean liveOnly) {
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> filters = new ArrayList<>(2);
    if (!prefix.isEmpty()) {
      filters.add("begins_with(#k, :prefix)");
      values.put(":prefix", AttributeValue.fromS(prefix));
    }
    if (liveOnly) {
      filters.add("(attribute_not_exists(#t) OR #t > :now)");
      values.put(":now", number(nowSeconds()));
    }
    return send(() -> client.scan(b -> {
      b.tableName(table).limit(SCAN_PAGE).consistentRead(consistentRead)
          .projectionExpression("#k, #t")
          .expressionAttributeNames(Map.of("#k", KEY, "#t", TTL))
          .exclusiveStartKey(startKey).overrideConfiguration(override);
      if (!filters.isEmpty()) {
        b.filterExpression(String.join(" AND ", filters)).expressionAttributeValues(values);
      }
    }));
  }

  /** The key of a listed item with the time it has left, or null for an expired or foreign item. */
  @Nullable KeyInfo keyInfo(Map<String, AttributeValue> item) {
    AttributeValue key = item.get(KEY);
    if (key == null || key.s() == null) {
      return null;
    }
    AttributeValue ttl = item.get(TTL);
    if (ttl == null || ttl.n() == null) {
      return new KeyInfo(key.s(), null);
    }
    BigDecimal expiresAtMillis = new BigDecimal(ttl.n()).movePointRight(3);
    BigDecimal left = expiresAtMillis.subtract(BigDecimal.valueOf(clock.millis()));
    if (left.signum() <= 0) {
      return null;
    }
    long millis = left.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
    return new KeyInfo(key.s(), Duration.ofMillis(millis));
  }

  // ---- items, keys and time ----

  /**
   * The primary key of a key, checked.
   *
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when it is empty or longer than DynamoDB's 2048 bytes
   */
  static Map<String, AttributeValue> itemKey(String key) {
    BackendArguments.key(key);
    // A String is at most three UTF-8 bytes per char: only long keys need counting.
    if (key.length() * 3L > MAX_KEY_BYTES
        && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key is " + key.getBytes(StandardCharsets.UTF_8).length
          + " bytes in UTF-8, over DynamoDB's limit of " + MAX_KEY_BYTES
          + " bytes for a partition key; use shorter keys (or KeyStyle.HASHED for memoization)");
    }
    return Map.of(KEY, AttributeValue.fromS(key));
  }

  /** A checked entry: its key, its bytes and its TTL, made into an item when it is sent. */
  private record Entry(Map<String, AttributeValue> key, byte[] value, @Nullable Duration ttl) {
    Map<String, AttributeValue> item(long nowMillis) {
      Map<String, AttributeValue> item = new HashMap<>(4);
      item.putAll(key);
      item.put(VALUE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(value)));
      if (ttl != null) {
        item.put(TTL, number(expirySeconds(nowMillis, ttl)));
      }
      return item;
    }
  }

  /**
   * Checks a write's arguments, before anything is sent.
   *
   * @throws NullPointerException when the key or value is null
   * @throws IllegalArgumentException when the key, value or TTL is invalid
   * @throws io.cachette.ValueTooLargeException when the value is over {@link #MAX_VALUE_BYTES}
   */
  private Entry entry(String key, Object value, @Nullable Duration ttl) {
    Map<String, AttributeValue> itemKey = itemKey(key);
    byte[] bytes = BackendArguments.bytes(key, value, MAX_VALUE_BYTES, description);
    Ttls.check(ttl);
    return new Entry(itemKey, bytes, ttl);
  }

  /**
   * The outcome of a conditional request: true when it was applied, false when the item was not
   * in the state its condition asks for; any other failure is passed on.
   */
  private static boolean conditionMet(@Nullable Object response, @Nullable Throwable error) {
    if (error == null) {
      return true;
    }
    Throwable cause = Completions.unwrap(error);
    if (cause instanceof ConditionalCheckFailedException
        || cause.getCause() instanceof ConditionalCheckFailedException) {
      return false;
    }
    throw new CompletionException(cause);
  }

  /** The value of a live item, or null when the item is absent, expired or not one of ours. */
  private static byte @Nullable [] liveValue(@Nullable Map<String, AttributeValue> item,
      long nowSeconds) {
    if (item == null || item.isEmpty() || !isLive(item, nowSeconds)) {
      return null;
    }
    AttributeValue value = item.get(VALUE);
    return value == null || value.b() == null ? null : value.b().asByteArrayUnsafe();
  }

  /** Whether an item has no TTL, or one after {@code nowSeconds}. */
  static boolean isLive(Map<String, AttributeValue> item, long nowSeconds) {
    AttributeValue ttl = item.get(TTL);
    if (ttl == null || ttl.n() == null) {
      return true;
    }
    return new BigDecimal(ttl.n()).compareTo(BigDecimal.valueOf(nowSeconds)) > 0;
  }

  /**
   * The epoch second an entry written at {@code nowMillis} with this TTL expires: rounded up, so
   * that the entry lives at least its TTL (and at most a second longer).
   */
  static long expirySeconds(long nowMillis, Duration ttl) {
    long atMillis = Ttls.expiresAtMillis(nowMillis, ttl);
    return atMillis / 1000 + (atMillis % 1000 == 0 ? 0 : 1);
  }

  private static long seconds(long millis) {
    return Math.floorDiv(millis, 1000);
  }

  private long nowSeconds() {
    return seconds(clock.millis());
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> chunks = new ArrayList<>((all.size() + size - 1) / size);
    for (int from = 0; from < all.size(); from += size) {
      chunks.add(all.subList(from, Math.min(all.size(), from + size)));
    }
    return chunks;
  }

  // ---- sending, retrying, failing ----

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

  /**
   * Sends a request once the table is ready (created, when the backend creates it), turning any
   * failure into a {@link CacheException} that names this backend.
   */
  private <T> CompletableFuture<T> send(Supplier<CompletableFuture<T>> request) {
    CompletableFuture<T> reply;
    try {
      reply = setup.ready().thenCompose(ready -> request.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failure(e));
    }
    return reply.handle((value, error) -> {
      if (error != null) {
        throw new CompletionException(failure(error));
      }
      return value;
    });
  }

  /** Sends a batch's unprocessed part again after a backoff, or fails after the last attempt. */
  private <T> CompletableFuture<T> retryUnprocessed(int attempt, int left,
      Supplier<CompletableFuture<T>> retry) {
    if (attempt >= MAX_BATCH_ATTEMPTS) {
      return CompletableFuture.failedFuture(new CacheException(description + " left " + left
          + " items of a batch unprocessed after " + attempt + " attempts (the table's capacity"
          + " is exceeded); retry later or raise the table's capacity"));
    }
    unprocessedRetries.increment();
    long cap = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 20));
    // Full jitter: concurrent batches spread their retries instead of landing together.
    long delay = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      scheduler.schedule(() -> {
        if (closed) {
          result.completeExceptionally(new BackendClosedException(description));
          return;
        }
        try {
          retry.get().whenComplete((value, error) -> {
            if (error != null) {
              result.completeExceptionally(Completions.unwrap(error));
            } else {
              result.complete(value);
            }
          });
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      }, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new BackendClosedException(description));
    }
    return result;
  }

  /** The failure of a call, as the exception the backend throws. */
  RuntimeException failure(Throwable error) {
    Throwable cause = Completions.unwrap(error);
    if (cause instanceof CacheException || cause instanceof IllegalArgumentException
        || cause instanceof NullPointerException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException
        || cause instanceof TimeoutException) {
      return timedOut(cause);
    }
    if (cause instanceof ResourceNotFoundException) {
      return new CacheException(description + ": table '" + table + "' does not exist; create it"
          + " (partition key '" + KEY + "' of type S) or open the backend with create-table=true",
          cause);
    }
    if (isThrottling(cause)) {
      return new CacheException(description + " is throttled: DynamoDB refused the request for"
          + " lack of capacity after the SDK's retries; raise the table's capacity or use"
          + " on-demand billing", cause);
    }
    if (cause instanceof SdkClientException) {
      return new CacheException(description + " is unreachable: " + cause.getMessage(), cause);
    }
    return new CacheException(description + " failed: " + cause, cause);
  }

  CacheException timedOut(@Nullable Throwable cause) {
    return new CacheException(description + " did not answer within " + timeout, cause);
  }

  private static boolean isThrottling(Throwable error) {
    if (error instanceof ProvisionedThroughputExceededException
        || error instanceof RequestLimitExceededException) {
      return true;
    }
    return error instanceof DynamoDbException dynamo && dynamo.awsErrorDetails() != null
        && "ThrottlingException".equals(dynamo.awsErrorDetails().errorCode());
  }

  /** Counts the attempts that DynamoDB throttled, from the SDK's metrics of each call. */
  private final class ThrottleCounter implements MetricPublisher {
    @Override
    public void publish(MetricCollection metrics) {
      count(metrics);
    }

    private void count(MetricCollection metrics) {
      for (String type : metrics.metricValues(CoreMetric.ERROR_TYPE)) {
        if (THROTTLING.equals(type)) {
          throttledAttempts.increment();
        }
      }
      for (MetricCollection child : metrics.children()) {
        count(child);
      }
    }

    @Override
    public void close() {}
  }
}
