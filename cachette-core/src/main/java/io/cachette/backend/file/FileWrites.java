package io.cachette.backend.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link FileBackend} writes entries: each goes to a temporary file in its fan-out folder,
 * which is then renamed over the entry with an atomic move, under the entry's lock (so a reader
 * sees the old or the new file, never a mix). With {@code fsync} the file and its folder are
 * forced to disk before a write returns. Thread-safe.
 */
final class FileWrites {
  /** The suffix of temporary files, which only writers and the stale-file sweep touch. */
  static final String TEMP_SUFFIX = ".tmp";

  private static final Logger LOG = LoggerFactory.getLogger(FileBackend.class);

  private final FileBackend backend;
  private final FileSweeper sweeper;
  private final boolean fsync;

  FileWrites(FileBackend backend, FileSweeper sweeper, boolean fsync) {
    this.backend = backend;
    this.sweeper = sweeper;
    this.fsync = fsync;
  }

  /** Writes an entry to a new temporary file beside its final place. */
  Path writeTemp(FileBackend.Slot slot, long expiresAt, byte[] value) {
    try {
      return newTemp(slot, expiresAt, value);
    } catch (IOException e) {
      throw backend.failure("write " + FileBackend.label(slot.key()), e);
    }
  }

  /** Writes an entry to a new temporary file beside its final place; I/O errors are thrown. */
  Path newTemp(FileBackend.Slot slot, long expiresAt, byte[] value) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Path temp = slot.file().resolveSibling(slot.name() + '.'
          + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
      FileChannel channel;
      try {
        channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        if (attempt == 3) {
          throw e;
        }
        // The fan-out folder is created on first use; a name clash just takes another name.
        Files.createDirectories(temp.getParent());
        continue;
      }
      try (channel) {
        FileEntry.write(channel, expiresAt, slot.keyBytes(), value);
        if (fsync) {
          channel.force(true);
        }
        return temp;
      } catch (IOException | RuntimeException e) {
        deleteQuietly(temp);
        throw e;
      }
    }
  }

  /**
   * Renames a written temporary file over a key's entry, under the key's lock; with
   * {@code onlyIfAbsent}, only when no live entry is there. The temporary file is gone afterwards.
   *
   * @return whether the entry was installed
   */
  boolean install(FileBackend.Slot slot, Path temp, byte[] value, boolean onlyIfAbsent) {
    boolean installed = false;
    try {
      installed = backend.locked(slot.stripe(), () -> "store " + FileBackend.label(slot.key()),
          () -> {
            if (onlyIfAbsent && backend.liveEntry(slot, false, true) != null) {
              return false;
            }
            moveIntoPlace(temp, slot.file());
            return true;
          });
    } finally {
      if (!installed) {
        deleteQuietly(temp);
      }
    }
    if (installed) {
      sweeper.used(slot.name(), slot.file(), FileEntry.fileBytes(slot.keyBytes(), value), false);
    }
    return installed;
  }

  /** Renames a temporary file over an entry file, atomically (and durably with fsync). */
  void moveIntoPlace(Path temp, Path file) throws IOException {
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (fsync) {
      forceFolder(Objects.requireNonNull(file.getParent(), "an entry file has a folder"));
    }
  }

  /** Makes a rename durable: the folder's own entry list must reach the disk too. */
  private static void forceFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (AccessDeniedException e) {
      // Windows cannot open a folder as a file; its renames are durable once they return.
    }
  }

  /** Deletes a file if it is there; a failure is logged, never thrown. */
  void deleteQuietly(Path file) {
    deleteQuietly(file, backend.describe());
  }

  /** Deletes a file of a backend if it is there; a failure is logged, never thrown. */
  static void deleteQuietly(Path file, String backend) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete {} of {}: {}", file, backend, e.toString());
    }
  }
}
