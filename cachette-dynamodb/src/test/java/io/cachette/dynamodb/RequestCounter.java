package io.cachette.dynamodb;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Counts the API calls a client makes, by operation name (BatchGetItem, Scan...), from the SDK's
 * own metrics: what the tests use to check how requests are chunked, without a mock.
 */
final class RequestCounter implements MetricPublisher {
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  /** A client of dynalite (or the endpoint given) whose calls this counter counts. */
  DynamoDbAsyncClient client(String endpoint) {
    return DynamoDbAsyncClient.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create(endpoint))
        .overrideConfiguration(c -> c.addMetricPublisher(this))
        .build();
  }

  @Override
  public void publish(MetricCollection metrics) {
    for (String operation : metrics.metricValues(CoreMetric.OPERATION_NAME)) {
      calls.computeIfAbsent(operation, name -> new LongAdder()).increment();
    }
  }

  /** How many calls of an operation completed (or failed) since the last {@link #reset()}. */
  long calls(String operation) {
    LongAdder count = calls.get(operation);
    return count == null ? 0 : count.sum();
  }

  void reset() {
    calls.clear();
  }

  @Override
  public void close() {}
}
