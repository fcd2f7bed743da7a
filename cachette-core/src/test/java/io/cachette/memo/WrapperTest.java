package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.TestClock;
import io.cachette.TypeRef;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.memo.MemoFixtures.User;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Function wrappers: Supplier, Function, BiFunction and their async forms, over JSON bytes. */
class WrapperTest {
  private final TestClock clock = new TestClock();
  private final MemoryBackend backend = MemoryBackend.builder().clock(clock).build();
  private final Memoizer memo = Memoizer.builder().backend(backend).serializer("json://").build();
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void close() {
    memo.close();
    backend.close();
  }

  private @Nullable User find(int id) {
    calls.incrementAndGet();
    return id < 0 ? null : new User(id, "user" + id);
  }

  @Test
  void supplierRunsOnceAndPurgeDropsItsOneEntry() {
    MemoizedSupplier<User> current = memo.wrap("users.current", User.class)
        .supplier(() -> find(1));

    assertThat(current.get()).isEqualTo(new User(1, "user1"));
    assertThat(current.get()).isEqualTo(new User(1, "user1"));
    assertThat(calls).hasValue(1);
    assertThat(backend.exists("default:users.current()")).isTrue();

    assertThat(current.purge()).isTrue();
    assertThat(current.purge()).isFalse();
    current.get();
    assertThat(calls).hasValue(2);
  }

  @Test
  void functionIsKeyedByItsArgumentInItsNamespace() {
    MemoizedFunction<Integer, User> byId = memo.wrap("users.find", User.class)
        .namespace("users")
        .function(this::find);

    assertThat(byId.apply(1)).isEqualTo(new User(1, "user1"));
    assertThat(byId.apply(2)).isEqualTo(new User(2, "user2"));
    assertThat(byId.apply(1)).isEqualTo(new User(1, "user1"));
    assertThat(calls).hasValue(2);
    assertThat(backend.exists("users:users.find(1)")).isTrue();

    assertThat(byId.purge(1)).isTrue();
    assertThat(byId.purge(1)).isFalse();
    memo.clear("users");
    assertThat(byId.purge(2)).isFalse();
  }

  @Test
  void biFunctionIsKeyedByBothArguments() {
    MemoizedBiFunction<String, Integer, String> repeat = memo.wrap("text.repeat", String.class)
        .biFunction((text, times) -> {
          calls.incrementAndGet();
          return text.repeat(times);
        });

    assertThat(repeat.apply("ab", 2)).isEqualTo("abab");
    assertThat(repeat.apply("ab", 2)).isEqualTo("abab");
    assertThat(repeat.apply("ab", 3)).isEqualTo("ababab");
    assertThat(calls).hasValue(2);
    assertThat(backend.exists("default:text.repeat(\"ab\", 2)")).isTrue();
    assertThat(repeat.purge("ab", 3)).isTrue();
  }

  @Test
  void ttlsExpireEntriesAndNeverKeepsThem() {
    Memoizer withDefault = Memoizer.builder().backend(backend).defaultTtl(Duration.ofMinutes(1))
        .build();
    MemoizedFunction<Integer, User> minute = withDefault.wrap("a", User.class).function(this::find);
    MemoizedFunction<Integer, User> fiveMinutes = withDefault.wrap("b", User.class)
        .ttl(Duration.ofMinutes(5)).function(this::find);
    MemoizedFunction<Integer, User> forever = withDefault.wrap("c", User.class).ttl("never")
        .function(this::find);
    minute.apply(1);
    fiveMinutes.apply(1);
    forever.apply(1);

    clock.advance(Duration.ofMinutes(2));
    minute.apply(1);
    fiveMinutes.apply(1);
    forever.apply(1);
    assertThat(calls).hasValue(4);

    clock.advance(Duration.ofDays(365));
    fiveMinutes.apply(1);
    forever.apply(1);
    assertThat(calls).hasValue(5);
  }

