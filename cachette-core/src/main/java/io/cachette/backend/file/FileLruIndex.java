package io.cachette.backend.file;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The size bound of a {@link FileBackend}: the entry files this process knows, with their sizes,
 * from least to most recently used. It only decides which files to evict; the backend deletes them.
 * Thread-safe.
 */
final class FileLruIndex {
  private final long maxBytes;
  private final LinkedHashMap<String, Long> sizes = new LinkedHashMap<>(256, 0.75f, true);
  private long totalBytes;

  FileLruIndex(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Records that an entry file was written or read and has this size, making it the most recently
   * used.
   *
   * @return the names of the entry files to evict to get back under the bound, least recently used
   *     first (already dropped from the index)
   */
  synchronized List<String> used(String name, long bytes) {
    Long previous = sizes.put(name, bytes);
    totalBytes += bytes - (previous == null ? 0 : previous);
    return overflow();
  }

  /** Records that an entry file is gone. */
  synchronized void removed(String name) {
    Long previous = sizes.remove(name);
    if (previous != null) {
      totalBytes -= previous;
    }
  }

  /** The total size of the entry files this process knows. */
  synchronized long totalBytes() {
    return totalBytes;
  }

  private List<String> overflow() {
    if (totalBytes <= maxBytes) {
      return List.of();
    }
    List<String> victims = new ArrayList<>();
    Iterator<Map.Entry<String, Long>> eldestFirst = sizes.entrySet().iterator();
    while (totalBytes > maxBytes && eldestFirst.hasNext()) {
      Map.Entry<String, Long> eldest = eldestFirst.next();
      victims.add(eldest.getKey());
      totalBytes -= eldest.getValue();
      eldestFirst.remove();
    }
    return victims;
  }
}
