package io.cachette.backend.file;

import io.cachette.KeyInfo;
import io.cachette.backend.KeyPages;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The pages of one {@link FileBackend#scan(String)}: the fan-out folders one after another, each
 * listed when the scan reaches it (its entry names only, so a page of the listing is 1/256 of the
 * folder), then its entry files read a few hundred at a time as the stream is consumed. No
 * directory handle stays open between pages. Reads only: nothing is locked, touched or removed.
 * Not thread-safe (a stream is consumed by one thread).
 */
final class FileScan implements KeyPages.Source {
  /** Entry files read per page. */
  static final int PAGE = 500;

  private final FileBackend backend;
  private final Path[] fanOut;
  private final String prefix;
  private int nextStripe;
  private Path folder;
  private List<String> names = List.of();
  private int position;

  FileScan(FileBackend backend, Path[] fanOut, String prefix) {
    this.backend = backend;
    this.fanOut = fanOut;
    this.prefix = prefix;
    this.folder = fanOut[0];
  }

  @Override
  public @Nullable List<KeyInfo> next() {
    backend.checkOpen();
    while (position >= names.size()) {
      if (nextStripe == FileBackend.STRIPES) {
        return null;
      }
      folder = fanOut[nextStripe];
      names = entryNames(nextStripe);
      nextStripe++;
      position = 0;
    }
    int end = Math.min(names.size(), position + PAGE);
    List<KeyInfo> page = new ArrayList<>(end - position);
    long now = backend.now();
    for (; position < end; position++) {
      KeyInfo found = read(names.get(position), now);
      if (found != null) {
        page.add(found);
      }
    }
    return page;
  }

  /**
   * The entry file names of a fan-out folder, each once. A folder that is missing, or is a
   * symbolic link (which could lead outside the cache folder), has none.
   */
  private List<String> entryNames(int stripe) {
    Path dir = fanOut[stripe];
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    String hexStripe = FileBackend.HEX.toHexDigits((byte) stripe);
    // A set: a listing taken while files are renamed into place may name one twice.
    Set<String> found = new LinkedHashSet<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
      for (Path file : listing) {
        String name = file.getFileName().toString();
        if (FileSweeper.isEntryName(name) && name.startsWith(hexStripe)) {
          found.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of(); // removed by hand meanwhile
    } catch (IOException e) {
      throw backend.failure("list " + dir + " for a scan", e);
    }
    return new ArrayList<>(found);
  }

  /**
   * The key stored in an entry file if it is live, under the prefix, and really this key's file;
   * else null. Files being written are not entries yet ({@code *.tmp}, never listed); a file that
   * is half written, foreign or corrupt, one that vanished, and anything but a regular file are
   * skipped.
   */
  private @Nullable KeyInfo read(String name, long now) {
    Path file = folder.resolve(name);
    FileEntry entry;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        return null;
      }
      entry = FileEntry.read(file, false);
    } catch (NoSuchFileException e) {
      return null; // deleted or evicted since the listing
    } catch (FileEntry.UnreadableException e) {
      return null; // left for the operations that meet it to remove
    } catch (IOException e) {
      throw backend.failure("read " + file + " for a scan", e);
    }
    if (entry == null || !entry.isLiveAt(now) || !entry.key().startsWith(prefix)
        || !name.equals(FileBackend.fileName(entry.keyBytes()))) {
      // The last check skips a file copied in by hand under another key's name, which every
      // other operation reads as absent too.
      return null;
    }
    long expiresAt = entry.expiresAtMillis();
    return new KeyInfo(entry.key(),
        expiresAt == FileEntry.NEVER ? null : Duration.ofMillis(expiresAt - now));
  }
}
