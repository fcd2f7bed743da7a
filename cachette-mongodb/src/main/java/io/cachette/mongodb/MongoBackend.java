package io.cachette.mongodb;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.cachette.KeyInfo;
import io.cachette.StoreSpec;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.Ttls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link io.cachette.backend.Backend} on a MongoDB collection: one document per key,
 * {@code {_id: key, value: BinData, expiresAt: Date}} ({@code expiresAt} is left out when the
 * entry never expires). Open one by URL with {@link io.cachette.backend.Backends#fromUrl(String)}
 * ({@code mongodb://host/db?collection=cachette}, see {@link MongoBackendProvider}), or on a
 * {@link MongoClient} you have:
 *
 * <pre>{@code
 * MongoBackend mongo = MongoBackend.builder(mongoClient, "myapp")
 *     .collection("cache")
 *     .build();
 * Cache<User> users = Cache.builder(User.class).backend(mongo).namespace("users").build();
 * }</pre>
 *
 * <p><b>Expiry.</b> On first use the backend creates a TTL index on {@code expiresAt}
 * ({@code expireAfterSeconds: 0}, once per backend; turn it off with
 * {@link Builder#createIndex(boolean)}), so that the server removes expired entries in the
 * background. The server's TTL monitor runs about once a minute, so every read also treats an
 * entry whose {@code expiresAt} has passed (by this backend's clock) as absent. TTLs have
 * millisecond precision and are rounded up; one too long for a date ends on 9999-12-31.
 *
 * <p><b>Operations.</b> {@code get}, {@code exists}: one {@code find} by {@code _id};
 * {@code getMany}: one {@code find} with {@code $in}; {@code set}: a replacing upsert;
 * {@code setIfAbsent}: an upsert whose filter matches only an expired holder of the key, so a
 * live holder makes it fail on the unique {@code _id} (atomic: of concurrent callers exactly one
 * wins); {@code setMany}: one unordered {@code bulkWrite} of upserts (one round trip; each
 * document is written atomically, the batch is not all-or-nothing); {@code expireIn}: one
 * update of a live entry; {@code delete}: {@code findOneAndDelete}; {@code clear}: one
 * {@code deleteMany} of the {@code _id} range that starts with the prefix (taken literally),
 * never a drop of the collection; {@link #scan(String)}: a cursor over that range in {@code _id}
 * order, a batch at a time.
 *
 * <p><b>Limits.</b> Keys are non-empty strings of at most 8 KiB in UTF-8. A MongoDB document is at
 * most 16 MiB, so values are at most {@link #maxValueBytes()} bytes (16 MiB less 32 KiB for the
 * key and the fields); a larger one is refused with {@link io.cachette.ValueTooLargeException},
 * whose message names {@code gridfs://}, the backend for values of any size.
 *
 * <p><b>Threads and failures.</b> The sync face calls the driver's synchronous API on the
 * caller's thread. The async face runs those calls on a bounded pool (16 threads and a queue of
 * 10,000 by default; see {@link Builder#asyncThreads(int)} and {@link Builder#executor}) rather
 * than on the reactive-streams driver: the sync driver is the one most applications already
 * have, its GridFS and bulk APIs are plain, and a cache round trip is short enough that a pool
 * the size of the connection pool costs little; the JDBC backend makes the same choice. Driver
 * failures are thrown as {@link io.cachette.CacheException}s naming the backend (never its
 * password); a server that is down fails each operation within the server selection timeout
 * ({@code timeout}, 2 seconds by default for URLs), and the driver reconnects by itself when the
 * server is back. Thread-safe.
 */
public final class MongoBackend extends MongoStore {
  private static final Logger LOG = LoggerFactory.getLogger(MongoBackend.class);

  /** The largest document MongoDB stores. */
  static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;
  /**
   * The largest value: a document less room for the key, the field names and the date. The upsert
   * that writes it holds the key twice (filter and document), and the statement must fit in
   * 16 MiB too, so the room is twice the longest key and then some.
   */
  static final long MAX_VALUE_BYTES = MAX_DOCUMENT_BYTES - 32 * 1024;
  /** The name of the TTL index the backend creates. */
  static final String TTL_INDEX = "cachette_expiresAt_ttl";
  static final String VALUE = "value";

  private final MongoCollection<Document> collection;
  private final String description;
  private final boolean createIndex;
  private final Object indexLock = new Object();
  private volatile boolean indexChecked;

  private MongoBackend(MongoCollection<Document> collection, String name, boolean createIndex,
      MongoStore.Settings settings) {
    super(settings);
    this.collection = collection;
    this.createIndex = createIndex;
    this.description = name + " (documents up to 16 MiB; gridfs:// stores larger values)";
    Objects.requireNonNull(name, "name");
  }

  /**
   * Starts building a backend on a client you have, in the given database. The client stays
   * yours: the backend never closes it, and its settings (timeouts included) apply.
   */
  public static Builder builder(MongoClient client, String database) {
    Objects.requireNonNull(client, "client");
    return new Builder(client, MongoEndpoint.checkDatabase(database), false,
        "mongodb (a MongoClient), database " + database);
  }

  /** The builder of a backend opened by URL: the backend owns and closes the client. */
  static Builder owning(MongoClient client, String database, String name) {
    return new Builder(client, database, true, name);
  }

  // ---- reads ----

  @Override
  public @Nullable Object get(String key) {
    Documents.key(key);
    return call(() -> {
      ensureIndex();
      Document found = collection.find(Filters.eq(Documents.ID, key)).first();
      return Documents.live(found, clock.millis()) ? value(found) : null;
    });
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    List<String> distinct = Documents.keys(keys);
    if (distinct.isEmpty()) {
      checkOpen();
      return Map.of();
    }
    return call(() -> {
      ensureIndex();
      long now = clock.millis();
      Map<String, Object> found = new HashMap<>(distinct.size() * 2);
      for (Document document : collection.find(Filters.in(Documents.ID, distinct))) {
        if (Documents.live(document, now)) {
          found.put(document.getString(Documents.ID), value(document));
        }
      }
      return found;
    });
  }

  @Override
  public boolean exists(String key) {
    Documents.key(key);
    return call(() -> {
      ensureIndex();
      Document found = collection.find(Filters.eq(Documents.ID, key))
          .projection(Projections.include(Documents.EXPIRES_AT)).first();
      return Documents.live(found, clock.millis());
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One cursor over the {@code _id} range of the prefix, in {@code _id} order, fetched
   * {@value MongoStore#SCAN_BATCH} documents at a time (keys and expiry times only).
   */
  @Override
  public Stream<KeyInfo> scan(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return call(() -> {
      ensureIndex();
      Bson filter = Filters.and(Documents.prefixFilter(Documents.ID, prefix),
          Documents.liveFilter(clock.millis()));
      return keyStream(collection.find(filter)
          .projection(Projections.include(Documents.EXPIRES_AT))
          .sort(Sorts.ascending(Documents.ID)).batchSize(SCAN_BATCH).cursor());
    });
  }

  // ---- writes ----

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    byte[] bytes = checked(key, value, ttl);
    call(() -> {
      ensureIndex();
      Document document = document(key, bytes, ttl, clock.millis());
      collection.replaceOne(Filters.eq(Documents.ID, key), document,
          new ReplaceOptions().upsert(true));
      return null;
    });
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    byte[] bytes = checked(key, value, ttl);
    return call(() -> {
      ensureIndex();
      Document document = document(key, bytes, ttl, clock.millis());
      // Matches only an expired holder, which is replaced; with no holder the upsert inserts; a
      // live holder (or one that never expires) does not match, so the upsert's insert hits the
      // unique _id and fails: that is the "already there" answer, decided by the server.
      Bson expiredHolder = Filters.and(Filters.eq(Documents.ID, key),
          Documents.expiredFilter(clock.millis()));
      try {
        collection.replaceOne(expiredHolder, document, new ReplaceOptions().upsert(true));
        return true;
      } catch (MongoException e) {
        if (isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    Objects.requireNonNull(entries, "entries");
    Ttls.check(ttl);
    Map<String, byte[]> values = new LinkedHashMap<>(entries.size() * 2);
    entries.forEach((key, value) -> values.put(key, checked(key, value, ttl)));
    if (values.isEmpty()) {
      checkOpen();
      return;
    }
    call(() -> {
      ensureIndex();
      long now = clock.millis();
      List<WriteModel<Document>> upserts = new ArrayList<>(values.size());
      ReplaceOptions upsert = new ReplaceOptions().upsert(true);
      values.forEach((key, bytes) -> upserts.add(new ReplaceOneModel<>(
          Filters.eq(Documents.ID, key), document(key, bytes, ttl, now), upsert)));
      collection.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
      return null;
    });
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    Documents.key(key);
    Ttls.check(ttl);
    return call(() -> {
      ensureIndex();
      long now = clock.millis();
      Date expiresAt = Documents.expiresAt(now, ttl);
      Bson change = expiresAt == null ? Updates.unset(Documents.EXPIRES_AT)
          : Updates.set(Documents.EXPIRES_AT, expiresAt);
      return collection.updateOne(Filters.and(Filters.eq(Documents.ID, key),
          Documents.liveFilter(now)), change).getMatchedCount() > 0;
    });
  }

  @Override
  public boolean delete(String key) {
    Documents.key(key);
    return call(() -> {
      ensureIndex();
      // Removes an expired document too, but reports only a live one.
      Document removed = collection.findOneAndDelete(Filters.eq(Documents.ID, key),
          new FindOneAndDeleteOptions().projection(Projections.include(Documents.EXPIRES_AT)));
      return Documents.live(removed, clock.millis());
    });
  }

  /** {@inheritDoc} One {@code deleteMany} of the live documents among the keys. */
  @Override
  public long deleteMany(Collection<String> keys) {
    List<String> distinct = Documents.keys(new ArrayList<>(Objects.requireNonNull(keys, "keys")));
    if (distinct.isEmpty()) {
      checkOpen();
      return 0;
    }
    return call(() -> {
      ensureIndex();
      return collection.deleteMany(Filters.and(Filters.in(Documents.ID, distinct),
          Documents.liveFilter(clock.millis()))).getDeletedCount();
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code deleteMany} of the {@code _id} range of the prefix, expired documents
   * included (the count includes them). The prefix is taken literally.
   *
   * @throws IllegalArgumentException when the prefix is empty: the backend never empties a
   *     collection
   */
  @Override
  public long clear(String prefix) {
    clearPrefix(prefix);
    return call(() -> collection.deleteMany(Documents.prefixFilter(Documents.ID, prefix))
        .getDeletedCount());
  }

  // ---- the rest of the contract ----

  /** 16 MiB (MongoDB's document limit) less 32 KiB for the key and the fields. */
  @Override
  public long maxValueBytes() {
    return MAX_VALUE_BYTES;
  }

  /**
   * The backend's name, such as {@code mongodb://db1:27017/app (collection cachette)}, and its
   * value limit; never a user name or password.
   */
  @Override
  public String describe() {
    return description;
  }

  // ---- documents ----

  /**
   * Checks a write's arguments before anything is sent.
   *
   * @return the value as bytes
   */
  private byte[] checked(String key, Object value, @Nullable Duration ttl) {
    Documents.key(key);
    byte[] bytes = BackendArguments.bytes(key, value, MAX_VALUE_BYTES, describe());
    Ttls.check(ttl);
    return bytes;
  }

  /**
   * The document of an entry written at {@code nowMillis}, taken once the server was reached
   * (the first operation of a backend waits for its connection), so that a short TTL is not spent
   * before the write is sent.
   */
  private static Document document(String key, byte[] bytes, @Nullable Duration ttl,
      long nowMillis) {
    Document document = new Document(Documents.ID, key).append(VALUE, new Binary(bytes));
    Date expiresAt = Documents.expiresAt(nowMillis, ttl);
    if (expiresAt != null) {
      document.append(Documents.EXPIRES_AT, expiresAt);
    }
    return document;
  }

  private static byte[] value(Document document) {
    Object stored = document.get(VALUE);
    if (stored instanceof Binary binary) {
      return binary.getData();
    }
    if (stored instanceof byte[] bytes) {
      return bytes;
    }
    // Not written by Cachette: an empty value reads as a miss in the cache above (undecodable).
    return new byte[0];
  }

  /**
   * Creates the TTL index on first use, once per backend. A server that refuses it (a user
   * without the createIndex privilege, or an index of that name with other options) is logged
   * and not asked again: reads filter expired entries anyway. A server that cannot be reached
   * fails the operation, and the next operation tries again.
   */
  private void ensureIndex() {
    if (indexChecked || !createIndex) {
      return;
    }
    synchronized (indexLock) {
      if (indexChecked) {
        return;
      }
      try {
        collection.createIndex(Indexes.ascending(Documents.EXPIRES_AT),
            new IndexOptions().name(TTL_INDEX).expireAfter(0L, TimeUnit.SECONDS));
      } catch (MongoCommandException e) {
        LOG.warn("{} could not create its TTL index on expiresAt ({}); expired entries will read"
            + " as absent but stay stored until overwritten, deleted or cleared", name(),
            e.getErrorCodeName());
      }
      indexChecked = true;
    }
  }

  /**
   * Configures a {@link MongoBackend}. Each option may be set once: setting it again throws
   * {@link IllegalStateException} naming the value already set. Not thread-safe; the backend is.
   */
  public static final class Builder extends MongoStoreBuilder<Builder> {
    private @Nullable String collection;
    private @Nullable Boolean createIndex;

    private Builder(MongoClient client, String database, boolean ownsClient, String name) {
      super(client, database, ownsClient, name);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * The collection to keep entries in; default {@code cachette}. Give each independent cache
     * store its own, or share one and tell caches apart by namespace.
     *
     * @throws IllegalArgumentException when the name is not a valid collection name
     * @throws IllegalStateException when already set
     */
    public Builder collection(String collection) {
      StoreSpec.requireUnset("collection", this.collection);
      this.collection = MongoEndpoint.checkCollection("collection", collection);
      return this;
    }

    /**
     * Whether to create the TTL index on {@code expiresAt} on first use; default true. Without
     * it expired entries still read as absent, but stay stored until overwritten or removed.
     *
     * @throws IllegalStateException when already set
     */
    public Builder createIndex(boolean createIndex) {
      StoreSpec.requireUnset("createIndex", this.createIndex);
      this.createIndex = createIndex;
      return this;
    }

    /** Builds the backend. Nothing is sent to the server until the first operation. */
    public MongoBackend build() {
      String collectionName = collection != null ? collection : MongoEndpoint.DEFAULT_NAME;
      MongoDatabase db = client.getDatabase(database);
      String fullName = name + " (collection " + collectionName + ")";
      return new MongoBackend(db.getCollection(collectionName), fullName,
          createIndex == null || createIndex,
          settings(fullName));
    }

    @Override
    public String toString() {
      return "MongoBackend.Builder{" + name + ", collection="
          + (collection != null ? collection : MongoEndpoint.DEFAULT_NAME) + ", createIndex="
          + (createIndex == null || createIndex) + ", " + describeOptions() + "}";
    }
  }
}