  @Test
  void unlessLeavesMatchingResultsOutOfTheCache() {
    MemoizedFunction<Integer, User> byId = memo.wrap("users.find", User.class)
        .unless(user -> user.id() > 100)
        .function(this::find);

    assertThat(byId.apply(1)).isEqualTo(new User(1, "user1"));
    assertThat(byId.apply(1)).isEqualTo(new User(1, "user1"));
    assertThat(byId.apply(500)).isEqualTo(new User(500, "user500"));
    assertThat(byId.apply(500)).isEqualTo(new User(500, "user500"));

    assertThat(calls).hasValue(3);
    assertThat(backend.exists("default:users.find(500)")).isFalse();
  }

  @Test
  void nullsAreReturnedAndStoredOnlyWithCacheNulls() {
    MemoizedFunction<Integer, User> plain = memo.wrap("plain", User.class).function(this::find);
    MemoizedFunction<Integer, User> keepingNulls = memo.wrap("nulls", User.class).cacheNulls(true)
        .unless(user -> true)
        .function(this::find);

    assertThat(plain.apply(-1)).isNull();
    assertThat(plain.apply(-1)).isNull();
    assertThat(calls).hasValue(2);

    // unless sees values only: nulls follow cacheNulls.
    assertThat(keepingNulls.apply(-1)).isNull();
    assertThat(keepingNulls.apply(-1)).isNull();
    assertThat(calls).hasValue(3);
  }

  @Test
  void optionalResultsAreStoredByTheirValue() {
    MemoizedFunction<Integer, Optional<User>> lookup =
        memo.wrap("lookup", new TypeRef<Optional<User>>() {})
            .function(id -> Optional.ofNullable(find(id)));

    assertThat(lookup.apply(3)).contains(new User(3, "user3"));
    assertThat(lookup.apply(3)).contains(new User(3, "user3"));
    assertThat(lookup.apply(-3)).isEmpty();
    assertThat(lookup.apply(-3)).isEmpty();
    assertThat(calls).hasValue(3);
  }

  @Test
  void genericValueTypesDecodeFromJson() {
    MemoizedSupplier<List<User>> all = memo.wrap("all", new TypeRef<List<User>>() {})
        .supplier(() -> List.of(find(1), find(2)));

    List<User> first = all.get();
    List<User> cached = all.get();

    assertThat(cached).isEqualTo(first);
    assertThat(cached.get(0)).isInstanceOf(User.class);
    assertThat(calls).hasValue(2);
  }

  @Test
  void typedKeysAndKeyGeneratorsAndDisabledWrappers() {
    MemoizedFunction<Object, String> typed = memo.wrap("echo", String.class).typed(true)
        .function(value -> {
          calls.incrementAndGet();
          return String.valueOf(value);
        });
    typed.apply(1);
    typed.apply(1L);
    typed.apply(1);
    assertThat(calls).hasValue(2);
    assertThat(backend.exists("default:echo((long)1)")).isTrue();

    MemoizedFunction<Integer, User> custom = memo.wrap("find", User.class)
        .keyGenerator((method, args) -> method + "/" + args.get(0)).function(this::find);
    custom.apply(9);
    assertThat(backend.exists("default:find/9")).isTrue();

    MemoizedFunction<Integer, User> off = memo.wrap("off", User.class).enabled(false)
        .function(this::find);
    off.apply(1);
    off.apply(1);
    assertThat(calls).hasValue(5);
  }

  @Test
  void ifAbsentKeepsAValueAnotherWriterStoredMeanwhile() {
    // Another process: its own memoizer over the same store.
    Memoizer otherProcess = Memoizer.builder().backend(backend).serializer("json://").build();
    MemoizedFunction<Integer, String> theirs = otherProcess.wrap("label", String.class)
        .function(id -> "theirs");
    MemoizedFunction<Integer, String> mine = memo.wrap("label", String.class).ifAbsent(true)
        .function(id -> {
          theirs.apply(id);
          return "mine";
        });
    MemoizedFunction<Integer, String> overwriting = memo.wrap("label", String.class)
        .function(id -> {
          theirs.apply(id);
          return "mine";
        });

    assertThat(mine.apply(1)).isEqualTo("mine");
    assertThat(mine.apply(1)).isEqualTo("theirs");
    assertThat(overwriting.apply(2)).isEqualTo("mine");
    assertThat(overwriting.apply(2)).isEqualTo("mine");
  }

