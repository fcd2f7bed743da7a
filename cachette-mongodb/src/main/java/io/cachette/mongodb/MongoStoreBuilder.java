package io.cachette.mongodb;

import com.mongodb.client.MongoClient;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The options {@link MongoBackend.Builder} and {@link GridFsBackend.Builder} share: where the
 * store lives (a client, a database) and how it runs (clock, executor, async threads), each
 * settable once. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class MongoStoreBuilder<B extends MongoStoreBuilder<B>> {
  final MongoClient client;
  final String database;
  private final boolean ownsClient;
  final String name;
  private final MongoStoreOptions options = new MongoStoreOptions();

  MongoStoreBuilder(MongoClient client, String database, boolean ownsClient, String name) {
    this.client = client;
    this.database = database;
    this.ownsClient = ownsClient;
    this.name = name;
  }

  abstract B self();

  /**
   * Reads the time for expiry from this clock instead of the system's, for tests. A server's own
   * TTL monitor follows the server's clock.
   *
   * @throws IllegalStateException when already set
   */
  public B clock(Clock clock) {
    options.clock(clock);
    return self();
  }

  /**
   * Runs the async face's operations on this executor, which stays yours (it is not shut down
   * with the backend). Give a bounded one. Default: a pool of the backend's own.
   *
   * @throws IllegalStateException when already set, or when {@link #asyncThreads} was set
   */
  public B executor(Executor executor) {
    options.executor(executor);
    return self();
  }

  /**
   * The threads of the backend's own async pool (1 to 1024; default 16), whose queue holds
   * 10,000 operations; beyond that an async operation fails at once. The URL parameter
   * {@code async-threads} sets the same option.
   *
   * @throws IllegalArgumentException when out of range
   * @throws IllegalStateException when already set, or when {@link #executor} was set
   */
  public B asyncThreads(int threads) {
    options.asyncThreads(threads);
    return self();
  }

  /** The settings of the store, named {@code fullName}; closing it closes an owned client. */
  final MongoStore.Settings settings(String fullName) {
    return options.settings(fullName, ownsClient ? client::close : () -> {});
  }

  /** The shared options as text, for {@code toString()}. */
  final String describeOptions() {
    return options.describe();
  }
}
