package io.cachette.mongodb;

import com.mongodb.MongoException;
import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.StoreSpec;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.Ttls;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link io.cachette.backend.Backend} on a MongoDB GridFS bucket, for values of any size
 * (requests-cache's GridFS backend). Open one by URL ({@code gridfs://host/db?bucket=cachette},
 * see {@link MongoBackendProvider}) or on a {@link MongoClient} you have:
 *
 * <pre>{@code
 * GridFsBackend large = GridFsBackend.builder(mongoClient, "myapp").bucket("pages").build();
 * }</pre>
 *
 * <p><b>Layout.</b> Each stored value is a standard GridFS file of the bucket
 * ({@code <bucket>.files} and {@code <bucket>.chunks}, readable by any GridFS tool) whose
 * {@code filename} is the key and whose {@code metadata} holds {@code {key, expiresAt}}. Beside
 * them the collection {@code <bucket>.entries} holds one small document per key,
 * {@code {_id: key, file: ObjectId, length, expiresAt}}, naming the file that is the key's current
 * value. That document is what makes a write atomic for readers: a new value is uploaded as a new
 * file first, in full, and only then does one single-document write point the key at it, after
 * which the file it replaced is removed. A reader follows the pointer to a whole file; when the
 * file it was about to read was replaced and removed meanwhile, it follows the pointer again. So a
 * reader sees the old value or the new one, never a mix or a half-written file.
 *
 * <p><b>Operations.</b> {@code setIfAbsent} uploads, then claims the key with an upsert that only
 * an absent or expired entry lets through (the unique {@code _id} decides between concurrent
 * callers; a loser removes its upload). {@code setMany} writes its entries one by one (each
 * atomically; the batch is not), as every value is an upload of its own. {@code clear} and
 * {@link #scan(String)} walk the {@code _id} range of the prefix in {@code <bucket>.entries}.
 *
 * <p><b>Expiry.</b> Reads treat an entry past its {@code expiresAt} (by this backend's clock) as
 * absent. There is no TTL index: the server would remove the entry documents but leave the files.
 * An expired entry is removed, with its file, when a {@code get} meets it, when it is overwritten,
 * deleted or cleared, or by {@link #removeExpired()}.
 *
 * <p><b>Limits and threads.</b> No practical size limit ({@link #maxValueBytes()} is
 * {@link Long#MAX_VALUE}; a value is a {@code byte[]}, so below 2 GiB). Keys are non-empty strings
 * of at most 8 KiB in UTF-8. The async face runs on a bounded pool, as {@link MongoBackend}'s does;
 * failures are {@link CacheException}s naming the backend, never its password. A write that fails
 * between its upload and its pointer (the server went away) may leave an unreferenced file behind.
 * Thread-safe.
 */
public final class GridFsBackend extends MongoStore {
  private static final Logger LOG = LoggerFactory.getLogger(GridFsBackend.class);

  /** How often a reader follows a pointer whose file keeps being replaced under it. */
  static final int READ_ATTEMPTS = 8;
  static final String FILE = "file";
  static final String LENGTH = "length";
  static final String KEY = "key";
  /** Entries looked at per step of {@link #clear(String)} and {@link #removeExpired()}. */
  static final int CLEAR_BATCH = 500;

  private final GridFSBucket bucket;
  private final MongoCollection<Document> entries;
  private final MongoCollection<Document> files;
  private final MongoCollection<Document> chunks;

  private GridFsBackend(MongoDatabase database, String bucketName, MongoStore.Settings settings) {
    super(settings);
    this.bucket = GridFSBuckets.create(database, bucketName);
    this.entries = database.getCollection(bucketName + ".entries");
    this.files = database.getCollection(bucketName + ".files");
    this.chunks = database.getCollection(bucketName + ".chunks");
  }

  /**
   * Starts building a backend on a client you have, in the given database. The client stays
   * yours: the backend never closes it, and its settings (timeouts included) apply.
   */
  public static Builder builder(MongoClient client, String database) {
    Objects.requireNonNull(client, "client");
    return new Builder(client, MongoEndpoint.checkDatabase(database), false,
        "gridfs (a MongoClient), database " + database);
  }

  /** The builder of a backend opened by URL: the backend owns and closes the client. */
  static Builder owning(MongoClient client, String database, String name) {
    return new Builder(client, database, true, name);
  }

  // ---- reads ----

  @Override
  public byte @Nullable [] get(String key) {
    Documents.key(key);
    return call(() -> read(key));
  }

  private byte @Nullable [] read(String key) {
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      Document entry = entries.find(Filters.eq(Documents.ID, key)).first();
      if (entry == null) {
        return null;
      }
      ObjectId file = entry.getObjectId(FILE);
      if (!Documents.live(entry, clock.millis())) {
        removeIfUnchanged(key, file);
        return null;
      }
      byte[] value = download(file);
      if (value != null) {
        return value;
      }
      // The file went away under us: replaced (follow the pointer again), or lost.
      Document again = entries.find(Filters.eq(Documents.ID, key)).first();
      if (again != null && file.equals(again.getObjectId(FILE))) {
        // Keys stay out of logs (one may be made of a secret); the file id tells the entry apart.
        LOG.warn("{}: the file {} of an entry is missing; dropping the entry", name(), file);
        removeIfUnchanged(key, file);
        return null;
      }
    }
    throw new CacheException(name() + ": a value was replaced " + READ_ATTEMPTS
        + " times while being read; try again");
  }

  /** A file's bytes, or null when it (or one of its chunks) is gone. */
  private byte @Nullable [] download(ObjectId file) {
    try (GridFSDownloadStream stream = bucket.openDownloadStream(file)) {
      long length = stream.getGridFSFile().getLength();
      if (length > Integer.MAX_VALUE - 8) {
        throw new CacheException(name() + ": the file " + file + " holds " + length
            + " bytes, more than a byte[] can");
      }
      byte[] value = new byte[(int) length];
      int read = 0;
      while (read < value.length) {
        int n = stream.read(value, read, value.length - read);
        if (n < 0) {
          return null;
        }
        read += n;
      }
      return value;
    } catch (MongoGridFSException e) {
      return null;
    }
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    List<String> distinct = Documents.keys(keys);
    Map<String, Object> found = new HashMap<>(distinct.size() * 2);
    if (distinct.isEmpty()) {
      checkOpen();
      return found;
    }
    return call(() -> {
      // One query finds the live entries; each value is a download of its own.
      long now = clock.millis();
      Map<String, ObjectId> live = new HashMap<>(distinct.size() * 2);
      for (Document entry : entries.find(Filters.in(Documents.ID, distinct))) {
        if (Documents.live(entry, now)) {
          live.put(entry.getString(Documents.ID), entry.getObjectId(FILE));
        }
      }
      live.forEach((key, file) -> {
        byte[] value = download(file);
        if (value == null) {
          value = read(key); // replaced meanwhile: follow the pointer again
        }
        if (value != null) {
          found.put(key, value);
        }
      });
      return found;
    });
  }

  @Override
  public boolean exists(String key) {
    Documents.key(key);
    return call(() -> Documents.live(entries.find(Filters.eq(Documents.ID, key))
        .projection(Projections.include(Documents.EXPIRES_AT)).first(), clock.millis()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One cursor over the {@code _id} range of the prefix in {@code <bucket>.entries}, in key
   * order, a batch at a time.
   */
  @Override
  public Stream<KeyInfo> scan(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return call(() -> keyStream(entries.find(Filters.and(
            Documents.prefixFilter(Documents.ID, prefix), Documents.liveFilter(clock.millis())))
        .projection(Projections.include(Documents.EXPIRES_AT))
        .sort(Sorts.ascending(Documents.ID)).batchSize(SCAN_BATCH).cursor()));
  }

  // ---- writes ----

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    Documents.key(key);
    byte[] bytes = BackendArguments.bytes(key, value, Long.MAX_VALUE, name());
    Ttls.check(ttl);
    call(() -> {
      Date expiresAt = Documents.expiresAt(clock.millis(), ttl);
      ObjectId file = upload(key, bytes, expiresAt);
      Document replaced;
      try {
        replaced = entries.findOneAndReplace(Filters.eq(Documents.ID, key),
            entry(key, file, bytes.length, expiresAt),
            new FindOneAndReplaceOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)
                .projection(Projections.include(FILE)));
      } catch (MongoException e) {
        removeFilesQuietly(List.of(file));
        throw e;
      }
      if (replaced != null) {
        // The write is done; a file left behind is logged, not the caller's failure.
        removeFilesQuietly(List.of(replaced.getObjectId(FILE)));
      }
      return null;
    });
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    Documents.key(key);
    byte[] bytes = BackendArguments.bytes(key, value, Long.MAX_VALUE, name());
    Ttls.check(ttl);
    return call(() -> {
      long now = clock.millis();
      if (Documents.live(entries.find(Filters.eq(Documents.ID, key))
          .projection(Projections.include(Documents.EXPIRES_AT)).first(), now)) {
        return false;
      }
      Date expiresAt = Documents.expiresAt(now, ttl);
      ObjectId file = upload(key, bytes, expiresAt);
      Document replaced;
      try {
        // Only an expired entry matches; with none the upsert inserts; a live one makes the
        // insert fail on the unique _id, and the upload was for nothing.
        replaced = entries.findOneAndReplace(
            Filters.and(Filters.eq(Documents.ID, key), Documents.expiredFilter(clock.millis())),
            entry(key, file, bytes.length, expiresAt),
            new FindOneAndReplaceOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)
                .projection(Projections.include(FILE)));
      } catch (MongoException e) {
        removeFilesQuietly(List.of(file));
        if (isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
      if (replaced != null) {
        // The write is done; a file left behind is logged, not the caller's failure.
        removeFilesQuietly(List.of(replaced.getObjectId(FILE)));
      }
      return true;
    });
  }

  /** {@inheritDoc} One upload and one pointer switch per entry; not all-or-nothing. */
  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    Objects.requireNonNull(entries, "entries");
    Ttls.check(ttl);
    entries.forEach((key, value) -> {
      Documents.key(key);
      BackendArguments.bytes(key, value, Long.MAX_VALUE, name());
    });
    checkOpen();
    entries.forEach((key, value) -> set(key, value, ttl));
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    Documents.key(key);
    Ttls.check(ttl);
    return call(() -> {
      long now = clock.millis();
      Date expiresAt = Documents.expiresAt(now, ttl);
      Document updated = entries.findOneAndUpdate(
          Filters.and(Filters.eq(Documents.ID, key), Documents.liveFilter(now)),
          expiresAt == null ? Updates.unset(Documents.EXPIRES_AT)
              : Updates.set(Documents.EXPIRES_AT, expiresAt),
          new FindOneAndUpdateOptions().projection(Projections.include(FILE)));
      if (updated == null) {
        return false;
      }
      // The file's metadata follows, for GridFS tools; the entry is what reads go by.
      String field = "metadata." + Documents.EXPIRES_AT;
      files.updateOne(Filters.eq(Documents.ID, updated.getObjectId(FILE)),
          expiresAt == null ? Updates.unset(field) : Updates.set(field, expiresAt));
      return true;
    });
  }

  @Override
  public boolean delete(String key) {
    Documents.key(key);
    return call(() -> {
      Document removed = entries.findOneAndDelete(Filters.eq(Documents.ID, key));
      if (removed == null) {
        return false;
      }
      removeFilesQuietly(List.of(removed.getObjectId(FILE)));
      return Documents.live(removed, clock.millis());
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks the {@code _id} range of the prefix in {@code <bucket>.entries}, {@value #CLEAR_BATCH}
   * entries a step: removes the entries that still point where they pointed when read, then their
   * files. Expired entries are counted too.
   *
   * @throws IllegalArgumentException when the prefix is empty: the backend never empties a bucket
   */
  @Override
  public long clear(String prefix) {
    clearPrefix(prefix);
    return call(() -> removeWhere(Documents.prefixFilter(Documents.ID, prefix)));
  }

  /**
   * Removes every expired entry and its file now (reads already treat them as absent). Run it
   * from time to time when many keys expire without being read again.
   *
   * @return how many entries were removed
   * @throws io.cachette.backend.BackendClosedException after {@link #close()}
   * @throws CacheException when the server fails or cannot be reached
   */
  public long removeExpired() {
    return call(() -> removeWhere(Documents.expiredFilter(clock.millis())));
  }

  private long removeWhere(Bson filter) {
    long removed = 0;
    while (true) {
      List<Bson> pointers = new ArrayList<>();
      List<ObjectId> fileIds = new ArrayList<>();
      for (Document entry : entries.find(filter).projection(Projections.include(FILE))
          .limit(CLEAR_BATCH)) {
        ObjectId file = entry.getObjectId(FILE);
        pointers.add(Filters.and(Filters.eq(Documents.ID, entry.getString(Documents.ID)),
            Filters.eq(FILE, file)));
        fileIds.add(file);
      }
      if (pointers.isEmpty()) {
        return removed;
      }
      // An entry rewritten since it was read points to a new file: it stays, and the next step
      // finds it again.
      removed += entries.deleteMany(Filters.or(pointers)).getDeletedCount();
      removeFiles(fileIds);
    }
  }

  // ---- files and entries ----

  private ObjectId upload(String key, byte[] bytes, @Nullable Date expiresAt) {
    Document metadata = new Document(KEY, key);
    if (expiresAt != null) {
      metadata.append(Documents.EXPIRES_AT, expiresAt);
    }
    return bucket.uploadFromStream(key, new ByteArrayInputStream(bytes),
        new GridFSUploadOptions().metadata(metadata));
  }

  private static Document entry(String key, ObjectId file, long length,
      @Nullable Date expiresAt) {
    Document entry = new Document(Documents.ID, key).append(FILE, file).append(LENGTH, length);
    if (expiresAt != null) {
      entry.append(Documents.EXPIRES_AT, expiresAt);
    }
    return entry;
  }

  /** Removes files: their files documents first (so no reader starts on them), then chunks. */
  private void removeFiles(List<ObjectId> fileIds) {
    files.deleteMany(Filters.in(Documents.ID, fileIds));
    chunks.deleteMany(Filters.in("files_id", fileIds));
  }

  private void removeFilesQuietly(List<ObjectId> fileIds) {
    try {
      removeFiles(fileIds);
    } catch (MongoException e) {
      LOG.warn("{}: could not remove the unreferenced files {}: {}", name(), fileIds,
          e.toString());
    }
  }

  /**
   * Removes a key's entry if it still points to {@code file}, and then the file: the clean-up a
   * read does on its way, so a failure is logged and the read goes on.
   */
  private void removeIfUnchanged(String key, ObjectId file) {
    try {
      if (entries.deleteOne(Filters.and(Filters.eq(Documents.ID, key), Filters.eq(FILE, file)))
          .getDeletedCount() > 0) {
        removeFiles(List.of(file));
      }
    } catch (MongoException e) {
      LOG.warn("{}: could not remove the expired entry of file {}: {}", name(), file,
          e.toString());
    }
  }

  /**
   * Configures a {@link GridFsBackend}. Each option may be set once: setting it again throws
   * {@link IllegalStateException} naming the value already set. Not thread-safe; the backend is.
   */
  public static final class Builder extends MongoStoreBuilder<Builder> {
    private @Nullable String bucket;

    private Builder(MongoClient client, String database, boolean ownsClient, String name) {
      super(client, database, ownsClient, name);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * The GridFS bucket: its collections are {@code <bucket>.files}, {@code <bucket>.chunks} and
     * {@code <bucket>.entries}. Default {@code cachette}.
     *
     * @throws IllegalArgumentException when the name is not a valid collection name
     * @throws IllegalStateException when already set
     */
    public Builder bucket(String bucket) {
      StoreSpec.requireUnset("bucket", this.bucket);
      this.bucket = MongoEndpoint.checkCollection("bucket", bucket);
      return this;
    }

    /** Builds the backend. Nothing is sent to the server until the first operation. */
    public GridFsBackend build() {
      String bucketName = bucket != null ? bucket : MongoEndpoint.DEFAULT_NAME;
      String fullName = name + " (bucket " + bucketName + ")";
      return new GridFsBackend(client.getDatabase(database), bucketName,
          settings(fullName));
    }

    @Override
    public String toString() {
      return "GridFsBackend.Builder{" + name + ", bucket="
          + (bucket != null ? bucket : MongoEndpoint.DEFAULT_NAME) + ", " + describeOptions()
          + "}";
    }
  }
}
