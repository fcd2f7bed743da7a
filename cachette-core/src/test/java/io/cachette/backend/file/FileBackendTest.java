package io.cachette.backend.file;

import io.cachette.KeyInfo;
import io.cachette.TestClock;
import io.cachette.ValueTooLargeException;
import io.cachette.backend.AsyncBackend;
import io.cachette.backend.Backend;
import io.cachette.backend.BackendClosedException;
import io.cachette.backend.Backends;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileBackendTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir Path temp;
  Path folder;
  TestClock clock;
  FileBackend backend;

  @BeforeEach
  void open() {
    folder = temp.resolve("cache");
    clock = new TestClock();
    backend = FileBackend.builder(folder).clock(clock).build();
  }

  @AfterEach
  void close() {
    backend.close();
  }

  // ---- helpers ----

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  static String text(Object value) {
    return new String((byte[]) value, UTF_8);
  }

  static String sha256Hex(String key) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(UTF_8)));
  }

  Path entryFile(String key) throws Exception {
    String hex = sha256Hex(key);
    return folder.resolve(hex.substring(0, 2)).resolve(hex);
  }

  static List<Path> regularFilesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  List<Path> tempFiles() throws IOException {
    return regularFilesUnder(folder).stream()
        .filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
  }

  static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  // ---- basic operations ----

  @Nested
  class Operations {
    @Test
    void setThenGetReturnsTheBytes() {
      backend.set("k", bytes("v"), null);
      assertThat(text(backend.get("k"))).isEqualTo("v");
      assertThat(backend.get("missing")).isNull();
    }

    @Test
    void setReplacesTheValue() {
      backend.set("k", bytes("old"), null);
      backend.set("k", bytes("new"), null);
      assertThat(text(backend.get("k"))).isEqualTo("new");
    }

    @Test
    void emptyAndLargeValuesRoundTrip() {
      byte[] large = new byte[3 << 20];
      ThreadLocalRandom.current().nextBytes(large);
      backend.set("empty", new byte[0], null);
      backend.set("large", large, null);
      assertThat((byte[]) backend.get("empty")).isEmpty();
      assertThat((byte[]) backend.get("large")).isEqualTo(large);
    }

    @Test
    void setIfAbsentStoresOnlyWhenAbsent() throws IOException {
      assertThat(backend.setIfAbsent("k", bytes("first"), null)).isTrue();
      assertThat(backend.setIfAbsent("k", bytes("second"), null)).isFalse();
      assertThat(text(backend.get("k"))).isEqualTo("first");
      assertThat(tempFiles()).isEmpty();
    }

    @Test
    void getManyLeavesOutAbsentKeys() {
      backend.set("a", bytes("1"), null);
      backend.set("c", bytes("3"), null);
      Map<String, Object> found = backend.getMany(List.of("a", "b", "c"));
      assertThat(found).containsOnlyKeys("a", "c");
      assertThat(text(found.get("c"))).isEqualTo("3");
    }

    @Test
    void setManyStoresEveryEntry() throws IOException {
      Map<String, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        entries.put("m" + i, bytes("v" + i));
      }
      backend.setMany(entries, TEN_SECONDS);
      assertThat(backend.getMany(new ArrayList<>(entries.keySet()))).hasSize(20);
      assertThat(text(backend.get("m7"))).isEqualTo("v7");
      assertThat(tempFiles()).isEmpty();
    }

    @Test
    void setManyWithAnInvalidValueStoresNothing() throws IOException {
      Map<String, Object> entries = new LinkedHashMap<>();
      entries.put("good", bytes("v"));
      entries.put("bad", "not bytes");
      assertThatThrownBy(() -> backend.setMany(entries, null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(backend.exists("good")).isFalse();
      assertThat(tempFiles()).isEmpty();
    }

    @Test
    void deleteAndExistsReportLiveEntries() {
      backend.set("k", bytes("v"), null);
      assertThat(backend.exists("k")).isTrue();
      assertThat(backend.delete("k")).isTrue();
      assertThat(backend.delete("k")).isFalse();
      assertThat(backend.exists("k")).isFalse();
      assertThat(backend.get("k")).isNull();
    }

    @Test
    void deleteManyCountsTheLiveEntries() {
      backend.set("a", bytes("1"), null);
      backend.set("b", bytes("2"), null);
      assertThat(backend.deleteMany(List.of("a", "b", "c"))).isEqualTo(2);
    }

    @Test
    void clearRemovesOnlyThePrefix() {
      backend.set("users:1", bytes("a"), null);
      backend.set("users:2", bytes("b"), null);
      backend.set("orders:1", bytes("c"), null);
      backend.set("users", bytes("d"), null);
      assertThat(backend.clear("users:")).isEqualTo(2);
      assertThat(backend.exists("users:1")).isFalse();
      assertThat(backend.exists("orders:1")).isTrue();
      assertThat(backend.exists("users")).isTrue();
      assertThat(backend.clear("")).isEqualTo(2);
      assertThat(backend.exists("orders:1")).isFalse();
    }

    @Test
    void clearAndDeleteExpiredLeaveForeignFilesAlone() throws IOException {
      backend.set("k", bytes("v"), null);
      Path readme = Files.writeString(folder.resolve("README.txt"), "mine");
      Files.createDirectories(folder.resolve("ab"));
      Path notes = Files.writeString(folder.resolve("ab").resolve("notes.txt"), "mine too");
      Path other = Files.writeString(folder.resolve("zz"), "a file named like no fan-out folder");
      assertThat(backend.clear("")).isEqualTo(1);
      backend.deleteExpired();
      assertThat(readme).hasContent("mine");
      assertThat(notes).hasContent("mine too");
      assertThat(other).exists();
    }

    @Test
    void entryFileIsNamedByTheKeysSha256InAFanOutFolder() throws Exception {
      backend.set("users:42", bytes("v"), null);
      Path expected = entryFile("users:42");
      assertThat(expected).isRegularFile();
      assertThat(regularFilesUnder(folder))
          .allMatch(p -> p.equals(expected) || p.getFileName().toString().equals(".lock"));
    }

    @Test
    void valuesMustBeByteArrays() {
      assertThat(backend.storesObjects()).isFalse();
      assertThatThrownBy(() -> backend.set("k", "text", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("byte[]").hasMessageContaining("java.lang.String");
      assertThatThrownBy(() -> backend.setIfAbsent("k", 42, null))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoBackendsOnOneFolderShareEntries() {
      try (FileBackend other = FileBackend.builder(folder).clock(clock).build()) {
        backend.set("k", bytes("v"), TEN_SECONDS);
        assertThat(text(other.get("k"))).isEqualTo("v");
        assertThat(other.setIfAbsent("k", bytes("w"), null)).isFalse();
        clock.advance(TEN_SECONDS);
        assertThat(other.setIfAbsent("k", bytes("w"), null)).isTrue();
        assertThat(text(backend.get("k"))).isEqualTo("w");
      }
    }

    @Test
    void fsyncWritesRoundTrip() {
      try (FileBackend durable = FileBackend.builder(temp.resolve("durable")).fsync(true).build()) {
        durable.set("k", bytes("v"), null);
        durable.setMany(Map.of("a", bytes("1")), null);
        assertThat(durable.expireIn("k", TEN_SECONDS)).isTrue();
        assertThat(text(durable.get("k"))).isEqualTo("v");
        assertThat(durable.describe()).endsWith("?fsync=true");
      }
    }

    @Test
    void asyncFaceSharesTheStoreAndFailsAfterClose() {
      AsyncBackend async = backend.async();
      async.set("k", bytes("v"), null).join();
      assertThat(text(async.get("k").join())).isEqualTo("v");
      assertThat(async.setIfAbsent("k", bytes("w"), null).join()).isFalse();
      assertThat(async.delete("k").join()).isTrue();
      backend.close();
      assertThat(async.get("k")).failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(BackendClosedException.class);
    }

    @Test
    void asyncFailureCompletesTheFutureInsteadOfThrowing() {
      CompletableFuture<Void> stored = backend.async().set("k", "not bytes", null);
      assertThatThrownBy(stored::join).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asyncRunsOnTheBuildersExecutor() {
      ExecutorService executor = Executors.newSingleThreadExecutor();
      AtomicInteger handedOver = new AtomicInteger();
      java.util.concurrent.Executor counting = task -> {
        handedOver.incrementAndGet();
        executor.execute(task);
      };
      FileBackend other = FileBackend.builder(folder).executor(counting).build();
      try {
        other.async().set("k", bytes("v"), null).join();
        assertThat(other.async().exists("k").join()).isTrue();
        assertThat(handedOver).hasValue(2);
        other.close();
        assertThat(executor.isShutdown()).isFalse();
      } finally {
        executor.shutdown();
      }
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
      backend.close();
      backend.close();
      assertThatThrownBy(() -> backend.get("k")).isInstanceOf(BackendClosedException.class)
          .hasMessageContaining("closed");
      assertThatThrownBy(() -> backend.deleteExpired()).isInstanceOf(BackendClosedException.class);
    }

    @Test
    void describeNamesTheFolder() throws IOException {
      assertThat(backend.describe()).isEqualTo("file://" + folder.toRealPath());
      assertThat(backend.folder()).isEqualTo(folder.toRealPath());
    }

    @Test
    void aFileInPlaceOfTheFolderIsRefused() throws IOException {
      Path file = Files.writeString(temp.resolve("plain-file"), "x");
      assertThatThrownBy(() -> FileBackend.builder(file).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a folder");
    }

    @Test
    void builderRejectsANonPositiveBound() {
      assertThatThrownBy(() -> FileBackend.builder(folder).maxBytes(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes");
    }
  }

  // ---- URLs ----

  @Nested
  class Urls {
    @Test
    void absoluteUrlOpensThatFolder() throws IOException {
      Path dir = temp.resolve("with space").resolve("abs");
      String url = "file://" + dir.toString().replace(" ", "%20");
      try (Backend opened = Backends.fromUrl(url)) {
        assertThat(opened).isInstanceOf(FileBackend.class);
        opened.set("k", bytes("v"), null);
        assertThat(((FileBackend) opened).folder()).isEqualTo(dir.toRealPath());
        assertThat(dir).isDirectory();
      }
    }

    @Test
    void relativeUrlIsResolvedAgainstTheWorkingDirectory() throws IOException {
      String name = "target/file-backend-url-" + UUID.randomUUID();
      Path expected = Path.of(name).toAbsolutePath();
      try (Backend opened = Backends.fromUrl("file://" + name)) {
        assertThat(((FileBackend) opened).folder()).isEqualTo(expected.toRealPath());
      } finally {
        try (Stream<Path> files = Files.walk(expected)) {
          for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
            Files.delete(p);
          }
        }
      }
    }

    @Test
    void tildeIsTheUsersHome() throws IOException {
      String home = System.getProperty("user.home");
      System.setProperty("user.home", temp.toString());
      try (Backend opened = Backends.fromUrl("file://~/from-home")) {
        assertThat(((FileBackend) opened).folder()).isEqualTo(temp.resolve("from-home").toRealPath());
      } finally {
        System.setProperty("user.home", home);
      }
    }

    @Test
    void parametersConfigureTheBackend() {
      String url = "file://" + temp.resolve("p") + "?max-bytes=4096&fsync=yes";
      try (Backend opened = Backends.fromUrl(url)) {
        assertThat(opened.maxValueBytes()).isEqualTo(4096);
        assertThat(opened.describe()).endsWith("?max-bytes=4096&fsync=true");
      }
    }

    @Test
    void unknownParameterIsRejectedWithTheSupportedOnes() {
      assertThatThrownBy(() -> Backends.fromUrl("file://" + temp + "?max-size=10"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("max-size").hasMessageContaining("[fsync, max-bytes]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-bytes=0", "max-bytes=-1", "max-bytes=1.5", "max-bytes=lots",
        "max-bytes=99999999999999999999", "fsync=perhaps"})
    void invalidParameterValuesAreRejected(String param) {
      String name = param.substring(0, param.indexOf('='));
      assertThatThrownBy(() -> Backends.fromUrl("file://" + temp + "?" + param))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file://", "file://?fsync=true", "file://~bob/cache",
        "file://user:secret@somewhere/cache", "file:///tmp/bad%00path"})
    void urlsWithoutAUsableFolderAreRejected(String url) {
      assertThatThrownBy(() -> Backends.fromUrl(url))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("secret");
    }
  }

  // ---- keys ----

  @Nested
  class Keys {
    final String marker = "cachette-escape-" + UUID.randomUUID();

    List<String> dangerousKeys() {
      return List.of("../" + marker, "../../" + marker, "../../../../../../" + marker, "..", ".",
          "../", "./", "/", "//", "/tmp/" + marker, "\\", "..\\..\\" + marker, "a/b/c", "a\\b",
          "C:\\" + marker, "C:", "\\\\server\\share\\" + marker, "CON", "con", "NUL", "nul.txt",
          "AUX", "COM1", "LPT9", "PRN.", "a\0b", "\0", "\u0001\u001f\u007f", "line\nbreak",
          "tab\there", "\r", "日本語のキー", "😀🎉", "\u202eevil", "Key", "key", "KEY", "\u00e9",
          "e\u0301", " ", " leading", "trailing ", "trailing.", "~", "~/" + marker, "$HOME",
          "%2e%2e%2f" + marker, "*?<>|\"", ":", "a:b", ".lock", "00", "ab",
          "0".repeat(64), "x".repeat(10_000), "😀".repeat(5_000), "name.tmp");
    }

    @Test
    void everyDangerousKeyStaysInsideTheFolder() throws Exception {
      List<String> keys = dangerousKeys();
      for (int i = 0; i < keys.size(); i++) {
        backend.set(keys.get(i), bytes("value " + i), null);
      }
      // No two keys share an entry: each reads back its own value.
      for (int i = 0; i < keys.size(); i++) {
        assertThat(text(backend.get(keys.get(i)))).as("key #%d", i).isEqualTo("value " + i);
        assertThat(entryFile(keys.get(i))).isRegularFile();
      }
      // Nothing appeared beside the folder, and inside it only entries and lock files.
      for (Path file : regularFilesUnder(temp)) {
        assertThat(file).startsWith(folder);
        Path relative = folder.relativize(file);
        assertThat(relative.getNameCount()).isEqualTo(2);
        String fanOut = relative.getName(0).toString();
        String name = relative.getName(1).toString();
        assertThat(fanOut).matches("[0-9a-f]{2}");
        assertThat(name.equals(".lock") || (name.matches("[0-9a-f]{64}") && name.startsWith(fanOut)))
            .as(relative.toString()).isTrue();
      }
      assertThat(regularFilesUnder(folder)).filteredOn(p -> !p.endsWith(".lock"))
          .hasSize(keys.size());
      // Nor further out, where a path-like key naming a new file would have landed.
      for (String key : keys) {
        if (!key.contains(marker)) {
          continue;
        }
        try {
          Path target = folder.resolve(key).normalize();
          assertThat(Files.exists(target)).as("file at %s", target).isFalse();
        } catch (InvalidPathException notAPath) {
          // Cannot name a file at all.
        }
      }
      assertThat(Files.exists(Path.of("/tmp", marker))).isFalse();
      for (int i = 0; i < keys.size(); i++) {
        assertThat(backend.delete(keys.get(i))).isTrue();
      }
      assertThat(regularFilesUnder(folder)).allMatch(p -> p.endsWith(".lock"));
    }

    @Test
    void clearMatchesDangerousKeysByTheirStoredText() {
      backend.set("../a", bytes("1"), null);
      backend.set("../b", bytes("2"), null);
      backend.set("..\\c", bytes("3"), null);
      assertThat(backend.clear("../")).isEqualTo(2);
      assertThat(backend.exists("..\\c")).isTrue();
    }

    @Test
    void emptyKeyIsRejected() {
      assertThatThrownBy(() -> backend.get("")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
    }

    @Test
    void unpairedSurrogateIsRejectedInsteadOfAliasingAQuestionMark() {
      backend.set("?", bytes("question"), null);
      assertThatThrownBy(() -> backend.set("\ud800", bytes("x"), null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
      assertThatThrownBy(() -> backend.get("a\udc00b"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(text(backend.get("?"))).isEqualTo("question");
    }

    @Test
    void keysUpToTheLimitWorkAndLongerOnesAreRejected() {
      String longest = "k".repeat(FileBackend.MAX_KEY_BYTES);
      backend.set(longest, bytes("v"), null);
      assertThat(text(backend.get(longest))).isEqualTo("v");
      assertThat(backend.clear("kkk")).isEqualTo(1);
      String tooLong = "é".repeat(FileBackend.MAX_KEY_BYTES / 2 + 1);
      assertThatThrownBy(() -> backend.set(tooLong, bytes("v"), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.valueOf(FileBackend.MAX_KEY_BYTES))
          .hasMessageContaining("chars)");
    }

    @Test
    void aFileHoldingAnotherKeyReadsAsAbsentAndIsNotRemoved() throws Exception {
      // What a SHA-256 collision would look like: B's file name, A's key inside.
      backend.set("a", bytes("A"), null);
      Path asB = entryFile("b");
      Files.createDirectories(asB.getParent());
      Files.copy(entryFile("a"), asB);
      assertThat(backend.get("b")).isNull();
      assertThat(backend.exists("b")).isFalse();
      assertThat(backend.delete("b")).isFalse();
      assertThat(asB).exists();
      assertThat(backend.setIfAbsent("b", bytes("B"), null)).isTrue();
      assertThat(text(backend.get("b"))).isEqualTo("B");
      assertThat(text(backend.get("a"))).isEqualTo("A");
    }
  }

  // ---- damaged files ----

  record Damage(String name, UnaryOperator<byte[]> damage, boolean visibleInHeader) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Damage> damages() {
    return Stream.of(
        new Damage("empty file", b -> new byte[0], true),
        new Damage("foreign text", b -> bytes("hello, not a cache entry at all, but long enough"),
            true),
        new Damage("header cut short", b -> Arrays.copyOf(b, 20), true),
        new Damage("value truncated", b -> Arrays.copyOf(b, b.length - 1), true),
        new Damage("extra trailing byte", b -> Arrays.copyOf(b, b.length + 1), true),
        new Damage("wrong magic", b -> with(b, buf -> buf.put(0, (byte) 'X')), true),
        new Damage("newer format version", b -> with(b, buf -> buf.put(8, (byte) 2)), true),
        new Damage("expiry below never", b -> with(b, buf -> buf.putLong(9, -7)), true),
        new Damage("huge key length", b -> with(b, buf -> buf.putInt(17, Integer.MAX_VALUE)),
            true),
        new Damage("negative value length", b -> with(b, buf -> buf.putLong(21, -5)), true),
        new Damage("zeros of the right length", b -> new byte[b.length], true),
        new Damage("flipped value bit", b -> with(b, buf -> buf.put(b.length - 1,
            (byte) (b[b.length - 1] ^ 1))), false),
        new Damage("wrong checksum", b -> with(b, buf -> buf.putInt(29, buf.getInt(29) + 1)),
            false));
  }

  static byte[] with(byte[] original, java.util.function.Consumer<ByteBuffer> change) {
    byte[] copy = original.clone();
    change.accept(ByteBuffer.wrap(copy));
    return copy;
  }

  void damage(String key, Damage damage) throws Exception {
    backend.set(key, bytes("a value of some length"), null);
    Path file = entryFile(key);
    Files.write(file, damage.damage.apply(Files.readAllBytes(file)));
  }

  @ParameterizedTest
  @MethodSource("damages")
  void damagedEntryReadsAsAbsentAndIsRemoved(Damage damage) throws Exception {
    damage("k", damage);
    assertThat(backend.get("k")).isNull();
    assertThat(entryFile("k")).doesNotExist();
    backend.set("k", bytes("fresh"), null);
    assertThat(text(backend.get("k"))).isEqualTo("fresh");
  }

  @ParameterizedTest
  @MethodSource("damages")
  void damageInTheHeaderIsAbsentForEveryOperation(Damage damage) throws Exception {
    if (!damage.visibleInHeader) {
      return; // only reads with the value verify the checksum
    }
    damage("a", damage);
    assertThat(backend.exists("a")).isFalse();
    damage("b", damage);
    assertThat(backend.delete("b")).isFalse();
    damage("c", damage);
    assertThat(backend.expireIn("c", TEN_SECONDS)).isFalse();
    damage("d", damage);
    assertThat(backend.setIfAbsent("d", bytes("new"), null)).isTrue();
    assertThat(text(backend.get("d"))).isEqualTo("new");
    damage("e", damage);
    assertThat(backend.clear("")).isEqualTo(1); // d; e was unreadable and is just removed
    assertThat(regularFilesUnder(folder)).allMatch(p -> p.endsWith(".lock"));
  }

  // ---- scan ----

  @Nested
  class Scan {
    Map<String, Duration> scanned(String prefix) {
      Map<String, Duration> found = new LinkedHashMap<>();
      try (Stream<KeyInfo> keys = backend.scan(prefix)) {
        keys.forEach(info -> found.put(info.key(), info.ttl()));
      }
      return found;
    }

    @Test
    void ttlIsTheStoredExpiryLessTheClocksTime() {
      backend.set("s:hour", bytes("v"), Duration.ofHours(1));
      backend.set("s:never", bytes("v"), null);
      clock.advance(Duration.ofMinutes(10));
      Map<String, Duration> found = scanned("s:");
      assertThat(found).containsOnlyKeys("s:hour", "s:never");
      assertThat(found.get("s:hour")).isEqualTo(Duration.ofMinutes(50));
      assertThat(found.get("s:never")).isNull();
    }

    @Test
    void skipsTemporaryUnreadableCopiedAndExpiredFilesAndRemovesNone() throws Exception {
      backend.set("s:live", bytes("v"), null);
      Path live = entryFile("s:live");
      // A write in progress: a complete entry, not renamed into place yet.
      Path writing = live.resolveSibling(sha256Hex("s:writing") + ".tmp");
      Files.copy(live, writing);
      // A half-written entry, as a crash or a foreign writer may leave.
      backend.set("s:half", bytes("a value of some length"), null);
      Path half = entryFile("s:half");
      Files.write(half, Arrays.copyOf(Files.readAllBytes(half), 20));
      // Another key's file copied under this key's name.
      Path copied = entryFile("s:copy");
      Files.createDirectories(copied.getParent());
      Files.copy(live, copied);
      backend.set("s:expired", bytes("v"), TEN_SECONDS);
      clock.advance(TEN_SECONDS);
      List<Path> before = regularFilesUnder(folder);

      assertThat(scanned("s:")).containsOnlyKeys("s:live");
      assertThat(regularFilesUnder(folder)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void neverFollowsALinkOutOfTheFolder() throws Exception {
      Path outside = temp.resolve("outside");
      try (FileBackend other = FileBackend.builder(outside).build()) {
        other.set("s:linked-file", bytes("v"), null);
        other.set("s:linked-folder", bytes("v"), null);
      }
      String linkedFile = sha256Hex("s:linked-file");
      String linkedFolder = sha256Hex("s:linked-folder").substring(0, 2);
      // s:linked-file, s:linked-folder and s:live live in fan-out folders 52, 6b and bc.
      backend.set("s:live", bytes("v"), null);
      Path fileLink = folder.resolve(linkedFile.substring(0, 2)).resolve(linkedFile);
      Files.createDirectories(fileLink.getParent());
      Files.createSymbolicLink(fileLink,
          outside.resolve(linkedFile.substring(0, 2)).resolve(linkedFile));
      Path folderLink = folder.resolve(linkedFolder);
      if (Files.exists(folderLink)) {
        try (Stream<Path> files = Files.list(folderLink)) {
          for (Path file : files.toList()) {
            Files.delete(file); // only the fan-out folder's .lock
          }
        }
        Files.delete(folderLink);
      }
      Files.createSymbolicLink(folderLink, outside.resolve(linkedFolder));

      assertThat(scanned("s:")).containsOnlyKeys("s:live");
    }

    @Test
    void readsTheFolderPageByPageAndStopsOnceTheBackendIsClosed() {
      // Three keys in three fan-out folders (1b, 5b, d1): one page each.
      List<String> keys = List.of("s:1", "s:2", "s:3");
      keys.forEach(key -> backend.set(key, bytes("v"), null));
      try (Stream<KeyInfo> scan = backend.scan("s:")) {
        java.util.Iterator<KeyInfo> found = scan.iterator();
        assertThat(found.next().key()).isIn(keys);
        backend.close();
        assertThatThrownBy(found::hasNext).isInstanceOf(BackendClosedException.class);
      }
      assertThatThrownBy(() -> backend.scan("s:")).isInstanceOf(BackendClosedException.class);
    }
  }

  // ---- expiry ----

  @Nested
  class Expiry {
    @Test
    void entryLivesUntilItsTtlEnds() {
      backend.set("k", bytes("v"), TEN_SECONDS);
      clock.advance(TEN_SECONDS.minusMillis(1));
      assertThat(backend.exists("k")).isTrue();
      clock.advance(Duration.ofMillis(1));
      assertThat(backend.get("k")).isNull();
    }

    @Test
    void expiredEntryIsAbsentForEveryOperation() {
      for (String key : List.of("get", "getMany", "exists", "expireIn", "delete", "setIfAbsent",
          "clear:x")) {
        backend.set(key, bytes("old"), TEN_SECONDS);
      }
      clock.advance(TEN_SECONDS);
      assertThat(backend.get("get")).isNull();
      assertThat(backend.getMany(List.of("getMany"))).isEmpty();
      assertThat(backend.exists("exists")).isFalse();
      assertThat(backend.expireIn("expireIn", TEN_SECONDS)).isFalse();
      assertThat(backend.exists("expireIn")).isFalse();
      assertThat(backend.delete("delete")).isFalse();
      assertThat(backend.setIfAbsent("setIfAbsent", bytes("new"), null)).isTrue();
      assertThat(text(backend.get("setIfAbsent"))).isEqualTo("new");
      assertThat(backend.clear("clear:")).isZero();
    }

    @Test
    void expiredEntryFileIsRemovedWhenMet() throws Exception {
      backend.set("k", bytes("v"), TEN_SECONDS);
      clock.advance(TEN_SECONDS);
      assertThat(entryFile("k")).exists();
      assertThat(backend.exists("k")).isFalse();
      assertThat(entryFile("k")).doesNotExist();
    }

    @Test
    void subMillisecondTtlIsRoundedUp() {
      backend.set("k", bytes("v"), Duration.ofNanos(1));
      assertThat(backend.exists("k")).isTrue();
      clock.advance(Duration.ofMillis(1));
      assertThat(backend.exists("k")).isFalse();
    }

    @Test
    void hugeTtlNeverOverflows() {
      backend.set("k", bytes("v"), Duration.ofSeconds(Long.MAX_VALUE));
      clock.advance(Duration.ofDays(365L * 1000));
      assertThat(backend.exists("k")).isTrue();
    }

    @Test
    void expireInChangesTheTtlAndKeepsTheValue() {
      backend.set("k", bytes("v"), TEN_SECONDS);
      assertThat(backend.expireIn("k", null)).isTrue();
      clock.advance(Duration.ofDays(1));
      assertThat(text(backend.get("k"))).isEqualTo("v");
      assertThat(backend.expireIn("k", Duration.ofSeconds(1))).isTrue();
      clock.advance(Duration.ofSeconds(1));
      assertThat(backend.get("k")).isNull();
      assertThat(backend.expireIn("missing", TEN_SECONDS)).isFalse();
    }

    @Test
    void nonPositiveTtlIsRejected() {
      assertThatThrownBy(() -> backend.set("k", bytes("v"), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
      assertThatThrownBy(() -> backend.expireIn("k", Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteExpiredSweepsExpiredUnreadableAndStaleTemporaryFiles() throws Exception {
      for (int i = 0; i < 5; i++) {
        backend.set("short:" + i, bytes("v"), TEN_SECONDS);
      }
      for (int i = 0; i < 3; i++) {
        backend.set("long:" + i, bytes("v"), Duration.ofHours(1));
      }
      backend.set("broken", bytes("v"), null);
      Files.write(entryFile("broken"), bytes("garbage"));
      Path fanOut = entryFile("long:0").getParent();
      Path staleTemp = Files.writeString(fanOut.resolve("0".repeat(64) + ".1.tmp"), "crashed");
      Files.setLastModifiedTime(staleTemp, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
      Path freshTemp = Files.writeString(fanOut.resolve("0".repeat(64) + ".2.tmp"), "in flight");
      clock.advance(TEN_SECONDS);

      assertThat(backend.deleteExpired()).isEqualTo(5);
      for (int i = 0; i < 5; i++) {
        assertThat(entryFile("short:" + i)).doesNotExist();
      }
      for (int i = 0; i < 3; i++) {
        assertThat(backend.exists("long:" + i)).isTrue();
      }
      assertThat(entryFile("broken")).doesNotExist();
      assertThat(staleTemp).doesNotExist();
      assertThat(freshTemp).exists();
    }
  }

  // ---- the size bound ----

  @Nested
  class SizeBound {
    /** The file size of an entry with a two-character key and a 100-byte value. */
    static final long ENTRY = FileEntry.HEADER_BYTES + 2 + 100;

    FileBackend bounded(long maxBytes) {
      return FileBackend.builder(folder).clock(clock).maxBytes(maxBytes).build();
    }

    @Test
    void leastRecentlyUsedEntryIsEvicted() {
      try (FileBackend b = bounded(3 * ENTRY)) {
        b.set("k1", new byte[100], null);
        b.set("k2", new byte[100], null);
        b.set("k3", new byte[100], null);
        assertThat(b.get("k1")).isNotNull();
        b.set("k4", new byte[100], null);
        assertThat(b.exists("k2")).isFalse();
        assertThat(b.exists("k1")).isTrue();
        assertThat(b.exists("k3")).isTrue();
        assertThat(b.exists("k4")).isTrue();
        assertThat(b.evictionCount()).isEqualTo(1);
      }
    }

    @Test
    void folderStaysWithinTheBound() throws IOException {
      try (FileBackend b = bounded(10 * ENTRY)) {
        for (int i = 0; i < 100; i++) {
          b.set("k" + (i % 10 == 0 ? "x" : i % 10), new byte[100], null);
          b.set(String.format("%02d", i), new byte[100], null);
        }
        long total = regularFilesUnder(folder).stream()
            .filter(p -> !p.endsWith(".lock")).mapToLong(p -> p.toFile().length()).sum();
        assertThat(total).isLessThanOrEqualTo(10 * ENTRY);
        // 110 distinct keys, room for 10: the ten written last stay.
        assertThat(b.evictionCount()).isGreaterThanOrEqualTo(100);
        for (String key : List.of("k5", "k6", "k7", "k8", "k9", "95", "96", "97", "98", "99")) {
          assertThat(b.exists(key)).as(key).isTrue();
        }
      }
    }

    @Test
    void rewritingAnEntryDoesNotCountItTwice() {
      try (FileBackend b = bounded(2 * ENTRY)) {
        for (int i = 0; i < 10; i++) {
          b.set("k1", new byte[100], null);
          b.set("k2", new byte[100], null);
        }
        assertThat(b.evictionCount()).isZero();
        assertThat(b.expireIn("k1", TEN_SECONDS)).isTrue();
        assertThat(b.evictionCount()).isZero();
      }
    }

    @Test
    void valueLargerThanTheBoundIsRefused() {
      try (FileBackend b = bounded(1000)) {
        assertThat(b.maxValueBytes()).isEqualTo(1000);
        assertThatThrownBy(() -> b.set("k", new byte[1001], null))
            .isInstanceOf(ValueTooLargeException.class).hasMessageContaining("1000");
        assertThat(b.exists("k")).isFalse();
      }
    }

    @Test
    void indexIsRebuiltFromTheFolderByModificationTime() throws Exception {
      List<String> keys = List.of("k1", "k2", "k3", "k4");
      for (String key : keys) {
        backend.set(key, new byte[100], null);
      }
      // Oldest first: k3, k1, k4, k2.
      Instant base = Instant.now().minus(Duration.ofHours(1));
      List<String> byAge = List.of("k3", "k1", "k4", "k2");
      for (int i = 0; i < byAge.size(); i++) {
        Files.setLastModifiedTime(entryFile(byAge.get(i)), FileTime.from(base.plusSeconds(i)));
      }
      try (FileBackend b = bounded(2 * ENTRY)) {
        assertThat(b.evictionCount()).isEqualTo(2);
        assertThat(b.exists("k3")).isFalse();
        assertThat(b.exists("k1")).isFalse();
        assertThat(b.exists("k4")).isTrue();
        assertThat(b.exists("k2")).isTrue();
        b.set("k5", new byte[100], null);
        assertThat(b.exists("k4")).isFalse();
      }
    }

    @Test
    void readsRefreshTheModificationTime() throws Exception {
      try (FileBackend b = bounded(10 * ENTRY)) {
        b.set("k1", new byte[100], null);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(entryFile("k1"), old);
        b.get("k1");
        assertThat(Files.getLastModifiedTime(entryFile("k1"))).isGreaterThan(old);
      }
    }

    @Test
    void entriesWrittenByAnotherBackendAreLearnedWhenRead() {
      try (FileBackend b = bounded(2 * ENTRY)) {
        backend.set("k1", new byte[100], null);
        backend.set("k2", new byte[100], null);
        backend.set("k3", new byte[100], null);
        assertThat(b.get("k1")).isNotNull();
        assertThat(b.get("k2")).isNotNull();
        assertThat(b.get("k3")).isNotNull();
        assertThat(b.evictionCount()).isEqualTo(1);
        assertThat(backend.exists("k1")).isFalse();
      }
    }
  }

  // ---- concurrency ----

  @Nested
  class Concurrency {
    @Test
    void setIfAbsentHasExactlyOneWinnerAcrossThreadsAndBackends() throws Exception {
      List<String> keys = FileBackendRaceChild.keys(300);
      try (FileBackend other = FileBackend.builder(folder).build()) {
        Map<String, Set<String>> winners = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Set<String>>> results = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
          FileBackend b = i == 0 ? backend : other;
          String tag = "backend" + i;
          results.add(pool.submit(() -> {
            ready.countDown();
            ready.await();
            return FileBackendRaceChild.race(b, keys, 4, tag);
          }));
        }
        for (int i = 0; i < 2; i++) {
          for (String key : results.get(i).get(60, TimeUnit.SECONDS)) {
            winners.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add("backend" + i);
          }
        }
        pool.shutdown();
        assertThat(winners.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        winners.forEach((key, tags) -> {
          assertThat(tags).as(key).hasSize(1);
          assertThat(text(backend.get(key))).isEqualTo(tags.iterator().next());
        });
      }
    }

    @Test
    void expiredEntryHasExactlyOneReplacementUnderRace() throws Exception {
      List<String> keys = FileBackendRaceChild.keys(100);
      for (String key : keys) {
        backend.set(key, bytes("expired"), TEN_SECONDS);
      }
      clock.advance(TEN_SECONDS);
      Set<String> won = FileBackendRaceChild.race(backend, keys, 6, "new");
      assertThat(won).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void setIfAbsentHasExactlyOneWinnerAcrossProcesses() throws Exception {
      int keyCount = 500;
      List<String> keys = FileBackendRaceChild.keys(keyCount);
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Path childErrors = temp.resolve("child-errors.txt");
      Process child = new ProcessBuilder(java.toString(), "-cp",
          System.getProperty("java.class.path"), FileBackendRaceChild.class.getName(),
          folder.toString(), String.valueOf(keyCount), "3", "child")
          .redirectError(childErrors.toFile())
          .start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          UTF_8)); Writer in = new OutputStreamWriter(child.getOutputStream(), UTF_8)) {
        assertThat(out.readLine()).isEqualTo("ready");
        in.write("go\n");
        in.flush();
        Set<String> parentWon = FileBackendRaceChild.race(backend, keys, 3, "parent");
        Set<String> childWon = new HashSet<>();
        for (String line = out.readLine(); !"done".equals(line); line = out.readLine()) {
          assertThat(line).as(() -> "child output ended early; its errors: "
              + readQuietly(childErrors)).isNotNull();
          childWon.add(line);
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(() -> readQuietly(childErrors)).isZero();

        Set<String> bothWon = new HashSet<>(parentWon);
        bothWon.retainAll(childWon);
        assertThat(bothWon).as("keys both processes won").isEmpty();
        Set<String> all = new HashSet<>(parentWon);
        all.addAll(childWon);
        assertThat(all).containsExactlyInAnyOrderElementsOf(keys);
        for (String key : keys) {
          assertThat(text(backend.get(key))).isEqualTo(childWon.contains(key) ? "child" : "parent");
        }
        System.out.printf("cross-process race: parent won %d, child won %d%n", parentWon.size(),
            childWon.size());
      } finally {
        child.destroyForcibly();
      }
    }

    @Test
    void concurrentWritersAndReadersNeverSeeATornValue() throws Exception {
      int writers = 4;
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger reads = new AtomicInteger();
      backend.set("shared", value(0), null);
      ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
      List<Future<?>> tasks = new ArrayList<>();
      for (int w = 1; w <= writers; w++) {
        int id = w;
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < 60; i++) {
            if (i % 3 == 0) {
              backend.setMany(Map.of("shared", value(id)), null);
            } else {
              backend.set("shared", value(id), null);
            }
          }
          return null;
        }));
      }
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          while (writing.get()) {
            byte[] seen = (byte[]) backend.get("shared");
            assertThat(seen).as("never absent while only replaced").isNotNull();
            assertThat(seen).isEqualTo(value(seen[0]));
            reads.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(reads.get()).isPositive();
      assertThat(tempFiles()).isEmpty();
    }

    /** A value that identifies its writer in every byte and in its length. */
    byte[] value(int id) {
      byte[] value = new byte[40_000 + id * 1_000];
      Arrays.fill(value, (byte) id);
      return value;
    }

    @Test
    void mixedOperationsFromManyThreadsLeaveOnlyReadableEntries() throws Exception {
      List<String> keys = List.of("a", "b", "c", "d");
      try (FileBackend other = FileBackend.builder(folder).clock(clock).maxBytes(1 << 20).build()) {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          FileBackend b = t % 2 == 0 ? backend : other;
          tasks.add(pool.submit(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 300; i++) {
              String key = keys.get(random.nextInt(keys.size()));
              switch (random.nextInt(7)) {
                case 0 -> b.set(key, bytes(key + i), random.nextBoolean() ? null : TEN_SECONDS);
                case 1 -> b.setIfAbsent(key, bytes(key + i), null);
                case 2 -> b.delete(key);
                case 3 -> b.expireIn(key, random.nextBoolean() ? null : TEN_SECONDS);
                case 4 -> b.setMany(Map.of(key, bytes(key + i), "e", bytes("e" + i)), null);
                case 5 -> b.clear(key);
                default -> {
                  Object value = b.get(key);
                  if (value != null) {
                    assertThat(text(value)).startsWith(key);
                  }
                }
              }
            }
            return null;
          }));
        }
        for (Future<?> task : tasks) {
          task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(tempFiles()).isEmpty();
        for (Path file : regularFilesUnder(folder)) {
          if (!file.endsWith(".lock")) {
            assertThat(FileEntry.read(file, true)).isNotNull();
          }
        }
        List<String> stored = Stream.concat(keys.stream(), Stream.of("e"))
            .filter(backend::exists).collect(Collectors.toList());
        assertThat(regularFilesUnder(folder)).filteredOn(p -> !p.endsWith(".lock"))
            .hasSize(stored.size());
      }
    }
  }
}