  @Test
  void asyncWrappersCacheTheValueNeverTheFuture() {
    MemoizedFunction<Integer, CompletableFuture<User>> byId = memo.wrap("users.findAsync", User.class)
        .asyncFunction(id -> CompletableFuture.supplyAsync(() -> find(id)));
    MemoizedSupplier<CompletableFuture<User>> current = memo.wrap("users.current", User.class)
        .asyncSupplier(() -> CompletableFuture.completedFuture(find(1)));
    MemoizedBiFunction<Integer, Integer, CompletableFuture<User>> pair =
        memo.wrap("users.pair", User.class)
            .asyncBiFunction((a, b) -> CompletableFuture.completedFuture(find(a + b)));

    assertThat(byId.apply(4).join()).isEqualTo(new User(4, "user4"));
    assertThat(byId.apply(4).join()).isEqualTo(new User(4, "user4"));
    assertThat(current.get().join()).isEqualTo(new User(1, "user1"));
    assertThat(current.get().join()).isEqualTo(new User(1, "user1"));
    assertThat(pair.apply(2, 3).join()).isEqualTo(new User(5, "user5"));
    assertThat(pair.apply(2, 3).join()).isEqualTo(new User(5, "user5"));
    assertThat(calls).hasValue(3);

    assertThat(byId.purge(4)).isTrue();
    assertThat(current.purge()).isTrue();
    assertThat(pair.purge(2, 3)).isTrue();
    assertThat(pair.purge(2, 3)).isFalse();
  }

  @Test
  void aFailedAsyncResultStoresNothingAndAsyncUnlessIsHonoured() {
    AtomicInteger attempts = new AtomicInteger();
    MemoizedFunction<Integer, CompletableFuture<User>> flaky = memo.wrap("flaky", User.class)
        .unless(user -> user.id() == 0)
        .asyncFunction(id -> attempts.incrementAndGet() == 1
            ? CompletableFuture.failedFuture(new IllegalStateException("timeout"))
            : CompletableFuture.completedFuture(new User(id, "ok")));

    assertThatThrownBy(() -> flaky.apply(1).join()).isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("timeout");
    assertThat(flaky.apply(1).join()).isEqualTo(new User(1, "ok"));
    assertThat(flaky.apply(1).join()).isEqualTo(new User(1, "ok"));
    assertThat(attempts).hasValue(2);

    flaky.apply(0).join();
    flaky.apply(0).join();
    assertThat(attempts).hasValue(4);
  }

  @Test
  void theFunctionShortcutWorksWhereValuesAreKeptAsTheyAre() {
    try (Memoizer objects = Memoizer.builder().build()) {
      MemoizedFunction<Integer, User> byId =
          objects.function("users.find", this::find, Duration.ofMinutes(5));
      byId.apply(1);
      assertThat(byId.apply(1)).isEqualTo(new User(1, "user1"));
      assertThat(calls).hasValue(1);
    }
    // Over a byte backend with json, the typed overload stores the record as plain JSON.
    MemoizedFunction<Integer, User> typed =
        memo.function("users.find", this::find, Duration.ofMinutes(5), User.class);
    assertThat(typed.apply(2)).isEqualTo(new User(2, "user2"));
    assertThat(typed.apply(2)).isEqualTo(new User(2, "user2"));
    assertThat(calls).hasValue(2);
  }

  @Test
  void badWrapperSettingsAreRefusedAtOnce() {
    assertThatThrownBy(() -> memo.wrap("find(id)", User.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without parentheses");
    assertThatThrownBy(() -> memo.wrap(" ", User.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-blank");
    assertThatThrownBy(() -> memo.wrap("f", User.class).ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> memo.wrap("f", User.class).ttl("later"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl 'later'");
    assertThatThrownBy(() -> memo.wrap("f", User.class).namespace("a:b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without ':'");
  }
}
