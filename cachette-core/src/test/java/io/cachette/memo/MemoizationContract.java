package io.cachette.memo;

import static io.cachette.memo.MemoFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.CacheBuilder;
import io.cachette.TestClock;
import io.cachette.backend.Backend;
import io.cachette.memo.MemoFixtures.Order;
import io.cachette.memo.MemoFixtures.RealUsers;
import io.cachette.memo.MemoFixtures.User;
import io.cachette.memo.MemoFixtures.Users;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What memoization promises on any backend, sync and async: each backend and serializer pair
 * subclasses this with {@link #newBackend}.
 */
abstract class MemoizationContract {
  protected final TestClock clock = new TestClock();
  protected Backend backend;
  protected Memoizer memo;
  protected RealUsers real;
  protected Users users;

  /** A fresh, empty backend that reads time from {@code clock}. */
  protected abstract Backend newBackend(TestClock clock);

  /** The serializer URL, or null for the memoizer's default. */
  protected abstract @Nullable String serializer();

  protected MemoizerBuilder configure(MemoizerBuilder builder) {
    builder.backend(backend);
    String serializer = serializer();
    if (serializer != null) {
      builder.serializer(serializer);
    }
    return builder;
  }

  @BeforeEach
  void setUp() {
    backend = newBackend(clock);
    memo = configure(Memoizer.builder()).build();
    real = new RealUsers();
    users = memo.proxy(Users.class, real);
  }

  @AfterEach
  void tearDown() {
    memo.close();
    backend.close();
  }

  /** A plain cache over the same backend and namespace, as another process would have. */
  protected <V> Cache<V> sideCache(Class<V> type, String namespace) {
    CacheBuilder<V> builder = Cache.builder(type).backend(backend).namespace(namespace);
    String serializer = serializer();
    if (serializer != null) {
      builder.serializer(serializer);
    }
    return builder.build();
  }

  // ---- sync proxies ----

  @Test
  void secondCallIsServedFromTheCache() {
    User first = users.find(1);
    User second = users.find(1);

    assertThat(first).isEqualTo(new User(1, "ada"));
    assertThat(second).isEqualTo(first);
    assertThat(real.calls("find")).isEqualTo(1);
  }

  @Test
  void differentArgumentsAreDifferentEntries() {
    assertThat(users.find(1)).isEqualTo(new User(1, "ada"));
    assertThat(users.find(2)).isEqualTo(new User(2, "grace"));
    assertThat(users.find(1)).isEqualTo(new User(1, "ada"));

    assertThat(real.calls("find")).isEqualTo(2);
  }

  @Test
  void resultIsStoredUnderTheReadableKey() {
    users.find(1);
    users.byName("grace");

    assertThat(backend.exists("users:" + USERS + ".find(1)")).isTrue();
    assertThat(backend.exists("users:" + USERS + ".byName(\"grace\")")).isTrue();
    assertThat(backend.exists("users:" + USERS + ".find(2)")).isFalse();
  }

  @Test
  void valuesDecodeToTheGenericReturnType() {
    List<User> all = users.all();
    List<User> cachedAll = users.all();
    Map<String, Order> orders = users.ordersOf(2);
    Map<String, Order> cachedOrders = users.ordersOf(2);

    assertThat(cachedAll).isEqualTo(all).hasSize(3);
    assertThat(cachedAll.get(0)).isInstanceOf(User.class);
    assertThat(cachedOrders).isEqualTo(orders).containsEntry("o-2", new Order("o-2", 3998L));
    assertThat(cachedOrders.values().iterator().next()).isInstanceOf(Order.class);
    assertThat(real.calls("all")).isEqualTo(1);
    assertThat(real.calls("ordersOf")).isEqualTo(1);
  }

  @Test
  void optionalResultsStoreTheirValueAndEmptyOnesAreNotStored() {
    assertThat(users.byName("grace")).contains(new User(2, "grace"));
    assertThat(users.byName("grace")).contains(new User(2, "grace"));
    assertThat(real.calls("byName")).isEqualTo(1);
    // The value itself is stored, not an Optional: another reader sees a User.
    assertThat(sideCache(User.class, "users").get(USERS + ".byName(\"grace\")"))
        .contains(new User(2, "grace"));

    assertThat(users.byName("nobody")).isEmpty();
    assertThat(users.byName("nobody")).isEmpty();
    assertThat(real.calls("byName")).isEqualTo(3);
  }

  @Test
  void methodTtlExpiresEntries() {
    users.findFor5Minutes(1);
    clock.advance(Duration.ofMinutes(4));
    users.findFor5Minutes(1);
    assertThat(real.calls("findFor5Minutes")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    users.findFor5Minutes(1);
    assertThat(real.calls("findFor5Minutes")).isEqualTo(2);
  }

  @Test
  void memoizerDefaultTtlAppliesWhereTheMethodGivesNoneAndNeverOverridesIt() {
    Memoizer withDefault = configure(Memoizer.builder()).defaultTtl(Duration.ofMinutes(1)).build();
    Users proxied = withDefault.proxy(Users.class, real);
    proxied.find(1);
    proxied.findForever(1);

    clock.advance(Duration.ofSeconds(61));
    proxied.find(1);
    proxied.findForever(1);

    assertThat(real.calls("find")).isEqualTo(2);
    assertThat(real.calls("findForever")).isEqualTo(1);
  }

  @Test
  void clearingANamespaceLeavesOtherNamespacesIntact() {
    users.find(1);
    users.ordersOf(1);

    memo.clear("users");
    users.find(1);
    users.ordersOf(1);

    assertThat(real.calls("find")).isEqualTo(2);
    assertThat(real.calls("ordersOf")).isEqualTo(1);
  }

  @Test
  void purgeRemovesOneCallsEntryThenReportsNothingToRemove() {
    users.find(1);
    users.find(2);

    assertThat(memo.purge(users, "find", 1)).isTrue();
    assertThat(memo.purge(users, "find", 1)).isFalse();

    users.find(1);
    users.find(2);
    assertThat(real.calls("find")).isEqualTo(3);
  }

  @Test
  void cacheClearAfterASuccessfulCallClearsItsNamespace() {
    assertThat(users.find(1)).isEqualTo(new User(1, "ada"));
    users.ordersOf(1);
    // Cached while rename runs, so cleared after it.
    real.duringCall = users::all;

    users.rename(1, "ada lovelace");

    real.duringCall = () -> { };
    assertThat(users.find(1)).isEqualTo(new User(1, "ada lovelace"));
    assertThat(real.calls("find")).isEqualTo(2);
    users.all();
    assertThat(real.calls("all")).isEqualTo(2);
    users.ordersOf(1);
    assertThat(real.calls("ordersOf")).isEqualTo(1);
  }

  @Test
  void cacheClearAfterAFailedCallClearsNothing() {
    users.find(1);

    assertThatThrownBy(() -> users.rename(-1, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no user -1");

    users.find(1);
    assertThat(real.calls("find")).isEqualTo(1);
  }

  @Test
  void cacheClearBeforeClearsBeforeTheCall() {
    users.find(1);
    // Cached while renameBefore runs, so after the clear: it survives.
    real.duringCall = users::all;

    users.renameBefore(1, "countess");

    real.duringCall = () -> { };
    assertThat(users.find(1)).isEqualTo(new User(1, "countess"));
    assertThat(real.calls("find")).isEqualTo(2);
    users.all();
    assertThat(real.calls("all")).isEqualTo(1);
  }

  @Test
  void nullResultsAreReturnedButNotStoredByDefault() {
    assertThat(users.find(99)).isNull();
    assertThat(users.find(99)).isNull();

    assertThat(real.calls("find")).isEqualTo(2);
    assertThat(backend.exists("users:" + USERS + ".find(99)")).isFalse();
  }

  @Test
  void cacheNullsStoresNullResults() {
    assertThat(users.findOrNullCached(99)).isNull();
    assertThat(users.findOrNullCached(99)).isNull();
    assertThat(users.findOrNullCached(1)).isEqualTo(new User(1, "ada"));
    assertThat(users.findOrNullCached(1)).isEqualTo(new User(1, "ada"));

    assertThat(real.calls("findOrNullCached")).isEqualTo(2);
    assertThat(backend.exists("users:" + USERS + ".findOrNullCached(99)")).isTrue();
  }

  @Test
  void checkedExceptionsReachTheCallerAsTheyAreAndNothingIsStored() throws IOException {
    assertThatThrownBy(() -> users.load(-1)).isExactlyInstanceOf(IOException.class)
        .hasMessage("no user -1");
    assertThatThrownBy(() -> users.load(-1)).isExactlyInstanceOf(IOException.class);
    assertThat(real.calls("load")).isEqualTo(2);

    assertThat(users.load(5)).isEqualTo(new User(5, "loaded"));
    assertThat(users.load(5)).isEqualTo(new User(5, "loaded"));
    assertThat(real.calls("load")).isEqualTo(3);
  }

  @Test
  void unannotatedDefaultAndObjectMethodsBehaveAsOnTheTarget() {
    assertThat(users.size()).isEqualTo(3);
    assertThat(users.size()).isEqualTo(3);
    assertThat(real.calls("size")).isEqualTo(2);

    // A default method runs on the target, so its inner call is not memoized.
    assertThat(users.greeting(1)).isEqualTo("Hello, ada");
    assertThat(users.greeting(1)).isEqualTo("Hello, ada");
    assertThat(real.calls("find")).isEqualTo(2);

    assertThat(users.toString()).isEqualTo(real.toString());
    assertThat(users.hashCode()).isEqualTo(real.hashCode());
    assertThat(users.equals(users)).isTrue();
    assertThat(users.equals(memo.proxy(Users.class, real))).isTrue();
    assertThat(users.equals(new RealUsers())).isFalse();
  }

  @Test
  void theHandlerAnswersAnyEqualMethodObjectAsItAnswersTheProxysOwn() throws Throwable {
    java.lang.reflect.InvocationHandler handler =
        java.lang.reflect.Proxy.getInvocationHandler(users);
    for (int i = 0; i < 50; i++) { // getMethod returns a new Method object every time
      java.lang.reflect.Method find = Users.class.getMethod("find", int.class);
      assertThat(handler.invoke(users, find, new Object[] {1})).isEqualTo(users.find(1));
      java.lang.reflect.Method toString = Object.class.getMethod("toString");
      assertThat(handler.invoke(users, toString, null)).isEqualTo(real.toString());
    }
    assertThat(real.calls("find")).isEqualTo(1);
  }

  @Test
  void typedKeysTellNumberTypesApartAndUntypedKeysDoNot() {
    users.typedEcho(1);
    users.typedEcho(1L);
    users.typedEcho(1.0);
    users.typedEcho(1);
    assertThat(real.calls("typedEcho")).isEqualTo(3);
    assertThat(backend.exists("echo:" + USERS + ".typedEcho((long)1)")).isTrue();

    users.echo(1);
    users.echo(1L);
    users.echo(1.0);
    assertThat(real.calls("echo")).isEqualTo(1);
    assertThat(backend.exists("echo:" + USERS + ".echo(1)")).isTrue();
  }

  @Test
  void ifAbsentKeepsAValueAnotherWriterStoredMeanwhile() {
    Cache<String> other = sideCache(String.class, "labels");
    real.duringCall = () -> other.set(USERS + ".label(7)", "from another process");
    assertThat(users.label(7)).isEqualTo("computed-7");
    real.duringCall = () -> other.set(USERS + ".labelIfAbsent(7)", "from another process");
    assertThat(users.labelIfAbsent(7)).isEqualTo("computed-7");
    real.duringCall = () -> { };

    // The plain method overwrote the other writer's value; the ifAbsent one kept it.
    assertThat(users.label(7)).isEqualTo("computed-7");
    assertThat(users.labelIfAbsent(7)).isEqualTo("from another process");
    assertThat(real.calls("label") + real.calls("labelIfAbsent")).isEqualTo(2);
  }

  @Test
  void customKeyGeneratorKeysAreUsedAsTheyAreInsideTheNamespace() {
    users.findByIdKey(3);
    users.findByIdKey(3);

    assertThat(real.calls("findByIdKey")).isEqualTo(1);
    assertThat(backend.exists("users:id-3")).isTrue();
    assertThat(memo.purge(users, "findByIdKey", 3)).isTrue();
  }

  @Test
  void hashedKeysAreTheSha256OfTheReadableKey() {
    Memoizer hashed = configure(Memoizer.builder()).keyStyle(KeyStyle.HASHED).build();
    Users proxied = hashed.proxy(Users.class, real);

    proxied.find(1);
    proxied.find(1);

    assertThat(real.calls("find")).isEqualTo(1);
    // SHA-256 of "users:io.cachette.memo.MemoFixtures$Users.find(1)", see KeysTest.
    assertThat(backend.exists("users:" + KeysTest.HASH_OF_FIND_1)).isTrue();
    assertThat(backend.exists("users:" + USERS + ".find(1)")).isFalse();
  }

  @Test
  void disabledMethodsCallStraightThrough() {
    users.findUncached(1);
    users.findUncached(1);

    assertThat(real.calls("findUncached")).isEqualTo(2);
    assertThat(backend.exists("users:" + USERS + ".findUncached(1)")).isFalse();
  }

  @Test
  void statsCountHitsMissesAndRuns() {
    users.find(1);
    users.find(1);
    users.find(1);

    assertThat(memo.stats().hitCount()).isEqualTo(2);
    assertThat(memo.stats().missCount()).isEqualTo(1);
    assertThat(memo.stats().loadSuccessCount()).isEqualTo(1);
    assertThat(memo.stats().errorCount()).isZero();
  }

  @Test
  void unscopedProxiesOfOneInterfaceShareEntriesWhateverTheirTarget() {
    RealUsers other = new RealUsers();
    other.names.put(1, "someone else");
    Users second = memo.proxy(Users.class, other);

    assertThat(users.find(1)).isEqualTo(new User(1, "ada"));
    assertThat(second.find(1)).isEqualTo(new User(1, "ada"));

    assertThat(other.calls("find")).isZero();
  }

  @Test
  void proxiesWithDifferentScopesNeverShareEntries() {
    RealUsers tenantB = new RealUsers();
    tenantB.names.put(1, "bea");
    Users a = memo.proxy(Users.class, real, "tenant-a");
    Users b = memo.proxy(Users.class, tenantB, "tenant-b");
    Users unscoped = memo.proxy(Users.class, new RealUsers());

    assertThat(a.find(1)).isEqualTo(new User(1, "ada"));
    assertThat(b.find(1)).isEqualTo(new User(1, "bea"));
    assertThat(a.find(1)).isEqualTo(new User(1, "ada"));
    assertThat(b.find(1)).isEqualTo(new User(1, "bea"));
    assertThat(real.calls("find")).isEqualTo(1);
    assertThat(tenantB.calls("find")).isEqualTo(1);

    Users alsoA = memo.proxy(Users.class, new RealUsers(), "tenant-a");
    assertThat(alsoA.find(1)).isEqualTo(new User(1, "ada"));
    assertThat(memo.purge(b, "find", 1)).isTrue();
    assertThat(a.find(1)).isEqualTo(new User(1, "ada"));
    assertThat(real.calls("find")).isEqualTo(1);
    assertThat(sideCache(User.class, "users").exists("tenant-a/" + USERS + ".find(1)")).isTrue();
    assertThat(sideCache(User.class, "users").exists(USERS + ".find(1)")).isFalse();
    assertThat(unscoped.find(1)).isEqualTo(new User(1, "ada"));
  }

  @Test
  void aScopeMustBeNonBlankAndWithoutSlashes() {
    for (String bad : List.of("", " ", "a/b", "a\nb")) {
      assertThatThrownBy(() -> memo.proxy(Users.class, real, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("proxy scope").hasMessageContaining("tenant-a");
    }
  }

  // ---- function shortcuts ----

  @Test
  void theUntypedFunctionShortcutStoresJdkValuesOnEveryBackend() {
    AtomicInteger runs = new AtomicInteger();
    MemoizedFunction<String, Object> describe = memo.function("describe", (String s) -> {
      runs.incrementAndGet();
      return List.of(s, s.length(), (long) s.length());
    }, Duration.ofSeconds(30));

    Object first = describe.apply("abc");
    Object second = describe.apply("abc");

    assertThat(first).isEqualTo(List.of("abc", 3, 3L));
    assertThat(second).isEqualTo(List.of("abc", 3, 3L));
    assertThat(runs).hasValue(1);
    assertThat(memo.stats().errorCount()).isZero();
    clock.advance(Duration.ofSeconds(31));
    assertThat(describe.apply("abc")).isEqualTo(List.of("abc", 3, 3L));
    assertThat(runs).hasValue(2);
  }

  @Test
  void theTypedFunctionShortcutStoresAnyResultOnEveryBackend() {
    MemoizedFunction<Integer, User> find = memo.function("users.find", real::find, null,
        User.class);

    assertThat(find.apply(1)).isEqualTo(new User(1, "ada"));
    assertThat(find.apply(1)).isEqualTo(new User(1, "ada"));

    assertThat(real.calls("find")).isEqualTo(1);
    assertThat(sideCache(User.class, "default").get("users.find(1)"))
        .contains(new User(1, "ada"));
    assertThat(find.purge(1)).isTrue();
  }

  // ---- async proxies ----

  @Test
  void asyncSecondCallIsServedFromTheCacheAndTheValueIsStoredNotTheFuture() {
    User first = users.findAsync(1).join();
    User second = users.findAsync(1).join();

    assertThat(first).isEqualTo(new User(1, "ada"));
    assertThat(second).isEqualTo(first);
    assertThat(real.calls("findAsync")).isEqualTo(1);
    assertThat(sideCache(User.class, "users").get(USERS + ".findAsync(1)"))
        .contains(new User(1, "ada"));
  }

  @Test
  void asyncFailedFutureReachesTheCallerAndStoresNothing() {
    assertThatThrownBy(() -> users.findAsync(-1).join())
        .isInstanceOf(CompletionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("no user -1");
    assertThatThrownBy(() -> users.findAsync(-1).join()).isInstanceOf(CompletionException.class);

    assertThat(real.calls("findAsync")).isEqualTo(2);
    assertThat(backend.exists("users:" + USERS + ".findAsync(-1)")).isFalse();
  }

  @Test
  void asyncValuesDecodeToTheGenericTypeInsideTheFuture() throws Exception {
    List<User> all = users.allAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
    List<User> cached = users.allAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Optional<User> grace = users.byNameAsync("grace").get(10, TimeUnit.SECONDS);
    Optional<User> graceAgain = users.byNameAsync("grace").get(10, TimeUnit.SECONDS);

    assertThat(cached).isEqualTo(all).hasSize(3);
    assertThat(cached.get(1)).isInstanceOf(User.class);
    assertThat(real.calls("allAsync")).isEqualTo(1);
    assertThat(graceAgain).isEqualTo(grace).contains(new User(2, "grace"));
    assertThat(real.calls("byNameAsync")).isEqualTo(1);
  }

  @Test
  void asyncTtlExpiresEntries() {
    users.findAsyncFor5Minutes(1).join();
    clock.advance(Duration.ofMinutes(4));
    users.findAsyncFor5Minutes(1).join();
    assertThat(real.calls("findAsyncFor5Minutes")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    users.findAsyncFor5Minutes(1).join();
    assertThat(real.calls("findAsyncFor5Minutes")).isEqualTo(2);
  }

  @Test
  void asyncCacheClearClearsOnceTheFutureCompletes() throws Exception {
    users.findAsync(1).join();
    users.ordersOf(1);

    users.renameAsync(1, "ada byron").get(10, TimeUnit.SECONDS);

    assertThat(users.findAsync(1).join()).isEqualTo(new User(1, "ada byron"));
    users.ordersOf(1);
    assertThat(real.calls("findAsync")).isEqualTo(2);
    assertThat(real.calls("ordersOf")).isEqualTo(2);
  }

  @Test
  void asyncPurgeRemovesOneCallsEntry() {
    users.findAsync(1).join();

    assertThat(memo.purge(users, "findAsync", 1)).isTrue();
    assertThat(memo.purge(users, "findAsync", 1)).isFalse();
    users.findAsync(1).join();
    assertThat(real.calls("findAsync")).isEqualTo(2);
  }

  // ---- stampede protection ----

  @Test
  void hundredConcurrentCallersOfOneMissingKeyRunTheMethodOnce() throws Exception {
    int callers = 100;
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    real.duringCall = () -> {
      running.countDown();
      await(release);
    };
    List<Thread> threads = new ArrayList<>();
    List<CompletableFuture<User>> results = callFindOnThreads(callers, threads);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    // Every caller is now parked inside find: one running the method (on `release`), the other
    // 99 waiting for its result.
    awaitAllWaiting(threads);
    release.countDown();

    for (CompletableFuture<User> result : results) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new User(1, "ada"));
    }
    assertThat(real.calls("find")).isEqualTo(1);
  }

  @Test
  void aFailureReachesEveryConcurrentCallerAndNothingIsStored() throws Exception {
    int callers = 20;
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    real.duringCall = () -> {
      running.countDown();
      await(release);
      throw new IllegalStateException("backend of the service is down");
    };
    List<Thread> threads = new ArrayList<>();
    List<CompletableFuture<User>> results = callFindOnThreads(callers, threads);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    awaitAllWaiting(threads);
    release.countDown();

    for (CompletableFuture<User> result : results) {
      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("backend of the service is down");
    }
    assertThat(real.calls("find")).isEqualTo(1);
    real.duringCall = () -> { };
    assertThat(users.find(1)).isEqualTo(new User(1, "ada"));
    assertThat(real.calls("find")).isEqualTo(2);
  }

  @Test
  void hundredAsyncCallersOfOneMissingKeyShareOneCall() throws Exception {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    real.asyncGate = gate;
    List<CompletableFuture<User>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      results.add(users.findAsync(2));
    }
    assertThat(results).noneMatch(CompletableFuture::isDone);

    gate.complete(null);

    for (CompletableFuture<User> result : results) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new User(2, "grace"));
    }
    assertThat(real.calls("findAsync")).isEqualTo(1);
  }

  @Test
  void callersOfDifferentKeysNeverWaitOnEachOther() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger blocked = new AtomicInteger();
    real.duringCall = () -> {
      if (blocked.getAndIncrement() == 0) {
        running.countDown();
        await(release);
      }
    };
    CompletableFuture<User> slow = CompletableFuture.supplyAsync(() -> users.find(1));
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    // Key 2 is served while key 1's call is still blocked.
    assertThat(users.find(2)).isEqualTo(new User(2, "grace"));
    assertThat(slow).isNotDone();

    release.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(new User(1, "ada"));
  }

  /**
   * Starts {@code callers} threads that each call {@code users.find(1)} once, and returns once all
   * have started; {@code threads} receives them. Each future holds a thread's result or exception.
   */
  private List<CompletableFuture<User>> callFindOnThreads(int callers, List<Thread> threads)
      throws InterruptedException {
    CountDownLatch arrived = new CountDownLatch(callers);
    List<CompletableFuture<User>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      CompletableFuture<User> result = new CompletableFuture<>();
      results.add(result);
      Thread thread = new Thread(() -> {
        arrived.countDown();
        try {
          result.complete(users.find(1));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
      threads.add(thread);
      thread.start();
    }
    assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
    return results;
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls (with a deadline) until every thread is parked. */
  static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
        || t.getState() == Thread.State.TIMED_WAITING)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("threads did not all wait in time");
      }
      Thread.sleep(5);
    }
  }
}
