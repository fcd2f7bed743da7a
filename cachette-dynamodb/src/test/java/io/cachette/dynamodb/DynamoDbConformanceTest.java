package io.cachette.dynamodb;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend contract on {@code dynamodb://} URLs, against dynalite (or the DynamoDB named by
 * {@code CACHETTE_DYNAMODB_URL}). The backend follows real time: its TTLs have one-second
 * precision, too coarse for the suite's clock-driven checks.
 */
class DynamoDbConformanceTest extends BackendConformanceTest {
  @RegisterExtension
  static final DynaliteServer DYNALITE = DynaliteServer.inMemory();

  @Override
  protected Backend newBackend(MutableClock clock) {
    return Backends.fromUrl(DYNALITE.url("cachette-conformance", "timeout=5s"));
  }
}
