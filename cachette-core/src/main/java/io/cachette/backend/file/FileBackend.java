package io.cachette.backend.file;

import io.cachette.CacheException;
import io.cachette.KeyInfo;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Backends;
import io.cachette.backend.KeyPages;
import io.cachette.backend.Ttls;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file://}: one file per entry in a folder of a local file system, shared safely by the
 * threads of this process and by other processes that open the same folder.
 *
 * <pre>{@code
 * Backend files = FileBackend.builder(Path.of("/var/cache/myapp"))
 *     .maxBytes(512L << 20)      // optional: least recently used entries go beyond 512 MiB
 *     .build();
 * Backend same = Backends.fromUrl("file:///var/cache/myapp?max-bytes=536870912");
 * }</pre>
 *
 * <p><b>Layout.</b> The entry for a key lives in {@code <folder>/<hh>/<sha256>}, where
 * {@code <sha256>} is the lower-case hex SHA-256 of the key's UTF-8 bytes and {@code <hh>} its
 * first two digits. Whatever the key ({@code ../x}, {@code /etc/passwd}, {@code CON}, control
 * characters, 10,000 characters, keys that differ only in case), the file name is 64 hex digits:
 * no key can reach outside the folder or collide on a case-insensitive file system. The key itself
 * is stored in the file, so {@link #clear(String)} can match prefixes, and a file whose stored key
 * is not the one asked for (a SHA-256 collision, or a file copied by hand) reads as absent. Each
 * fan-out folder also holds a {@code .lock} file, and briefly {@code *.tmp} files being written.
 * Other files in the folder are never read, changed or removed.
 *
 * <p><b>Entries.</b> A file holds a versioned header (magic, format version, expiry, key length,
 * value length, CRC32C checksum), the key and the value. A file that is foreign, truncated, of
 * another format version or fails its checksum is absent for every operation; it is removed and a
 * warning logged when met. Reads that do not need the value ({@link #exists}, {@link #setIfAbsent},
 * {@link #delete}, {@link #clear}) check the header and the file length but not the checksum, which
 * {@link #get} verifies. Values are {@code byte[]} ({@link #storesObjects()} is false).
 *
 * <p><b>Writes</b> go to a temporary file in the entry's fan-out folder, which is then renamed over
 * the entry with an atomic move: a reader sees the old or the new file, never a mix. Writers of one
 * fan-out folder (256 of them) take turns through an in-process lock plus an exclusive
 * {@link java.nio.channels.FileLock} on its {@code .lock} file, which makes {@link #setIfAbsent},
 * {@link #expireIn} and {@link #delete} atomic across threads and processes; readers take no lock.
 * {@link #setMany} writes every temporary file first (a failure there stores nothing), then renames
 * each into place: readers may see a batch half applied. With {@code fsync} the file and its folder
 * are forced to disk before the write returns; without it, a crash may lose recent writes but never
 * leaves a readable wrong value (the checksum catches unwritten blocks). A writer waits at most a
 * minute for a lock another process holds, then fails with a {@link CacheException}. File locks on
 * network file systems are often unreliable: use a local folder.
 *
 * <p><b>Expiry.</b> The expiry time is kept in the entry and read from the builder's
 * {@link Clock}. An expired entry is absent for every operation and removed when met;
 * {@link #deleteExpired()} sweeps the whole folder.
 *
 * <p><b>Listing.</b> {@link #scan(String)} walks the folder lazily, one fan-out folder at a time,
 * and reads the key and expiry in each entry file's header; it reads every entry file whatever the
 * prefix (file names are hashes), skips files being written, unreadable files and expired entries
 * without removing them, and never follows a symbolic link out of the folder.
 *
 * <p><b>Size bound.</b> With {@code max-bytes}, each backend tracks the entry files it knows with
 * their sizes (header included), in least-recently-used order, and deletes the least recently used
 * when the total passes the bound; {@link #evictionCount()} counts them. The index is rebuilt from
 * the folder when the backend opens, ordered by file modification time, which reads refresh. With
 * several processes on one folder the bound is approximate: a process learns of another's entries
 * only when it opens the folder or reads them, so the folder can exceed the bound by what the
 * others wrote since, and each process orders recency by its own use.
 *
 * <p><b>Limits.</b> Keys are 1 to {@value #MAX_KEY_BYTES} UTF-8 bytes. Values have no limit of
 * the backend's own beyond a Java array's (about 2 GiB); with {@code max-bytes} a value may not
 * be larger than the bound ({@link #maxValueBytes()}).
 *
 * <p>Thread-safe. {@link #async()} runs operations on a small pool of daemon threads owned by the
 * backend (or on the builder's executor) and shut down by {@link #close()}; operations after close
 * fail with {@link BackendClosedException}.
 */
public final class FileBackend implements Backend {
  /** The longest key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 65_536;

  private static final Logger LOG = LoggerFactory.getLogger(FileBackend.class);
  static final HexFormat HEX = HexFormat.of();
  /** The number of fan-out folders (and of locks): one per first byte of the SHA-256. */
  static final int STRIPES = 256;
  private static final AtomicInteger POOL_THREADS = new AtomicInteger();

  private final Path root;
  private final Path[] fanOut = new Path[STRIPES];
  private final Clock clock;
  private final long maxBytes;
  private final boolean fsync;
  private final FileLocks locks;
  private final FileSweeper sweeper;
  private final FileWrites writes;
  private final @Nullable ThreadPoolExecutor ownPool;
  private final AsyncBackend async;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String description;

  /** Where a key's entry lives. */
  record Slot(String key, byte[] keyBytes, String name, int stripe, Path file) {}

  private FileBackend(Builder builder) {
    this.clock = builder.clock;
    this.maxBytes = builder.maxBytes;
    this.fsync = builder.fsync;
    this.root = openFolder(builder.folder);
    for (int i = 0; i < STRIPES; i++) {
      fanOut[i] = root.resolve(HEX.toHexDigits((byte) i));
    }
    this.locks = new FileLocks(root, fanOut);
    this.description = describe(root, maxBytes, fsync);
    this.sweeper = new FileSweeper(this, fanOut, locks, maxBytes);
    this.writes = new FileWrites(this, sweeper, fsync);
    sweeper.rebuildIndex();
    if (builder.executor != null) {
      this.ownPool = null;
      this.async = AsyncBackend.onExecutor(this, builder.executor);
    } else {
      ThreadPoolExecutor pool = newPool();
      this.ownPool = pool;
      this.async = AsyncBackend.onExecutor(this, task -> {
        try {
          pool.execute(task);
        } catch (RejectedExecutionException e) {
          // Closed: run here so the operation fails with "closed" inside its future, not here.
          task.run();
        }
      });
    }
  }

  /** Starts building a file backend on a folder, created if missing. */
  public static Builder builder(Path folder) {
    return new Builder(folder);
  }

  private static Path openFolder(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      return absolute.toRealPath();
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException("The cache folder " + absolute
          + " exists but is not a folder: point the file backend at a folder (it is created if"
          + " missing)", e);
    } catch (IOException e) {
      throw new CacheException("Cannot create or open the cache folder " + absolute + ": " + e
          + "; check that the path is right and writable by this process", e);
    }
  }

  private static String describe(Path root, long maxBytes, boolean fsync) {
    String path = root.toString().replace('\\', '/');
    StringBuilder text = new StringBuilder("file://").append(path.startsWith("/") ? "" : "/")
        .append(path);
    List<String> params = new ArrayList<>();
    if (maxBytes >= 0) {
      params.add("max-bytes=" + maxBytes);
    }
    if (fsync) {
      params.add("fsync=true");
    }
    if (!params.isEmpty()) {
      text.append('?').append(String.join("&", params));
    }
    return text.toString();
  }

  private static ThreadPoolExecutor newPool() {
    int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "cachette-file-" + POOL_THREADS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  // ---- Backend operations ----

  @Override
  public @Nullable Object get(String key) {
    Slot slot = slot(key);
    FileEntry entry = readLive(slot, true);
    if (entry == null) {
      return null;
    }
    sweeper.used(slot.name, slot.file, entry.fileBytes(), true);
    return entry.value();
  }

  @Override
  public Map<String, Object> getMany(List<String> keys) {
    BackendArguments.keys(keys);
    checkOpen();
    Map<String, Object> found = new LinkedHashMap<>(keys.size() * 2);
    for (String key : keys) {
      Object value = get(key);
      if (value != null) {
        found.put(key, value);
      }
    }
    return found;
  }

  @Override
  public void set(String key, Object value, @Nullable Duration ttl) {
    Slot slot = slot(key);
    byte[] bytes = bytes(slot, value);
    writes.install(slot, writes.writeTemp(slot, expiresAt(ttl), bytes), bytes, false);
  }

  @Override
  public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
    Slot slot = slot(key);
    byte[] bytes = bytes(slot, value);
    long expiresAt = expiresAt(ttl);
    if (readLive(slot, false) != null) {
      return false; // the common loss, decided without writing or locking
    }
    return writes.install(slot, writes.writeTemp(slot, expiresAt, bytes), bytes, true);
  }

  @Override
  public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
    BackendArguments.entries(entries);
    checkOpen();
    List<Slot> slots = new ArrayList<>(entries.size());
    List<byte[]> values = new ArrayList<>(entries.size());
    entries.forEach((key, value) -> {
      Slot slot = slot(key);
      slots.add(slot);
      values.add(bytes(slot, value));
    });
    long expiresAt = expiresAt(ttl);
    List<Path> temps = new ArrayList<>(slots.size());
    try {
      for (int i = 0; i < slots.size(); i++) {
        temps.add(writes.writeTemp(slots.get(i), expiresAt, values.get(i)));
      }
    } catch (RuntimeException e) {
      temps.forEach(writes::deleteQuietly);
      throw e;
    }
    int next = 0;
    try {
      for (; next < slots.size(); next++) {
        writes.install(slots.get(next), temps.get(next), values.get(next), false);
      }
    } finally {
      for (int i = next + 1; i < temps.size(); i++) {
        writes.deleteQuietly(temps.get(i));
      }
    }
  }

  @Override
  public boolean expireIn(String key, @Nullable Duration ttl) {
    Slot slot = slot(key);
    long expiresAt = expiresAt(ttl);
    long fileBytes = locked(slot.stripe, () -> "change the TTL of " + label(key), () -> {
      FileEntry entry = liveEntry(slot, true, true);
      if (entry == null) {
        return -1L;
      }
      // Rewritten whole: an in-place header update could be seen half done.
      Path temp = writes.newTemp(slot, expiresAt, entry.value());
      try {
        writes.moveIntoPlace(temp, slot.file);
      } catch (IOException e) {
        writes.deleteQuietly(temp);
        throw e;
      }
      return entry.fileBytes();
    });
    if (fileBytes < 0) {
      return false;
    }
    sweeper.used(slot.name, slot.file, fileBytes, false);
    return true;
  }

  @Override
  public boolean delete(String key) {
    Slot slot = slot(key);
    if (Files.notExists(slot.file)) {
      sweeper.forget(slot.name);
      return false;
    }
    return locked(slot.stripe, () -> "delete " + label(key), () -> {
      if (liveEntry(slot, false, true) == null) {
        return false;
      }
      removeFile(slot.file, slot.name);
      return true;
    });
  }

  @Override
  public boolean exists(String key) {
    return readLive(slot(key), false) != null;
  }

  /**
   * Removes every entry whose key starts with {@code prefix} (an empty prefix removes every entry),
   * scanning the whole folder; unreadable files met on the way are removed too.
   *
   * @return how many live entries were removed
   */
  @Override
  public long clear(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    return sweeper.sweep(entry -> entry.key().startsWith(prefix), entry -> entry.isLiveAt(now()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks the fan-out folders one by one, listing each when the scan reaches it, and reads the
   * header (expiry and key) of each entry file there, a few hundred files per page; no directory
   * stays open between pages, so an unclosed stream holds no file handle. Every entry file is read,
   * whatever the prefix: the file names are hashes. The scan only reads: files being written,
   * unreadable files and expired entries are skipped, not removed, and it takes no lock. The TTL
   * is the stored expiry less the clock's time when the page was read.
   *
   * @throws BackendClosedException after {@link #close()}, also when a later page is read
   * @throws CacheException when a folder or file cannot be read (possibly while the stream is
   *     consumed)
   */
  @Override
  public Stream<KeyInfo> scan(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkOpen();
    return KeyPages.stream(new FileScan(this, fanOut, prefix));
  }

  /**
   * Removes every expired entry and unreadable file from the folder, and temporary files that a
   * crashed writer left more than an hour ago. Expired entries are also removed whenever an
   * operation meets them; call this now and then to reclaim space from entries nobody asks for.
   *
   * @return how many expired entries were removed
   */
  public long deleteExpired() {
    checkOpen();
    long removed = sweeper.sweep(entry -> !entry.isLiveAt(now()), entry -> true);
    sweeper.deleteStaleTemps();
    return removed;
  }

  /** The cache folder (its real path, symbolic links resolved). */
  public Path folder() {
    return root;
  }

  /** The largest value: the {@code max-bytes} bound if set, else {@link Long#MAX_VALUE}. */
  @Override
  public long maxValueBytes() {
    return maxBytes >= 0 ? maxBytes : Long.MAX_VALUE;
  }

  /** The number of entries deleted to stay under {@code max-bytes} by this backend instance. */
  @Override
  public long evictionCount() {
    return sweeper.evictionCount();
  }

  @Override
  public AsyncBackend async() {
    return async;
  }

  @Override
  public String describe() {
    return description;
  }

  /** Stops the backend's own async threads (queued operations then fail). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownPool != null) {
      ownPool.shutdown();
    }
  }

  @Override
  public String toString() {
    return "FileBackend[" + description + "]";
  }

  // ---- keys, values and time ----

  private Slot slot(String key) {
    BackendArguments.key(key);
    checkOpen();
    byte[] keyBytes = FileEntry.encodeKey(key);
    if (keyBytes.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key " + label(key) + " is " + keyBytes.length
          + " UTF-8 bytes, over the file backend's limit of " + MAX_KEY_BYTES
          + "; hash long keys, e.g. with a SHA-256 hex digest");
    }
    byte[] digest = sha256(keyBytes);
    String name = HEX.formatHex(digest);
    int stripe = digest[0] & 0xff;
    return new Slot(key, keyBytes, name, stripe, fanOut[stripe].resolve(name));
  }

  /** The name of the entry file of a key given as UTF-8: its SHA-256 in lower-case hex. */
  static String fileName(byte[] keyBytes) {
    return HEX.formatHex(sha256(keyBytes));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private byte[] bytes(Slot slot, Object value) {
    return BackendArguments.bytes(slot.key, value, maxValueBytes(), description);
  }

  long now() {
    return clock.millis();
  }

  private long expiresAt(@Nullable Duration ttl) {
    Duration checked = Ttls.check(ttl);
    return checked == null ? FileEntry.NEVER : Ttls.expiresAtMillis(now(), checked);
  }

  /** A key for messages and logs: shortened, with control characters escaped. */
  static String label(String key) {
    StringBuilder text = new StringBuilder("'");
    int shown = Math.min(key.length(), 80);
    for (int i = 0; i < shown; i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        text.append(String.format("\\u%04x", (int) c));
      } else {
        text.append(c);
      }
    }
    text.append('\'');
    if (shown < key.length()) {
      text.append("... (").append(key.length()).append(" chars)");
    }
    return text.toString();
  }

  void checkOpen() {
    if (closed.get()) {
      throw new BackendClosedException(description);
    }
  }

  // ---- reading ----

  /** Reads a key's live entry without locking; anything dead met on the way is removed. */
  private @Nullable FileEntry readLive(Slot slot, boolean withValue) {
    try {
      return liveEntry(slot, withValue, false);
    } catch (IOException e) {
      throw failure("read " + label(slot.key), e);
    }
  }

  /**
   * A key's live entry, or null. A dead file (expired or unreadable) is removed: at once when the
   * caller holds the key's lock, else after taking the lock and reading again, since a writer may
   * have replaced it meanwhile.
   */
  @Nullable FileEntry liveEntry(Slot slot, boolean withValue, boolean underLock)
      throws IOException {
    FileEntry entry;
    try {
      entry = FileEntry.read(slot.file, withValue);
    } catch (FileEntry.UnreadableException e) {
      if (!underLock) {
        return reapUnderLock(slot, withValue);
      }
      removeUnreadable(slot.file, slot.name, e);
      return null;
    }
    if (entry == null) {
      sweeper.forget(slot.name);
      return null;
    }
    if (!entry.holds(slot.keyBytes)) {
      return null;
    }
    if (entry.isLiveAt(now())) {
      return entry;
    }
    if (!underLock) {
      return reapUnderLock(slot, withValue);
    }
    removeFile(slot.file, slot.name);
    return null;
  }

  // locked(...) returns its action's value, here a nullable entry: NullAway outside JSpecify mode
  // (which JDK 17 cannot run) has no nullable type arguments to say so.
  @SuppressWarnings("NullAway")
  private @Nullable FileEntry reapUnderLock(Slot slot, boolean withValue) {
    return locked(slot.stripe, () -> "remove the dead entry of " + label(slot.key),
        () -> liveEntry(slot, withValue, true));
  }

  /** Under the file's lock: its entry, or null when absent or unreadable (then removed). */
  @Nullable FileEntry readOrRemove(Path file, String name) throws IOException {
    try {
      return FileEntry.read(file, false);
    } catch (FileEntry.UnreadableException e) {
      removeUnreadable(file, name, e);
      return null;
    }
  }

  private void removeUnreadable(Path file, String name, FileEntry.UnreadableException why)
      throws IOException {
    LOG.warn("Removing unreadable cache file {} of {}: {}", file, description, why.getMessage());
    removeFile(file, name);
  }

  /** Removes an entry file (if there) and forgets it in the size index. */
  void removeFile(Path file, String name) throws IOException {
    Files.deleteIfExists(file);
    sweeper.forget(name);
  }

  // ---- locking ----

  /** Runs an action under a stripe's lock; {@code what} describes it for an error message. */
  <T> T locked(int stripe, Supplier<String> what, FileLocks.Locked<T> action) {
    try {
      return locks.withLock(stripe, action);
    } catch (IOException e) {
      throw failure(what.get(), e);
    }
  }

  /** An I/O failure as the exception the backend throws, naming what it could not do. */
  CacheException failure(String what, IOException e) {
    return new CacheException(description + ": could not " + what + ": " + e, e);
  }

  /**
   * Builds a {@link FileBackend}. Not thread-safe.
   */
  public static final class Builder {
    private final Path folder;
    private long maxBytes = -1;
    private boolean fsync;
    private Clock clock = Clock.systemUTC();
    private @Nullable Executor executor;

    private Builder(Path folder) {
      this.folder = Objects.requireNonNull(folder, "folder");
    }

    /**
     * Bounds the total size of the entry files, headers included; the least recently used entries
     * are deleted beyond it (approximately, when several processes share the folder). Unbounded
     * when not called.
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes
            + "; leave it unset for an unbounded folder");
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * Whether each write is forced to disk (file and folder) before it returns: survives power
     * loss, at the price of much slower writes. Off by default.
     */
    public Builder fsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    /** Reads time for expiry from this clock instead of the system's, for tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs {@link FileBackend#async()} operations on this executor instead of the backend's own
     * daemon threads. The caller keeps ownership: {@link FileBackend#close()} does not shut it down.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Opens the backend, creating the folder if missing, and with {@link #maxBytes} indexes the
     * entry files already there (evicting down to the bound).
     *
     * @throws IllegalArgumentException when the path exists and is not a folder
     * @throws CacheException when the folder cannot be created or read
     */
    public FileBackend build() {
      return new FileBackend(this);
    }
  }
}
