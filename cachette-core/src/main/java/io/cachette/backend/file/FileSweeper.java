package io.cachette.backend.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link FileBackend} removes entry files it was not asked to remove one by one: eviction of
 * the least recently used files beyond {@code max-bytes} (with the {@link FileLruIndex}), and
 * sweeps of the whole folder ({@code clear}, {@code deleteExpired}, stale temporary files). Each
 * file is removed under its fan-out folder's lock. Thread-safe.
 */
final class FileSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(FileBackend.class);
  private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{64}");
  /** Temporary files older than this were left by a crashed writer. */
  private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

  private final FileBackend backend;
  private final Path[] fanOut;
  private final FileLocks locks;
  private final @Nullable FileLruIndex lru;
  private final LongAdder evictions = new LongAdder();

  /** With a negative {@code maxBytes}, there is no bound: nothing is indexed or evicted. */
  FileSweeper(FileBackend backend, Path[] fanOut, FileLocks locks, long maxBytes) {
    this.backend = backend;
    this.fanOut = fanOut;
    this.locks = locks;
    this.lru = maxBytes >= 0 ? new FileLruIndex(maxBytes) : null;
  }

  /** The number of entry files evicted to stay under the bound. */
  long evictionCount() {
    return evictions.sum();
  }

  /** Records a use of an entry file for the size bound, and evicts what no longer fits. */
  void used(String name, Path file, long fileBytes, boolean touch) {
    if (lru == null) {
      return;
    }
    if (touch) {
      try {
        // Recency for the index another process rebuilds from modification times.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
      } catch (IOException e) {
        // Gone or read-only: only the cross-process recency order suffers.
      }
    }
    evict(lru.used(name, fileBytes));
  }

  /** Forgets an entry file that is gone. */
  void forget(String name) {
    if (lru != null) {
      lru.removed(name);
    }
  }

  private void evict(List<String> names) {
    for (String name : names) {
      int stripe = Integer.parseInt(name, 0, 2, 16);
      Path file = fanOut[stripe].resolve(name);
      try {
        if (locks.withLock(stripe, () -> Files.deleteIfExists(file))) {
          evictions.increment();
        }
      } catch (IOException e) {
        // The write that triggered this succeeded; a file that will not go is retried later.
        LOG.warn("Could not evict {} from {}: {}", file, backend.describe(), e.toString());
      }
    }
  }

  private record Found(String name, long bytes, FileTime modified) {}

  /**
   * Indexes the entry files already in the folder, oldest modification first, and evicts down to
   * the bound. Does nothing without a bound.
   */
  void rebuildIndex() {
    FileLruIndex index = lru;
    if (index == null) {
      return;
    }
    List<Found> found = new ArrayList<>();
    for (int stripe = 0; stripe < FileBackend.STRIPES; stripe++) {
      for (Path file : entryFiles(stripe)) {
        try {
          BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
          found.add(new Found(file.getFileName().toString(), attributes.size(),
              attributes.lastModifiedTime()));
        } catch (NoSuchFileException e) {
          // Removed meanwhile by another process.
        } catch (IOException e) {
          throw backend.failure("index " + file, e);
        }
      }
    }
    found.sort(Comparator.comparing(Found::modified));
    List<String> victims = new ArrayList<>();
    for (Found entry : found) {
      victims.addAll(index.used(entry.name, entry.bytes));
    }
    evict(victims);
  }

  /**
   * Removes, under their locks, the entries that {@code remove} selects and the unreadable files.
   *
   * @return how many removed entries {@code counted} accepts
   */
  long sweep(Predicate<FileEntry> remove, Predicate<FileEntry> counted) {
    long removed = 0;
    for (int stripe = 0; stripe < FileBackend.STRIPES; stripe++) {
      for (Path file : entryFiles(stripe)) {
        if (!worthLocking(file, remove)) {
          continue;
        }
        String name = file.getFileName().toString();
        boolean count = backend.locked(stripe, () -> "remove " + file, () -> {
          FileEntry entry = backend.readOrRemove(file, name);
          if (entry == null || !remove.test(entry)) {
            return false;
          }
          backend.removeFile(file, name);
          return counted.test(entry);
        });
        if (count) {
          removed++;
        }
      }
    }
    return removed;
  }

  /** A lock-free first look, so that a sweep locks only the files it will likely remove. */
  private boolean worthLocking(Path file, Predicate<FileEntry> remove) {
    try {
      FileEntry entry = FileEntry.read(file, false);
      return entry != null && remove.test(entry);
    } catch (FileEntry.UnreadableException e) {
      return true;
    } catch (IOException e) {
      throw backend.failure("read " + file, e);
    }
  }

  /** Whether a file name is that of an entry file (64 lower-case hex digits). */
  static boolean isEntryName(String name) {
    return ENTRY_NAME.matcher(name).matches();
  }

  private List<Path> entryFiles(int stripe) {
    String prefix = FileBackend.HEX.toHexDigits((byte) stripe);
    return list(stripe, name -> ENTRY_NAME.matcher(name).matches() && name.startsWith(prefix));
  }

  /** Removes temporary files that a crashed writer left more than an hour ago. */
  void deleteStaleTemps() {
    FileTime staleBefore = FileTime.from(Instant.now().minus(STALE_TEMP_AGE));
    for (int stripe = 0; stripe < FileBackend.STRIPES; stripe++) {
      for (Path temp : list(stripe, name -> name.endsWith(FileWrites.TEMP_SUFFIX))) {
        try {
          if (Files.getLastModifiedTime(temp).compareTo(staleBefore) < 0) {
            FileWrites.deleteQuietly(temp, backend.describe());
          }
        } catch (IOException e) {
          // Renamed into place or removed meanwhile.
        }
      }
    }
  }

  private List<Path> list(int stripe, Predicate<String> nameFilter) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(fanOut[stripe])) {
      for (Path file : stream) {
        if (nameFilter.test(file.getFileName().toString())) {
          files.add(file);
        }
      }
    } catch (NoSuchFileException e) {
      // No entry ever landed in this fan-out folder.
    } catch (IOException e) {
      throw backend.failure("list " + fanOut[stripe], e);
    }
    return files;
  }
}
