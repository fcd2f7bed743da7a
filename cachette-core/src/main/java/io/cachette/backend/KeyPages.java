package io.cachette.backend;

import io.cachette.KeyInfo;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Builds the lazy stream that {@link Backend#scan(String)} returns from a store's pages of keys:
 * a page is read only when the consumer has used up the one before, so a scan holds one page in
 * memory however many keys the store has.
 *
 * <pre>{@code
 * return KeyPages.stream(() -> {
 *   if (done) return null;          // no more pages
 *   ... read up to 500 keys after the last one seen ...
 *   return keys;                    // may be empty while more pages follow
 * });
 * }</pre>
 */
public final class KeyPages {
  private KeyPages() {}

  /** Where the pages come from. Called from the thread consuming the stream, one call at a time. */
  @FunctionalInterface
  public interface Source {
    /**
     * The next page of keys, in any order, or null when the scan is over. An empty page means
     * "nothing here, ask again" (Redis' SCAN can answer so before it is done).
     *
     * @throws BackendClosedException when the backend was closed meanwhile
     * @throws io.cachette.CacheException when the store fails
     */
    @Nullable List<KeyInfo> next();
  }

  /**
   * A sequential stream over the source's pages, reading them as the stream is consumed. Closing
   * the stream stops it: it asks the source for no more pages.
   *
   * @param source the pages, not null
   * @return a lazy, ordered stream of non-null keys
   */
  public static Stream<KeyInfo> stream(Source source) {
    Objects.requireNonNull(source, "source");
    Paging paging = new Paging(source);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(paging, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(paging::stop);
  }

  /** An iterator that asks for the next page when the current one is used up. Not thread-safe. */
  private static final class Paging implements Iterator<KeyInfo> {
    private final Source source;
    private Iterator<KeyInfo> page = List.<KeyInfo>of().iterator();
    private boolean done;

    Paging(Source source) {
      this.source = source;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext()) {
        if (done) {
          return false;
        }
        List<KeyInfo> next = source.next();
        if (next == null) {
          done = true;
          return false;
        }
        page = next.iterator();
      }
      return true;
    }

    @Override
    public KeyInfo next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the scan is over");
      }
      return page.next();
    }

    void stop() {
      done = true;
      page = List.<KeyInfo>of().iterator();
    }
  }
}
