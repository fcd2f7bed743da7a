package io.cachette.dynamodb;

import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The backend contract on a client the user made ({@link DynamoDbBackend#builder}), shared by every
 * backend of the class and never closed by them, against dynalite.
 */
class DynamoDbClientConformanceTest extends BackendConformanceTest {
  @RegisterExtension
  static final DynaliteServer DYNALITE = DynaliteServer.inMemory();

  private static DynamoDbAsyncClient client;

  @BeforeAll
  static void openClient() {
    DynaliteServer.requireDynalite();
    client = new RequestCounter().client(DYNALITE.endpoint());
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    return DynamoDbBackend.builder(client, "cachette-client-conformance").createTable(true).build();
  }
}
