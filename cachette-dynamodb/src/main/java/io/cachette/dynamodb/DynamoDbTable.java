package io.cachette.dynamodb;

import io.cachette.CacheException;
import io.cachette.backend.Completions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Makes a backend's table ready before its first request, when the backend creates its table:
 * creates it if missing (partition key {@code key} of type S, on-demand billing), waits for it to
 * become ACTIVE, and turns DynamoDB's TTL on for the {@code ttl} attribute. The work runs once;
 * when it fails (the server is down), the next request tries again, so a backend opened while
 * DynamoDB is unreachable starts working once it is back. Thread-safe.
 */
final class DynamoDbTable {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbTable.class);
  private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);
  /** How often, and how long, a new table is polled until it is ACTIVE. */
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration ACTIVE_DEADLINE = Duration.ofMinutes(2);

  private final DynamoDbAsyncClient client;
  private final String table;
  private final String description;
  private final ScheduledExecutorService scheduler;
  private final AwsRequestOverrideConfiguration override;
  private final AtomicReference<CompletableFuture<Void>> setup = new AtomicReference<>();
  private final LongAdder ttlUpdates = new LongAdder();
  private final boolean create;

  private DynamoDbTable(DynamoDbAsyncClient client, String table, String description,
      ScheduledExecutorService scheduler, Duration timeout, boolean create) {
    this.client = client;
    this.table = table;
    this.description = description;
    this.scheduler = scheduler;
    this.override = AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build();
    this.create = create;
  }

  /** A table the backend creates (if missing) and turns TTL on for, before its first request. */
  static DynamoDbTable creating(DynamoDbAsyncClient client, String table, String description,
      ScheduledExecutorService scheduler, Duration timeout) {
    return new DynamoDbTable(client, table, description, scheduler, timeout, true);
  }

  /** A table the user made: requests go out at once. */
  static DynamoDbTable existing(DynamoDbAsyncClient client, String table, String description,
      ScheduledExecutorService scheduler, Duration timeout) {
    return new DynamoDbTable(client, table, description, scheduler, timeout, false);
  }

  /** Completes when requests may be sent; fails (for this request only) when setting up failed. */
  CompletableFuture<Void> ready() {
    if (!create) {
      return READY;
    }
    while (true) {
      CompletableFuture<Void> current = setup.get();
      if (current != null && !current.isCompletedExceptionally()) {
        return current;
      }
      CompletableFuture<Void> attempt = new CompletableFuture<>();
      if (setup.compareAndSet(current, attempt)) {
        run().whenComplete((done, error) -> {
          if (error != null) {
            attempt.completeExceptionally(Completions.unwrap(error));
          } else {
            attempt.complete(null);
          }
        });
        return attempt;
      }
    }
  }

  /** How many times this backend asked DynamoDB to turn TTL on (once per table, normally). */
  long ttlUpdates() {
    return ttlUpdates.sum();
  }

  private CompletableFuture<Void> run() {
    return client.describeTable(b -> b.tableName(table).overrideConfiguration(override))
        .thenApply(response -> response.table().tableStatus())
        .exceptionallyCompose(error -> {
          if (!(Completions.unwrap(error) instanceof ResourceNotFoundException)) {
            return CompletableFuture.failedFuture(Completions.unwrap(error));
          }
          LOG.info("{}: creating table '{}' (on-demand, partition key 'key' of type S)",
              description, table);
          return client.createTable(b -> b.tableName(table)
                  .attributeDefinitions(AttributeDefinition.builder()
                      .attributeName(DynamoDbAsyncBackend.KEY)
                      .attributeType(ScalarAttributeType.S).build())
                  .keySchema(KeySchemaElement.builder().attributeName(DynamoDbAsyncBackend.KEY)
                      .keyType(KeyType.HASH).build())
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .overrideConfiguration(override))
              .thenApply(created -> created.tableDescription().tableStatus())
              .exceptionally(raced -> {
                // Another process created it in between: wait for it like for ours.
                if (Completions.unwrap(raced) instanceof ResourceInUseException) {
                  return TableStatus.CREATING;
                }
                throw Completions.unwrap(raced) instanceof RuntimeException e ? e
                    : new CacheException(description + ": could not create table", raced);
              });
        })
        .thenCompose(status -> status == TableStatus.ACTIVE ? READY
            : untilActive(System.nanoTime() + ACTIVE_DEADLINE.toNanos()))
        .thenCompose(active -> turnOnTtl());
  }

  private CompletableFuture<Void> untilActive(long deadlineNanos) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    try {
      scheduler.schedule(() -> client.describeTable(b -> b.tableName(table)
              .overrideConfiguration(override))
          .whenComplete((response, error) -> {
            if (error != null) {
              result.completeExceptionally(Completions.unwrap(error));
            } else if (response.table().tableStatus() == TableStatus.ACTIVE) {
              result.complete(null);
            } else if (System.nanoTime() - deadlineNanos > 0) {
              result.completeExceptionally(new CacheException(description + ": table '" + table
                  + "' is still " + response.table().tableStatusAsString() + " after "
                  + ACTIVE_DEADLINE));
            } else {
              untilActive(deadlineNanos).whenComplete((done, later) -> {
                if (later != null) {
                  result.completeExceptionally(later);
                } else {
                  result.complete(null);
                }
              });
            }
          }), POLL.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new CacheException(description + " is closed", e));
    }
    return result;
  }

  /**
   * Turns DynamoDB's TTL on for the {@code ttl} attribute, unless it already is. A server that
   * cannot (dynalite has no UpdateTimeToLive) or a role that may not is warned about, not fatal:
   * reads filter expired items either way, the table just keeps them until they are cleared.
   */
  private CompletableFuture<Void> turnOnTtl() {
    return client.describeTimeToLive(b -> b.tableName(table).overrideConfiguration(override))
        .thenCompose(response -> {
          TimeToLiveDescription ttl = response.timeToLiveDescription();
          TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
          if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
            if (!DynamoDbAsyncBackend.TTL.equals(ttl.attributeName())) {
              LOG.warn("{}: table '{}' has TTL on attribute '{}', not '{}': DynamoDB will not"
                      + " delete expired cache entries (reads still skip them)", description, table,
                  ttl.attributeName(), DynamoDbAsyncBackend.TTL);
            }
            return READY;
          }
          ttlUpdates.increment();
          return client.updateTimeToLive(b -> b.tableName(table)
                  .timeToLiveSpecification(s -> s.enabled(true)
                      .attributeName(DynamoDbAsyncBackend.TTL))
                  .overrideConfiguration(override))
              .<Void>thenApply(updated -> null);
        })
        .exceptionally(error -> {
          Throwable cause = Completions.unwrap(error);
          if (cause instanceof DynamoDbException) {
            LOG.warn("{}: could not turn DynamoDB's TTL on for table '{}' ({}); expired entries"
                    + " are skipped by reads but stay in the table until cleared", description,
                table, cause.getMessage());
            return null;
          }
          throw cause instanceof RuntimeException e ? e
              : new CacheException(description + ": could not set up TTL", cause);
        });
  }
}
