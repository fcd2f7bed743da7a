package io.cachette.mongodb;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the tests' stand-in (mongo-java-server, in memory) as a process of its own, for the
 * benchmarks when no real MongoDB is at hand: {@code StandInServer [port]} (default 27017) serves
 * on 127.0.0.1 until killed.
 */
public final class StandInServer {
  private StandInServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", port);
    System.out.println("mongo-java-server listening on 127.0.0.1:" + port);
    new CountDownLatch(1).await();
  }
}
