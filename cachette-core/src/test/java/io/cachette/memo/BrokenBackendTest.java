package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.CacheException;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.memo.MemoFixtures.RealUsers;
import io.cachette.memo.MemoFixtures.User;
import io.cachette.memo.MemoFixtures.Users;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Backend trouble never breaks the caller: over a store that fails every operation, memoized calls
 * still return their results (fail-open), and the errors are counted; strict mode throws instead.
 */
class BrokenBackendTest {

  /** A deliberately broken store: every operation throws, as when its server is gone. */
  static final class BrokenBackend implements Backend {
    final AtomicInteger operations = new AtomicInteger();

    private RuntimeException refused() {
      operations.incrementAndGet();
      return new IllegalStateException("connection refused");
    }

    @Override
    public @Nullable Object get(String key) {
      throw refused();
    }

    @Override
    public Map<String, Object> getMany(List<String> keys) {
      throw refused();
    }

    @Override
    public void set(String key, Object value, @Nullable Duration ttl) {
      throw refused();
    }

    @Override
    public boolean setIfAbsent(String key, Object value, @Nullable Duration ttl) {
      throw refused();
    }

    @Override
    public void setMany(Map<String, ?> entries, @Nullable Duration ttl) {
      throw refused();
    }

    @Override
    public boolean expireIn(String key, @Nullable Duration ttl) {
      throw refused();
    }

    @Override
    public boolean delete(String key) {
      throw refused();
    }

    @Override
    public boolean exists(String key) {
      throw refused();
    }

    @Override
    public long clear(String prefix) {
      throw refused();
    }

    @Override
    public AsyncBackend async() {
      return AsyncBackend.inline(this);
    }

    @Override
    public String describe() {
      return "broken://";
    }

    @Override
    public void close() {}
  }

  private final BrokenBackend broken = new BrokenBackend();
  private final RealUsers real = new RealUsers();

  @Test
  void syncCallsReturnTheirResultsAndErrorsAreCounted() {
    Memoizer memo = Memoizer.builder().backend(broken).build();
    Users users = memo.proxy(Users.class, real);

    assertThat(users.find(1)).isEqualTo(new User(1, "ada"));
    assertThat(users.find(1)).isEqualTo(new User(1, "ada"));

    assertThat(real.calls("find")).isEqualTo(2);
    // Per call: the read failed (a miss), the write failed (logged).
    assertThat(memo.stats().errorCount()).isEqualTo(4);
    assertThat(memo.stats().missCount()).isEqualTo(2);
  }

  @Test
  void asyncCallsReturnTheirResultsAndErrorsAreCounted() {
    Memoizer memo = Memoizer.builder().backend(broken).build();
    Users users = memo.proxy(Users.class, real);

    assertThat(users.findAsync(2).join()).isEqualTo(new User(2, "grace"));
    assertThat(users.findAsync(2).join()).isEqualTo(new User(2, "grace"));

    assertThat(real.calls("findAsync")).isEqualTo(2);
    assertThat(memo.stats().errorCount()).isEqualTo(4);
  }

  @Test
  void wrappersPurgeClearAndCacheClearCarryOn() {
    Memoizer memo = Memoizer.builder().backend(broken).build();
    Users users = memo.proxy(Users.class, real);
    MemoizedFunction<Integer, String> upper = memo.wrap("upper", String.class)
        .function(i -> "N" + i);

    assertThat(upper.apply(1)).isEqualTo("N1");
    assertThat(memo.purge(users, "find", 1)).isFalse();
    memo.clear("users");
    users.rename(1, "ada lovelace");
    assertThat(real.names).containsEntry(1, "ada lovelace");
    assertThat(memo.stats().errorCount()).isEqualTo(5);
  }

  @Test
  void strictModeThrowsCacheExceptionButCacheClearStillOnlyLogs() {
    Memoizer memo = Memoizer.builder().backend(broken).strict().build();
    Users users = memo.proxy(Users.class, real);

    assertThatThrownBy(() -> users.find(1)).isInstanceOf(CacheException.class)
        .hasMessageContaining("broken://").hasRootCauseMessage("connection refused");
    assertThatThrownBy(() -> users.findAsync(1).join())
        .hasCauseInstanceOf(CacheException.class);
    assertThatThrownBy(() -> memo.clear("users")).isInstanceOf(CacheException.class);

    users.rename(1, "ada lovelace");
    users.renameAsync(2, "grace hopper").join();
    assertThat(real.names).containsEntry(1, "ada lovelace").containsEntry(2, "grace hopper");
  }

  /** A value the JSON serializer cannot write: its getter throws. */
  record Unwritable(String name) {
    public String getBroken() {
      throw new IllegalStateException("not serializable");
    }
  }

  interface Factory {
    @Cached
    Unwritable make(String name);

    @Cached
    CompletableFuture<Unwritable> makeAsync(String name);
  }

  /** Counts what it makes. */
  static final class CountingFactory implements Factory {
    final AtomicInteger made = new AtomicInteger();

    @Override
    public Unwritable make(String name) {
      made.incrementAndGet();
      return new Unwritable(name);
    }

    @Override
    public CompletableFuture<Unwritable> makeAsync(String name) {
      return CompletableFuture.completedFuture(make(name));
    }
  }

  @Test
  void aResultThatCannotBeStoredIsReturnedAndCounted() {
    Memoizer memo = Memoizer.builder().serializer("json://").build();
    CountingFactory real = new CountingFactory();
    AtomicInteger made = real.made;
    Factory factory = memo.proxy(Factory.class, real);

    assertThat(factory.make("x")).isEqualTo(new Unwritable("x"));
    assertThat(factory.make("x")).isEqualTo(new Unwritable("x"));

    assertThat(made).hasValue(2);
    assertThat(memo.stats().errorCount()).isEqualTo(2);
  }

  @Test
  void anAsyncResultThatCannotBeStoredIsReturnedAndCounted() {
    Memoizer memo = Memoizer.builder().serializer("json://").build();
    CountingFactory real = new CountingFactory();
    Factory factory = memo.proxy(Factory.class, real);

    assertThat(factory.makeAsync("x").join()).isEqualTo(new Unwritable("x"));
    assertThat(factory.makeAsync("x").join()).isEqualTo(new Unwritable("x"));

    assertThat(real.made).hasValue(2);
    assertThat(memo.stats().errorCount()).isEqualTo(2);
  }

  @Test
  void inStrictModeAResultThatCannotBeStoredFailsTheCallAsTheCacheSays() {
    Memoizer memo = Memoizer.builder().serializer("json://").strict().build();
    Factory factory = memo.proxy(Factory.class, new CountingFactory());

    assertThatThrownBy(() -> factory.make("x")).isInstanceOf(CacheException.class)
        .hasMessageContaining("set of 'default:");
    assertThatThrownBy(() -> factory.makeAsync("x").join())
        .hasCauseInstanceOf(CacheException.class);
  }
}
