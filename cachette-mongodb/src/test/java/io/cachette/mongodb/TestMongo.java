package io.cachette.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * The MongoDB server of the tests. No real MongoDB can be installed where the suite runs, so the
 * tests start mongo-java-server (an in-process server speaking the MongoDB wire protocol, with an
 * in-memory store) on 127.0.0.1 and an ephemeral port. Setting the environment variable
 * {@value #ENV} to a MongoDB connection string ({@code mongodb://127.0.0.1:27017}) runs the
 * conformance and behaviour tests against that server instead; the tests that stop and restart
 * a server always use an in-process one of their own.
 *
 * <p>Public for the tests of other modules (cachette-http's run the HTTP cache on this server, from
 * this module's test-jar). Thread-safe.
 */
public final class TestMongo {
  /** The environment variable naming a real MongoDB server to test against. */
  static final String ENV = "CACHETTE_TEST_MONGODB";
  /** The database the tests write to. */
  public static final String DATABASE = "cachette_test";

  private static InProcess shared;

  private TestMongo() {}

  /** The shared server's base URL, such as {@code mongodb://127.0.0.1:41234}, without a path. */
  public static synchronized String baseUrl() {
    String real = System.getenv(ENV);
    if (real != null && !real.isBlank()) {
      return real.strip().replaceAll("/+$", "");
    }
    if (shared == null) {
      shared = new InProcess();
      shared.start();
    }
    return "mongodb://127.0.0.1:" + shared.port;
  }

  /** Whether the tests run against mongo-java-server (not a real MongoDB). */
  static boolean inProcess() {
    String real = System.getenv(ENV);
    return real == null || real.isBlank();
  }

  /** A client of the shared server; the caller closes it. */
  static MongoClient client() {
    return MongoClients.create(baseUrl());
  }

  /** An in-process server that a test may stop and start again on the same port. */
  static final class InProcess {
    private MongoServer server;
    int port;

    /** Starts the server: on an ephemeral port the first time, on the same port afterwards. */
    synchronized void start() {
      server = new MongoServer(new MemoryBackend());
      if (port == 0) {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        server.bind(address);
        port = server.getLocalAddress().getPort();
      } else {
        server.bind("127.0.0.1", port);
      }
    }

    /** Stops the server at once, dropping its connections and its data. */
    synchronized void stop() {
      if (server != null) {
        server.shutdownNow();
        server = null;
      }
    }

    String url() {
      return "mongodb://127.0.0.1:" + port;
    }
  }
}
