package io.cachette.mongodb;

import com.mongodb.client.MongoClient;
import io.cachette.backend.Backend;
import io.cachette.testkit.BackendConformanceTest;
import io.cachette.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backend contract on a {@link MongoBackend} built on a client, reading time from the test's
 * clock (so the TTL tests move the clock, and expiry is decided by reads, not by the server).
 */
class MongoClockConformanceTest extends BackendConformanceTest {
  private static MongoClient client;

  @BeforeAll
  static void connect() {
    client = TestMongo.client();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Override
  protected Backend newBackend(MutableClock clock) {
    return MongoBackend.builder(client, TestMongo.DATABASE).collection("conformance_clock")
        .clock(clock).build();
  }

  @Override
  protected boolean followsClock() {
    return true;
  }
}
