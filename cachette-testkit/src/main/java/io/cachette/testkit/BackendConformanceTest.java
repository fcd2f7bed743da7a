package io.cachette.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachette.backend.AsyncBackend;
import io.cachette.KeyInfo;
import io.cachette.ValueTooLargeException;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendClosedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every Cachette backend keeps, as one JUnit 5 suite. A backend module subclasses it
 * in its tests and says how to open the backend:
 *
 * <pre>{@code
 * class RedisConformanceTest extends BackendConformanceTest {
 *   protected Backend newBackend(MutableClock clock) {
 *     return Backends.fromUrl("redis://127.0.0.1:6379/0");
 *   }
 * }
 * }</pre>
 *
 * <p>Each test uses keys under its own random prefix, so a store shared with other tests or runs is
 * fine; the prefix is cleared afterwards. Backends that read time from the clock passed to
 * {@link #newBackend(MutableClock)} say so with {@link #followsClock()}: their TTL tests move the
 * clock; the others wait for real time to pass, polling with a deadline.
 *
 * <p>The rules checked are those of {@link Backend}'s javadoc and ARCHITECTURE.md's "Semantics".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class BackendConformanceTest {
  /** How long tests that wait for real time give an expiring entry to disappear. */
  private static final Duration EXPIRY_DEADLINE = Duration.ofSeconds(10);
  /** How often a poll on real time looks again. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
  /** How long a test waits for an async operation's future. */
  private static final Duration FUTURE_DEADLINE = Duration.ofSeconds(30);
  /** cachetoolz's "infinite" TTL: longer than a {@code long} of nanoseconds can hold. */
  private static final Duration TWENTY_THOUSAND_WEEKS = Duration.ofDays(7 * 20_000);
  /** The largest value limit the oversize tests allocate a value beyond. */
  private static final long LARGEST_LIMIT_TESTED = 64L << 20;

  /** The clock handed to the backend; moved by TTL tests when {@link #followsClock()}. */
  protected final MutableClock clock = new MutableClock();
  /** The backend under test, opened before each test. */
  protected Backend backend;
  private String prefix;

  /** Opens the backend under test. Called once before each test. */
  protected abstract Backend newBackend(MutableClock clock);

  /** Whether the backend reads time from the clock given to {@link #newBackend(MutableClock)}. */
  protected boolean followsClock() {
    return false;
  }

  /**
   * Whether the backend keeps what is written. Only {@code dummy://} says false; the tests that
   * need a stored value are then skipped, and its own test checks what it does instead.
   */
  protected boolean retainsValues() {
    return true;
  }

  /**
   * The value stored for a text. Byte backends store its UTF-8 bytes; a backend that stores
   * objects may override this (and {@link #text(Object)}) to store other objects.
   */
  protected Object value(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The text a stored value stands for: the inverse of {@link #value(String)}. */
  protected String text(Object stored) {
    assertThat(stored).isInstanceOf(byte[].class);
    return new String((byte[]) stored, StandardCharsets.UTF_8);
  }

  @BeforeEach
  final void openBackend() {
    prefix = "ct" + UUID.randomUUID().toString().substring(0, 8) + ":";
    backend = newBackend(clock);
  }

  @AfterEach
  final void closeBackend() {
    if (backend != null) {
      try {
        backend.clear(prefix);
      } finally {
        backend.close();
      }
    }
  }

  /** A key under this test's prefix. */
  protected final String key(String name) {
    return prefix + name;
  }

  /** This test's key prefix. */
  protected final String prefix() {
    return prefix;
  }

  private @Nullable String read(String key) {
    Object stored = backend.get(key);
    return stored == null ? null : text(stored);
  }

  /**
   * Lets an entry with the given TTL expire: moves the clock past it, or (when the backend follows
   * real time) polls until {@code gone} holds, failing after a deadline of the TTL plus ten
   * seconds. No test waits a fixed time.
   */
  protected void expire(Duration ttl, BooleanSupplier gone) {
    if (followsClock()) {
      clock.advance(ttl.plusMillis(1));
      assertThat(gone.getAsBoolean())
          .as("expired entry still visible after the clock moved past its TTL").isTrue();
      return;
    }
    long deadline = System.nanoTime() + ttl.plus(EXPIRY_DEADLINE).toNanos();
    while (!gone.getAsBoolean()) {
      assertThat(System.nanoTime()).as("entry still visible " + EXPIRY_DEADLINE + " after its TTL")
          .isLessThan(deadline);
      pollPause();
    }
  }

  /**
   * Lets an entry written now with the given TTL run out, whether or not it is still there: moves
   * the clock past the TTL, or writes a probe entry with the same TTL and polls until the store
   * has expired it (a bounded poll; see {@link #expire}).
   */
  protected void outlive(Duration ttl) {
    if (followsClock()) {
      clock.advance(ttl.plusMillis(1));
      return;
    }
    String probe = key("probe-" + UUID.randomUUID());
    backend.set(probe, value("probe"), ttl);
    expire(ttl, () -> !backend.exists(probe));
  }

  /** The interval between two looks of a bounded poll on a store that follows real time. */
  private static void pollPause() {
    LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    if (Thread.interrupted()) {
      throw new AssertionError("interrupted while polling the store");
    }
  }

  /** A TTL short enough to wait for when time is real, and long enough to be seen before it ends. */
  protected Duration shortTtl() {
    return followsClock() ? Duration.ofSeconds(30) : Duration.ofMillis(600);
  }

  private void requireRetention() {
    assumeTrue(retainsValues(), "this backend stores nothing");
  }

  // ---- get / set ----

  @Test
  void getOfAbsentKeyIsNull() {
    assertThat(backend.get(key("missing"))).isNull();
  }

  @Test
  void setThenGetReturnsTheValue() {
    requireRetention();
    backend.set(key("a"), value("alpha"), null);
    assertThat(read(key("a"))).isEqualTo("alpha");
  }

  @Test
  void setReplacesThePreviousValue() {
    requireRetention();
    backend.set(key("a"), value("one"), null);
    backend.set(key("a"), value("two"), null);
    assertThat(read(key("a"))).isEqualTo("two");
  }

  @Test
  void setReplacesThePreviousTtl() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.set(key("a"), value("short"), ttl);
    backend.set(key("a"), value("forever"), null);
    outlive(ttl);
    assertThat(read(key("a"))).isEqualTo("forever");
  }

  @Test
  void binaryValuesWithEveryByteRoundTrip() {
    requireRetention();
    assumeTrue(value("x") instanceof byte[], "byte values only");
    byte[] all = new byte[512];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    backend.set(key("bin"), all, null);
    assertThat((byte[]) backend.get(key("bin"))).isEqualTo(all);
  }

  @Test
  void emptyValueIsStoredAndIsNotAMiss() {
    requireRetention();
    backend.set(key("empty"), value(""), null);
    assertThat(read(key("empty"))).isEqualTo("");
    assertThat(backend.exists(key("empty"))).isTrue();
  }

  @Test
  void largeValueRoundTrips() {
    requireRetention();
    assumeTrue(backend.maxValueBytes() >= 1 << 20, "backend limit below 1 MiB");
    String big = "0123456789abcdef".repeat(1 << 16);
    backend.set(key("big"), value(big), null);
    assertThat(read(key("big"))).isEqualTo(big);
  }

  @Test
  void unicodeAndPunctuationKeysAreDistinctKeys() {
    requireRetention();
    List<String> names = List.of("ключ", "键", "🔑 emoji", "with space", "a:b:c", "../../etc/passwd",
        "/abs/path", "back\\slash", "glob*?[x]", "percent%_under", "Key", "key", "tab\tnewline\n");
    for (String name : names) {
      backend.set(key(name), value("v-" + name), null);
    }
    for (String name : names) {
      assertThat(read(key(name))).as(name).isEqualTo("v-" + name);
    }
  }

  @Test
  void veryLongKeyWorks() {
    requireRetention();
    String name = "k".repeat(900) + "é".repeat(50);
    backend.set(key(name), value("long"), null);
    assertThat(read(key(name))).isEqualTo("long");
    assertThat(read(key(name.substring(1)))).isNull();
  }

  // ---- setIfAbsent ----

  @Test
  void setIfAbsentStoresWhenAbsent() {
    requireRetention();
    assertThat(backend.setIfAbsent(key("a"), value("first"), null)).isTrue();
    assertThat(read(key("a"))).isEqualTo("first");
  }

  @Test
  void setIfAbsentReturnsFalseWhenKeyIsLiveAndKeepsTheValue() {
    requireRetention();
    backend.set(key("a"), value("first"), null);
    assertThat(backend.setIfAbsent(key("a"), value("second"), null)).isFalse();
    assertThat(read(key("a"))).isEqualTo("first");
  }

  @Test
  void setIfAbsentTreatsAnExpiredEntryAsAbsent() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.set(key("a"), value("old"), ttl);
    expire(ttl, () -> !backend.exists(key("a")));
    assertThat(backend.setIfAbsent(key("a"), value("new"), null)).isTrue();
    assertThat(read(key("a"))).isEqualTo("new");
  }

  @Test
  void setIfAbsentAppliesItsTtl() {
    requireRetention();
    Duration ttl = shortTtl();
    assertThat(backend.setIfAbsent(key("a"), value("v"), ttl)).isTrue();
    assertThat(backend.exists(key("a"))).isTrue();
    expire(ttl, () -> backend.get(key("a")) == null);
  }

  @Test
  void concurrentSetIfAbsentHasExactlyOneWinnerPerKey() throws Exception {
    requireRetention();
    int threads = 8;
    int keys = 40;
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger[] wins = new AtomicInteger[keys];
    Arrays.setAll(wins, i -> new AtomicInteger());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int k = 0; k < keys; k++) {
            if (backend.setIfAbsent(key("race" + k), value("t" + id), null)) {
              wins[k].incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int k = 0; k < keys; k++) {
      assertThat(wins[k].get()).as("winners for key race" + k).isEqualTo(1);
    }
  }

  // ---- getMany / setMany ----

  @Test
  void getManyReturnsOnlyTheKeysThatArePresent() {
    requireRetention();
    backend.set(key("a"), value("A"), null);
    backend.set(key("c"), value("C"), null);
    Map<String, Object> found = backend.getMany(List.of(key("a"), key("b"), key("c")));
    assertThat(found).containsOnlyKeys(key("a"), key("c"));
    assertThat(text(found.get(key("a")))).isEqualTo("A");
    assertThat(text(found.get(key("c")))).isEqualTo("C");
  }

  @Test
  void getManyOfNoKeysIsEmpty() {
    assertThat(backend.getMany(List.of())).isEmpty();
  }

  @Test
  void getManyLeavesOutExpiredEntries() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.set(key("short"), value("s"), ttl);
    backend.set(key("long"), value("l"), null);
    expire(ttl, () -> !backend.getMany(List.of(key("short"))).containsKey(key("short")));
    assertThat(backend.getMany(List.of(key("short"), key("long")))).containsOnlyKeys(key("long"));
  }

  @Test
  void setManyStoresEveryEntry() {
    requireRetention();
    Map<String, Object> entries = new LinkedHashMap<>();
    for (int i = 0; i < 120; i++) {
      entries.put(key("m" + i), value("v" + i));
    }
    backend.setMany(entries, null);
    Map<String, Object> found = backend.getMany(new ArrayList<>(entries.keySet()));
    assertThat(found).hasSize(120);
    for (int i = 0; i < 120; i++) {
      assertThat(text(found.get(key("m" + i)))).isEqualTo("v" + i);
    }
  }

  @Test
  void setManyWithTtlExpiresEveryEntry() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.setMany(Map.of(key("x"), value("1"), key("y"), value("2")), ttl);
    assertThat(backend.getMany(List.of(key("x"), key("y")))).hasSize(2);
    expire(ttl, () -> backend.getMany(List.of(key("x"), key("y"))).isEmpty());
  }

  @Test
  void setManyReplacesExistingValues() {
    requireRetention();
    backend.set(key("x"), value("old"), null);
    backend.setMany(Map.of(key("x"), value("new"), key("y"), value("y")), null);
    assertThat(read(key("x"))).isEqualTo("new");
  }

  // ---- TTL ----

  @Test
  void entryExpiresAfterItsTtlForGetExistsAndGetMany() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.set(key("t"), value("v"), ttl);
    assertThat(read(key("t"))).isEqualTo("v");
    expire(ttl, () -> backend.get(key("t")) == null);
    assertThat(backend.exists(key("t"))).isFalse();
    assertThat(backend.getMany(List.of(key("t")))).isEmpty();
  }

  @Test
  void entryIsVisibleUntilItsTtlEnds() {
    requireRetention();
    assumeTrue(followsClock(), "needs a controllable clock to look just before expiry");
    backend.set(key("t"), value("v"), Duration.ofMillis(1500));
    clock.advance(Duration.ofMillis(1400));
    assertThat(read(key("t"))).isEqualTo("v");
    clock.advance(Duration.ofMillis(200));
    assertThat(read(key("t"))).isNull();
  }

  @Test
  void entryWithoutTtlNeverExpires() {
    requireRetention();
    backend.set(key("forever"), value("v"), null);
    outlive(followsClock() ? Duration.ofDays(3650) : shortTtl());
    assertThat(read(key("forever"))).isEqualTo("v");
  }

  @Test
  void expiredEntryIsAbsentToDelete() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.set(key("t"), value("v"), ttl);
    expire(ttl, () -> !backend.exists(key("t")));
    assertThat(backend.delete(key("t"))).isFalse();
  }

  // ---- expireIn ----

  @Test
  void expireInOfAbsentKeyReturnsFalse() {
    assertThat(backend.expireIn(key("none"), Duration.ofSeconds(5))).isFalse();
    assertThat(backend.expireIn(key("none"), null)).isFalse();
  }

  @Test
  void expireInGivesALiveEntryANewTtl() {
    requireRetention();
    backend.set(key("e"), value("v"), null);
    Duration ttl = shortTtl();
    assertThat(backend.expireIn(key("e"), ttl)).isTrue();
    assertThat(read(key("e"))).isEqualTo("v");
    expire(ttl, () -> backend.get(key("e")) == null);
  }

  @Test
  void expireInWithNullMakesAnEntryEternal() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.set(key("e"), value("v"), ttl);
    assertThat(backend.expireIn(key("e"), null)).isTrue();
    outlive(ttl);
    assertThat(read(key("e"))).isEqualTo("v");
  }

  @Test
  void expireInWithNullOnAnEternalEntryReportsItExists() {
    requireRetention();
    backend.set(key("e"), value("v"), null);
    assertThat(backend.expireIn(key("e"), null)).isTrue();
    assertThat(read(key("e"))).isEqualTo("v");
  }

  @Test
  void expireInOfAnExpiredEntryReturnsFalse() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.set(key("e"), value("v"), ttl);
    expire(ttl, () -> !backend.exists(key("e")));
    assertThat(backend.expireIn(key("e"), Duration.ofMinutes(5))).isFalse();
    assertThat(backend.get(key("e"))).isNull();
  }

  // ---- delete / exists ----

  @Test
  void deleteReturnsWhetherTheKeyExisted() {
    requireRetention();
    backend.set(key("d"), value("v"), null);
    assertThat(backend.delete(key("d"))).isTrue();
    assertThat(backend.get(key("d"))).isNull();
    assertThat(backend.delete(key("d"))).isFalse();
  }

  @Test
  void deleteManyCountsTheKeysThatExisted() {
    requireRetention();
    backend.set(key("a"), value("1"), null);
    backend.set(key("b"), value("2"), null);
    assertThat(backend.deleteMany(List.of(key("a"), key("b"), key("c")))).isEqualTo(2);
    assertThat(backend.getMany(List.of(key("a"), key("b")))).isEmpty();
  }

  @Test
  void existsReflectsPresence() {
    requireRetention();
    assertThat(backend.exists(key("x"))).isFalse();
    backend.set(key("x"), value("v"), null);
    assertThat(backend.exists(key("x"))).isTrue();
    backend.delete(key("x"));
    assertThat(backend.exists(key("x"))).isFalse();
  }

  // ---- clear ----

  @Test
  void clearRemovesOnlyKeysWithThePrefix() {
    requireRetention();
    String mine = key("ns:");
    String sibling = key("ns2:");
    String outer = key("nsa");
    backend.set(mine + "a", value("1"), null);
    backend.set(mine + "b", value("2"), Duration.ofHours(1));
    backend.set(sibling + "a", value("3"), null);
    backend.set(outer, value("4"), null);
    long removed = backend.clear(mine);
    assertThat(removed).isIn(2L, -1L);
    assertThat(backend.getMany(List.of(mine + "a", mine + "b"))).isEmpty();
    assertThat(read(sibling + "a")).isEqualTo("3");
    assertThat(read(outer)).isEqualTo("4");
  }

  @Test
  void clearTreatsPatternCharactersInThePrefixLiterally() {
    requireRetention();
    String tricky = key("a*[b]?%_\\:");
    backend.set(tricky + "1", value("in"), null);
    backend.set(key("aX[b]?%_\\:1"), value("out1"), null);
    backend.set(key("a*b?xx_\\:1"), value("out2"), null);
    backend.set(key("a*[b]?%Z\\:1"), value("out3"), null);
    backend.clear(tricky);
    assertThat(backend.get(tricky + "1")).isNull();
    assertThat(read(key("aX[b]?%_\\:1"))).isEqualTo("out1");
    assertThat(read(key("a*b?xx_\\:1"))).isEqualTo("out2");
    assertThat(read(key("a*[b]?%Z\\:1"))).isEqualTo("out3");
  }

  @Test
  void clearOfManyKeysRemovesThemAll() {
    requireRetention();
    Map<String, Object> entries = new HashMap<>();
    for (int i = 0; i < 1500; i++) {
      entries.put(key("bulk:" + i), value("v"));
    }
    backend.setMany(entries, null);
    backend.clear(key("bulk:"));
    assertThat(backend.getMany(new ArrayList<>(entries.keySet()))).isEmpty();
  }

  // ---- scan ----

  /** The keys a scan lists, each with its TTL; fails when a key is listed twice. */
  private Map<String, Optional<Duration>> scanned(String start) {
    Map<String, Optional<Duration>> listed = new LinkedHashMap<>();
    try (Stream<KeyInfo> keys = backend.scan(start)) {
      keys.forEach(info -> assertThat(listed.put(info.key(), Optional.ofNullable(info.ttl())))
          .as("key listed twice: " + info.key()).isNull());
    }
    return listed;
  }

  @Test
  void scanListsOnlyTheLiveKeysWithThePrefixAndTheirTtl() {
    requireRetention();
    String mine = key("ns:");
    backend.set(mine + "a", value("1"), null);
    backend.set(mine + "b", value("2"), Duration.ofHours(1));
    backend.set(key("ns2:a"), value("3"), null);
    backend.set(key("nsa"), value("4"), null);

    Map<String, Optional<Duration>> listed = scanned(mine);

    assertThat(listed).containsOnlyKeys(mine + "a", mine + "b");
    assertThat(listed.get(mine + "a")).as("ttl of an entry that never expires").isEmpty();
    assertThat(listed.get(mine + "b")).as("ttl of an entry written with one hour")
        .hasValueSatisfying(ttl -> assertThat(ttl).isPositive()
            .isLessThanOrEqualTo(Duration.ofHours(1).plusSeconds(1)) // rounded up to whole seconds
            .isGreaterThan(Duration.ofMinutes(50)));
  }

  @Test
  void scanLeavesOutExpiredEntries() {
    requireRetention();
    Duration ttl = shortTtl();
    backend.set(key("s:short"), value("1"), ttl);
    backend.set(key("s:long"), value("2"), null);
    expire(ttl, () -> !scanned(key("s:")).containsKey(key("s:short")));
    assertThat(scanned(key("s:"))).containsOnlyKeys(key("s:long"));
  }

  @Test
  void scanTreatsPatternCharactersInThePrefixLiterally() {
    requireRetention();
    String tricky = key("a*[b]?%_\\:");
    backend.set(tricky + "1", value("in"), null);
    backend.set(key("aX[b]?%_\\:1"), value("out1"), null);
    backend.set(key("a*b?xx_\\:1"), value("out2"), null);
    backend.set(key("a*[b]?%Z\\:1"), value("out3"), null);
    assertThat(scanned(tricky)).containsOnlyKeys(tricky + "1");
  }

  @Test
  void scanOfManyKeysListsEachOnce() {
    requireRetention();
    Map<String, Object> entries = new HashMap<>();
    for (int i = 0; i < 2500; i++) {
      entries.put(key("many:" + i), value("v"));
    }
    backend.setMany(entries, null);
    assertThat(scanned(key("many:")).keySet()).isEqualTo(entries.keySet());
  }

  @Test
  void scanOfAnEmptyPrefixListsKeysOfEveryPrefix() {
    requireRetention();
    backend.set(key("x:1"), value("1"), null);
    backend.set(key("y:2"), value("2"), null);
    try (Stream<KeyInfo> keys = backend.scan("")) {
      assertThat(keys.map(KeyInfo::key).filter(k -> k.startsWith(prefix())))
          .containsExactlyInAnyOrder(key("x:1"), key("y:2"));
    }
  }

  @Test
  void scanOfAPrefixWithNoKeysIsEmpty() {
    assertThat(scanned(key("nothing-here:"))).isEmpty();
  }

  @Test
  void scanRefusesANullPrefix() {
    assertThatThrownBy(() -> backend.scan(nothing())).isInstanceOf(NullPointerException.class);
  }

  // ---- concurrency ----

  @Test
  void concurrentReadersSeeAWholeOldOrNewValue() throws Exception {
    requireRetention();
    String a = "a".repeat(64 * 1024);
    String b = "b".repeat(64 * 1024);
    backend.set(key("torn"), value(a), null);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int id = w;
        work.add(pool.submit(() -> {
          for (int i = 0; i < 60 && !stop.get(); i++) {
            backend.set(key("torn"), value((i + id) % 2 == 0 ? a : b), null);
          }
          return null;
        }));
      }
      Set<String> allowed = Set.of(a, b);
      for (int r = 0; r < 2; r++) {
        work.add(pool.submit(() -> {
          for (int i = 0; i < 60; i++) {
            String seen = read(key("torn"));
            assertThat(seen).as("a value made of both writes").isNotNull();
            assertThat(allowed.contains(seen)).as("read a torn value").isTrue();
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  // ---- the async face ----

  @Test
  void asyncFaceSharesTheStoreAndTheSemantics() throws Exception {
    requireRetention();
    AsyncBackend async = backend.async();
    async.set(key("a"), value("A"), null).get(30, TimeUnit.SECONDS);
    assertThat(read(key("a"))).isEqualTo("A");
    Object got = async.get(key("a")).get(30, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(text(got)).isEqualTo("A");
    assertThat(async.get(key("missing")).get(30, TimeUnit.SECONDS)).isNull();
    assertThat(async.setIfAbsent(key("a"), value("B"), null).get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(async.setIfAbsent(key("b"), value("B"), null).get(30, TimeUnit.SECONDS)).isTrue();
    async.setMany(Map.of(key("c"), value("C")), null).get(30, TimeUnit.SECONDS);
    assertThat(async.getMany(List.of(key("a"), key("b"), key("c"), key("d")))
        .get(30, TimeUnit.SECONDS)).containsOnlyKeys(key("a"), key("b"), key("c"));
    assertThat(async.exists(key("c")).get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(async.expireIn(key("c"), Duration.ofHours(1)).get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(async.delete(key("c")).get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(async.delete(key("c")).get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(async.deleteMany(List.of(key("a"), key("zz"))).get(30, TimeUnit.SECONDS))
        .isEqualTo(1L);
    async.clear(prefix()).get(30, TimeUnit.SECONDS);
    assertThat(backend.exists(key("b"))).isFalse();
  }

  @Test
  void describeNamesTheBackend() {
    assertThat(backend.describe()).isNotBlank();
  }

  // ---- TTLs at the extremes ----

  @Test
  void aTtlOfTwentyThousandWeeksStoresTheValueAndItReadsBack() {
    requireRetention();
    storesAndKeeps(TWENTY_THOUSAND_WEEKS);
  }

  @Test
  void theLongestDurationStoresTheValueAndItReadsBack() {
    requireRetention();
    storesAndKeeps(ChronoUnit.FOREVER.getDuration());
  }

  /** Every write with this (saturating) TTL stores its value, which outlives a century. */
  private void storesAndKeeps(Duration ttl) {
    backend.set(key("set"), value("a"), ttl);
    assertThat(backend.setIfAbsent(key("setIfAbsent"), value("b"), ttl)).isTrue();
    backend.setMany(Map.of(key("setMany"), value("c")), ttl);
    backend.set(key("expireIn"), value("d"), shortTtl());
    assertThat(backend.expireIn(key("expireIn"), ttl)).isTrue();
    assertThat(backend.async().set(key("async"), value("e"), ttl)).succeedsWithin(FUTURE_DEADLINE);
    if (followsClock()) {
      clock.advance(Duration.ofDays(36_500));
    } else {
      outlive(shortTtl());
    }
    assertThat(read(key("set"))).isEqualTo("a");
    assertThat(read(key("setIfAbsent"))).isEqualTo("b");
    assertThat(read(key("setMany"))).isEqualTo("c");
    assertThat(read(key("expireIn"))).isEqualTo("d");
    assertThat(read(key("async"))).isEqualTo("e");
  }

  @Test
  void aSubMillisecondTtlIsRoundedUpNotDownToZero() {
    requireRetention();
    assumeTrue(followsClock(), "needs a clock that stands still between the write and the read");
    backend.set(key("t"), value("v"), Duration.ofNanos(1));
    assertThat(read(key("t"))).isEqualTo("v");
  }

  // ---- the argument contract (see Backend's javadoc) ----

  /** Each operation that takes one key, called with the given key. */
  private Map<String, Consumer<@Nullable String>> keyedOperations(Backend target) {
    Object v = value("v");
    Map<String, Consumer<@Nullable String>> operations = new LinkedHashMap<>();
    operations.put("get", k -> target.get(k));
    operations.put("getMany", k -> target.getMany(Collections.singletonList(k)));
    operations.put("set", k -> target.set(k, v, null));
    operations.put("setIfAbsent", k -> target.setIfAbsent(k, v, null));
    operations.put("setMany", k -> target.setMany(Collections.singletonMap(k, v), null));
    operations.put("expireIn", k -> target.expireIn(k, Duration.ofMinutes(1)));
    operations.put("delete", k -> target.delete(k));
    operations.put("deleteMany", k -> target.deleteMany(Collections.singletonList(k)));
    operations.put("exists", k -> target.exists(k));
    return operations;
  }

  /** The same operations on the async face. */
  private Map<String, Function<@Nullable String, CompletableFuture<?>>> keyedAsyncOperations(
      AsyncBackend target) {
    Object v = value("v");
    Map<String, Function<@Nullable String, CompletableFuture<?>>> operations =
        new LinkedHashMap<>();
    operations.put("get", k -> target.get(k));
    operations.put("getMany", k -> target.getMany(Collections.singletonList(k)));
    operations.put("set", k -> target.set(k, v, null));
    operations.put("setIfAbsent", k -> target.setIfAbsent(k, v, null));
    operations.put("setMany", k -> target.setMany(Collections.singletonMap(k, v), null));
    operations.put("expireIn", k -> target.expireIn(k, Duration.ofMinutes(1)));
    operations.put("delete", k -> target.delete(k));
    operations.put("deleteMany", k -> target.deleteMany(Collections.singletonList(k)));
    operations.put("exists", k -> target.exists(k));
    return operations;
  }

  /** Each write that takes a value and a TTL. */
  private Map<String, BiConsumer<@Nullable Object, @Nullable Duration>> writes(Backend target) {
    String k = key("w");
    Map<String, BiConsumer<@Nullable Object, @Nullable Duration>> writes = new LinkedHashMap<>();
    writes.put("set", (v, ttl) -> target.set(k, v, ttl));
    writes.put("setIfAbsent", (v, ttl) -> target.setIfAbsent(k, v, ttl));
    writes.put("setMany", (v, ttl) -> target.setMany(Collections.singletonMap(k, v), ttl));
    return writes;
  }

  /** The same writes on the async face. */
  private Map<String, BiFunction<@Nullable Object, @Nullable Duration, CompletableFuture<?>>>
      asyncWrites(AsyncBackend target) {
    String k = key("w");
    Map<String, BiFunction<@Nullable Object, @Nullable Duration, CompletableFuture<?>>> writes =
        new LinkedHashMap<>();
    writes.put("set", (v, ttl) -> target.set(k, v, ttl));
    writes.put("setIfAbsent", (v, ttl) -> target.setIfAbsent(k, v, ttl));
    writes.put("setMany", (v, ttl) -> target.setMany(Collections.singletonMap(k, v), ttl));
    return writes;
  }

  @Test
  void nullAndEmptyKeysAreRefusedByEveryOperation() {
    keyedOperations(backend).forEach((name, operation) -> {
      assertThatThrownBy(() -> operation.accept(null)).as(name + "(null)")
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> operation.accept("")).as(name + "(\"\")")
          .isInstanceOf(IllegalArgumentException.class);
    });
    assertThatThrownBy(() -> backend.clear(nothing())).isInstanceOf(NullPointerException.class);
  }

  @Test
  void zeroAndNegativeTtlsAreRefusedAndStoreNothing() {
    Object v = value("v");
    for (Duration ttl : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
      writes(backend).forEach((name, write) -> assertThatThrownBy(() -> write.accept(v, ttl))
          .as(name + " with TTL " + ttl).isInstanceOf(IllegalArgumentException.class));
      assertThatThrownBy(() -> backend.expireIn(key("w"), ttl)).as("expireIn with TTL " + ttl)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(backend.exists(key("w"))).isFalse();
  }

  @Test
  void nullValuesAreRefused() {
    writes(backend).forEach((name, write) -> assertThatThrownBy(() -> write.accept(null, null))
        .as(name + " of null").isInstanceOf(NullPointerException.class));
    assertThat(backend.exists(key("w"))).isFalse();
  }

  @Test
  void aByteBackendRefusesValuesThatAreNotBytes() {
    assumeTrue(!backend.storesObjects(), "this backend stores objects");
    writes(backend).forEach((name, write) -> assertThatThrownBy(() -> write.accept("text", null))
        .as(name + " of a String").isInstanceOf(IllegalArgumentException.class));
    assertThat(backend.exists(key("w"))).isFalse();
  }

  @Test
  void aValueOverTheLimitIsRefusedWithValueTooLargeException() {
    long limit = backend.maxValueBytes();
    assumeTrue(!backend.storesObjects() && limit <= LARGEST_LIMIT_TESTED,
        "no byte limit small enough to test");
    byte[] oversize = new byte[Math.toIntExact(limit + 1)];
    writes(backend).forEach((name, write) -> assertThatThrownBy(() -> write.accept(oversize, null))
        .as(name + " of " + oversize.length + " bytes").isInstanceOf(ValueTooLargeException.class));
    asyncWrites(backend.async()).forEach((name, write) -> assertFails(
        "async " + name + " of " + oversize.length + " bytes", () -> write.apply(oversize, null),
        ValueTooLargeException.class));
    assertThat(backend.exists(key("w"))).isFalse();
  }

  @Test
  void asyncOperationsReportBadArgumentsInTheirFutureAndNeverThrow() {
    AsyncBackend async = backend.async();
    keyedAsyncOperations(async).forEach((name, operation) -> {
      assertFails("async " + name + "(null)", () -> operation.apply(null),
          NullPointerException.class);
      assertFails("async " + name + "(\"\")", () -> operation.apply(""),
          IllegalArgumentException.class);
    });
    assertFails("async clear(null)", () -> async.clear(nothing()), NullPointerException.class);
    Object v = value("v");
    asyncWrites(async).forEach((name, write) -> {
      assertFails("async " + name + " with TTL 0", () -> write.apply(v, Duration.ZERO),
          IllegalArgumentException.class);
      assertFails("async " + name + " of null", () -> write.apply(null, null),
          NullPointerException.class);
    });
    assertFails("async expireIn with TTL -1 s", () -> async.expireIn(key("w"),
        Duration.ofSeconds(-1)), IllegalArgumentException.class);
    assertThat(backend.exists(key("w"))).isFalse();
  }

  // ---- close ----

  @Test
  void everyOperationAfterCloseFailsWithBackendClosedException() {
    Backend closed = newBackend(clock);
    closed.close();
    keyedOperations(closed).forEach((name, operation) ->
        assertThatThrownBy(() -> operation.accept(key("k"))).as(name + " after close")
            .isInstanceOf(BackendClosedException.class));
    assertThatThrownBy(() -> closed.clear(prefix())).as("clear after close")
        .isInstanceOf(BackendClosedException.class);
    assertThatThrownBy(() -> closed.scan(prefix()).count()).as("scan after close")
        .isInstanceOf(BackendClosedException.class);
  }

  @Test
  void everyAsyncOperationAfterCloseFailsItsFutureWithBackendClosedException() {
    Backend closed = newBackend(clock);
    AsyncBackend async = closed.async();
    closed.close();
    keyedAsyncOperations(async).forEach((name, operation) -> assertFails(
        "async " + name + " after close", () -> operation.apply(key("k")),
        BackendClosedException.class));
    assertFails("async clear after close", () -> async.clear(prefix()),
        BackendClosedException.class);
  }

  @Test
  void closeIsIdempotentAndTheBackendStaysClosed() {
    Backend other = newBackend(clock);
    other.close();
    assertThatCode(other::close).as("a second close").doesNotThrowAnyException();
    assertThatThrownBy(() -> other.get(key("k"))).as("get after two closes")
        .isInstanceOf(BackendClosedException.class);
    assertFails("async get after two closes", () -> other.async().get(key("k")),
        BackendClosedException.class);
  }

  /**
   * Calls an async operation, which must return (not throw) a future that fails with the given
   * exception.
   */
  private static void assertFails(String what, Supplier<CompletableFuture<?>> operation,
      Class<? extends Throwable> expected) {
    CompletableFuture<?> future;
    try {
      future = operation.get();
    } catch (RuntimeException e) {
      throw new AssertionError(what + " threw " + e + " instead of failing its future", e);
    }
    assertThat(future).as(what).failsWithin(FUTURE_DEADLINE)
        .withThrowableOfType(ExecutionException.class).as(what)
        .withCauseInstanceOf(expected);
  }

  /** A null where the API takes none, to check that it is refused. */
  @SuppressWarnings({"NullAway", "DataFlowIssue"})
  private static String nothing() {
    return null;
  }
}
