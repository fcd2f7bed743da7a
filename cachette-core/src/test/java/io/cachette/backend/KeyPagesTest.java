package io.cachette.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.KeyInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class KeyPagesTest {

  /** Hands out the given pages, then null, counting the calls. */
  static final class Pages implements KeyPages.Source {
    private final Deque<List<KeyInfo>> pages;
    int calls;

    Pages(List<List<KeyInfo>> pages) {
      this.pages = new ArrayDeque<>(pages);
    }

    @Override
    public @Nullable List<KeyInfo> next() {
      calls++;
      return pages.poll();
    }
  }

  static KeyInfo key(String key) {
    return new KeyInfo(key, null);
  }

  @Test
  void listsEveryPageInOrderSkippingEmptyOnes() {
    Pages source = new Pages(List.of(List.of(key("a"), key("b")), List.of(), List.of(),
        List.of(new KeyInfo("c", Duration.ofSeconds(5)))));
    try (Stream<KeyInfo> keys = KeyPages.stream(source)) {
      assertThat(keys).containsExactly(key("a"), key("b"), new KeyInfo("c", Duration.ofSeconds(5)));
    }
    assertThat(source.calls).isEqualTo(5); // four pages and the null that ends them
  }

  @Test
  void readsAPageOnlyWhenTheOneBeforeIsUsedUp() {
    Pages source = new Pages(List.of(List.of(key("a"), key("b")), List.of(key("c"))));
    try (Stream<KeyInfo> keys = KeyPages.stream(source)) {
      assertThat(source.calls).as("before the first key is asked for").isZero();
      Iterator<KeyInfo> scan = keys.iterator();
      assertThat(scan.next()).isEqualTo(key("a"));
      assertThat(scan.next()).isEqualTo(key("b"));
      assertThat(source.calls).isEqualTo(1);
      assertThat(scan.next()).isEqualTo(key("c"));
      assertThat(source.calls).isEqualTo(2);
    }
  }

  @Test
  void aShortCircuitingConsumerStopsReading() {
    Pages source = new Pages(List.of(List.of(key("a"), key("b")), List.of(key("c"))));
    try (Stream<KeyInfo> keys = KeyPages.stream(source)) {
      assertThat(keys.findFirst()).contains(key("a"));
    }
    assertThat(source.calls).isEqualTo(1);
  }

  @Test
  void closingTheStreamEndsItWithoutReadingMore() {
    Pages source = new Pages(List.of(List.of(key("a"), key("b")), List.of(key("c"))));
    Stream<KeyInfo> keys = KeyPages.stream(source);
    Iterator<KeyInfo> scan = keys.iterator();
    assertThat(scan.next()).isEqualTo(key("a"));
    keys.close();
    assertThat(scan.hasNext()).isFalse();
    assertThatThrownBy(scan::next).isInstanceOf(NoSuchElementException.class);
    assertThat(source.calls).isEqualTo(1);
  }

  @Test
  void aFailingPageReachesTheConsumer() {
    KeyPages.Source failing = () -> {
      throw new BackendClosedException("test://");
    };
    try (Stream<KeyInfo> keys = KeyPages.stream(failing)) {
      assertThatThrownBy(keys::count).isInstanceOf(BackendClosedException.class);
    }
  }
}
