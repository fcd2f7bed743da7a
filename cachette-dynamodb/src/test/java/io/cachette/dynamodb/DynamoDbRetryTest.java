package io.cachette.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.CacheException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What DynamoDB does under load and dynalite does not, played by {@link DisruptingProxy} in front
 * of dynalite: throttled requests are retried by the SDK and counted, and batches that come back
 * partly unprocessed are sent again until every item is done.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DynamoDbRetryTest {
  @RegisterExtension
  static final DynaliteServer DYNALITE = DynaliteServer.inMemory();

  private DisruptingProxy proxy;
  private DynamoDbBackend backend;

  @BeforeEach
  void open() throws Exception {
    DynaliteServer.requireDynalite();
    proxy = new DisruptingProxy(DYNALITE.endpoint());
    String table = "cachette-retry-" + UUID.randomUUID().toString().substring(0, 8);
    backend = (DynamoDbBackend) io.cachette.backend.Backends.fromUrl("dynamodb://" + table
        + "?region=us-east-1&create-table=true&timeout=30s&endpoint=" + proxy.endpoint());
    backend.exists("warm-up"); // creates the table
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void throttledRequestsAreRetriedByTheSdkAndCounted() {
    backend.set("a", bytes("alpha"), null);
    proxy.throttleNext(2);

    assertThat(backend.get("a")).isEqualTo(bytes("alpha"));

    assertThat(proxy.throttledRequests()).isEqualTo(2);
    assertThat(backend.throttledAttempts()).isEqualTo(2);
  }

  @Test
  void aRequestStillThrottledAfterTheSdksRetriesFailsSayingSo() {
    proxy.throttleNext(1000);

    assertThatThrownBy(() -> backend.get("a")).isInstanceOf(CacheException.class)
        .hasMessageContaining("throttled").hasMessageContaining("capacity");

    assertThat(backend.throttledAttempts()).isEqualTo(proxy.throttledRequests())
        .isGreaterThan(1);
  }

  @Test
  void unprocessedItemsOfABatchWriteAreSentAgainUntilAllAreWritten() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      entries.put("w:" + i, bytes("v" + i));
    }
    proxy.processHalfOfNext(4);

    backend.setMany(entries, null);

    assertThat(proxy.shortenedBatches()).isEqualTo(4);
    assertThat(backend.unprocessedRetries()).isEqualTo(4);
    Map<String, Object> found = backend.getMany(new ArrayList<>(entries.keySet()));
    assertThat(found).hasSize(60);
    for (int i = 0; i < 60; i++) {
      assertThat((byte[]) found.get("w:" + i)).isEqualTo(bytes("v" + i));
    }
  }

  @Test
  void unprocessedKeysOfABatchGetAreAskedForAgain() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 150; i++) {
      entries.put("g:" + i, bytes("v" + i));
    }
    backend.setMany(entries, null);
    List<String> keys = new ArrayList<>(entries.keySet());
    proxy.processHalfOfNext(3);

    Map<String, Object> found = backend.getMany(keys);

    assertThat(proxy.shortenedBatches()).isEqualTo(3);
    assertThat(backend.unprocessedRetries()).isEqualTo(3);
    assertThat(found).hasSize(150);
    assertThat((byte[]) found.get("g:149")).isEqualTo(bytes("v149"));
  }

  @Test
  void aBatchThatStaysUnprocessedFailsAfterItsLastAttempt() {
    proxy.processNoneOfNext(1000);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 25; i++) {
      entries.put("u:" + i, bytes("v"));
    }

    assertThatThrownBy(() -> backend.setMany(entries, null)).isInstanceOf(CacheException.class)
        .hasMessageContaining("unprocessed");
    assertThat(backend.unprocessedRetries())
        .isEqualTo(DynamoDbAsyncBackend.MAX_BATCH_ATTEMPTS - 1);
  }
}
