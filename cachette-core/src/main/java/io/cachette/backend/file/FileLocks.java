package io.cachette.backend.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion for the writers of one fan-out folder of a {@link FileBackend}, across threads
 * and across processes.
 *
 * <p>Across processes: an exclusive {@link FileLock} on the folder's {@code .lock} file, polled
 * (see {@link #lockOnDisk}) for at most {@link #LOCK_TIMEOUT}. A file lock belongs to the whole
 * JVM, and two overlapping locks in one JVM fail with {@code OverlappingFileLockException}, so
 * threads first take an in-process lock chosen by the folder's real path; this covers several
 * backends opened on the same folder in one JVM too.
 *
 * <p>The lock file is opened for each critical section and closed after it. Keeping it open would
 * save a system call, but an interrupted thread closes any channel it is blocked on, which would
 * break the lock for every other thread; and on POSIX systems closing one descriptor of a file
 * drops all of the process's locks on it.
 *
 * <p>Critical sections never nest: holding one stripe while taking another could deadlock with a
 * process taking them in the other order, and the in-process locks are shared between folders.
 */
final class FileLocks {
  static final String LOCK_FILE_NAME = ".lock";
  /** How long a writer waits for another process to release a lock before failing. */
  static final Duration LOCK_TIMEOUT = Duration.ofMinutes(1);
  private static final long MIN_PAUSE_NANOS = 20_000;
  private static final long MAX_PAUSE_NANOS = 1_000_000;
  /** In-process locks shared by every backend of this JVM; a collision only serializes more. */
  private static final ReentrantLock[] IN_PROCESS = new ReentrantLock[4096];

  static {
    for (int i = 0; i < IN_PROCESS.length; i++) {
      IN_PROCESS[i] = new ReentrantLock();
    }
  }

  private final Path[] lockFiles;
  private final int folderHash;

  /** Locks for the fan-out folders {@code stripeFolders[i]} of a root with this real path. */
  FileLocks(Path realRoot, Path[] stripeFolders) {
    this.lockFiles = new Path[stripeFolders.length];
    for (int i = 0; i < stripeFolders.length; i++) {
      lockFiles[i] = stripeFolders[i].resolve(LOCK_FILE_NAME);
    }
    this.folderHash = realRoot.toString().hashCode();
  }

  /** An action run while a stripe is locked. */
  @FunctionalInterface
  interface Locked<T> {
    T run() throws IOException;
  }

  /** Runs an action while holding the stripe's lock in this process and on disk. */
  <T> T withLock(int stripe, Locked<T> action) throws IOException {
    ReentrantLock inProcess = IN_PROCESS[Math.floorMod(folderHash * 257 + stripe, IN_PROCESS.length)];
    if (inProcess.isHeldByCurrentThread()) {
      throw new IllegalStateException("file backend locks must not nest");
    }
    inProcess.lock();
    try (FileChannel channel = openLockFile(lockFiles[stripe])) {
      FileLock onDisk = lockOnDisk(channel, lockFiles[stripe]);
      try {
        return action.run();
      } finally {
        onDisk.release();
      }
    } finally {
      inProcess.unlock();
    }
  }

  /**
   * Takes the file lock by polling {@link FileChannel#tryLock()}. The blocking
   * {@link FileChannel#lock()} is unusable here: Linux detects lock deadlocks per process, so two
   * processes whose threads each hold one stripe while waiting for another get a false
   * "Resource deadlock avoided" error, though no thread ever holds two stripes.
   */
  private static FileLock lockOnDisk(FileChannel channel, Path lockFile) throws IOException {
    long deadline = System.nanoTime() + LOCK_TIMEOUT.toNanos();
    long pauseNanos = 0;
    for (;;) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new FileLockInterruptionException();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("another process has held " + lockFile + " for over "
            + LOCK_TIMEOUT.toSeconds() + " seconds; is it hung?");
      }
      if (pauseNanos == 0) {
        Thread.yield();
        pauseNanos = MIN_PAUSE_NANOS;
      } else {
        LockSupport.parkNanos(pauseNanos);
        pauseNanos = Math.min(pauseNanos * 2, MAX_PAUSE_NANOS);
      }
    }
  }

  private static FileChannel openLockFile(Path lockFile) throws IOException {
    try {
      return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      // The fan-out folder is created on first use, or was removed by hand.
      Files.createDirectories(lockFile.getParent());
      return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
  }
}
