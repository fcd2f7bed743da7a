package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.backend.memory.MemoryBackend;
import io.cachette.memo.MemoFixtures.User;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Key test vectors and collision cases. The readable vectors are the published format (see
 * {@link KeyStyle#READABLE}); the hashed vectors are lowercase hex SHA-256 of the UTF-8 readable
 * key, namespace included, computed once outside Java with
 * {@code printf '%s' 'ns:com.example.Svc.m(42)' | sha256sum}.
 */
class KeysTest {
  /** SHA-256 of {@code users:io.cachette.memo.MemoFixtures$Users.find(1)}. */
  static final String HASH_OF_FIND_1 =
      "f03c01fe5f6426546a83d180c44a2903bec9dbba9914a0d91215fe3d7e5b95a5";

  enum Color { RED, GREEN }

  /** A bean: rendered by its getters, sorted by property name. */
  public static final class Account {
    private final String name;
    private final boolean active;

    Account(String name, boolean active) {
      this.name = name;
      this.active = active;
    }

    public String getName() {
      return name;
    }

    public boolean isActive() {
      return active;
    }
  }

  /** No getters, but a meaningful toString. */
  static final class Money {
    private final String currency;
    private final long units;

    Money(String currency, long units) {
      this.currency = currency;
      this.units = units;
    }

    @Override
    public String toString() {
      return currency + " " + units;
    }
  }

  private static String readable(@Nullable Object... args) {
    return new KeyMaker("ns", "com.example.Svc.m", false, KeyStyle.READABLE, null).key(args);
  }

  private static String typed(@Nullable Object... args) {
    return new KeyMaker("ns", "com.example.Svc.m", true, KeyStyle.READABLE, null).key(args);
  }

  private static String hashed(@Nullable Object... args) {
    return new KeyMaker("ns", "com.example.Svc.m", false, KeyStyle.HASHED, null).key(args);
  }

  @Test
  void readableVectorsForScalars() {
    assertThat(readable()).isEqualTo("com.example.Svc.m()");
    assertThat(readable(42)).isEqualTo("com.example.Svc.m(42)");
    assertThat(readable(-42L)).isEqualTo("com.example.Svc.m(-42)");
    assertThat(readable(Integer.MIN_VALUE, Long.MAX_VALUE))
        .isEqualTo("com.example.Svc.m(-2147483648, 9223372036854775807)");
    assertThat(readable("hello", null, true)).isEqualTo("com.example.Svc.m(\"hello\", null, true)");
    assertThat(readable("a\"b\\c\n\t\u0001")).isEqualTo("com.example.Svc.m(\"a\\\"b\\\\c\\n\\t\\u0001\")");
    assertThat(readable('x', '\'')).isEqualTo("com.example.Svc.m('x', '\\'')");
    assertThat(readable("é ü €")).isEqualTo("com.example.Svc.m(\"é ü €\")");
  }

  @Test
  void readableVectorsForNumbersAreByValue() {
    assertThat(readable(1, 1L, (short) 1, (byte) 1, 1.0, 1.0f, new BigDecimal("1.00"), BigInteger.ONE))
        .isEqualTo("com.example.Svc.m(1, 1, 1, 1, 1, 1, 1, 1)");
    assertThat(readable(1.5, new BigDecimal("2.500"), new BigInteger("12345678901234567890"), 1e20,
        0.1f, -0.0, -7, Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY))
        .isEqualTo("com.example.Svc.m(1.5, 2.5, 12345678901234567890, 100000000000000000000, 0.1, 0,"
            + " -7, NaN, Infinity, -Infinity)");
  }

  @Test
  void readableVectorsForContainers() {
    assertThat(readable(List.of(1, "a"), new int[] {1, 2}, new String[] {"x"}, List.of()))
        .isEqualTo("com.example.Svc.m([1, \"a\"], [1, 2], [\"x\"], [])");
    assertThat(readable(Set.of("b", "a"), Set.of()))
        .isEqualTo("com.example.Svc.m({\"a\", \"b\"}, {})");
    assertThat(readable(Map.of("b", 2, "a", 1), Map.of()))
        .isEqualTo("com.example.Svc.m({\"a\": 1, \"b\": 2}, {:})");
    assertThat(readable(Map.of("k", List.of(Optional.of(Set.of(3))))))
        .isEqualTo("com.example.Svc.m({\"k\": [Optional({3})]})");
  }

  @Test
  void readableVectorsForObjects() {
    assertThat(readable(Color.RED, DayOfWeek.MONDAY)).isEqualTo(
        "com.example.Svc.m(io.cachette.memo.KeysTest$Color.RED, java.time.DayOfWeek.MONDAY)");
    assertThat(readable(new User(1, "ada"))).isEqualTo(
        "com.example.Svc.m(io.cachette.memo.MemoFixtures$User(id=1, name=\"ada\"))");
    assertThat(readable(new Account("bob", true))).isEqualTo(
        "com.example.Svc.m(io.cachette.memo.KeysTest$Account(active=true, name=\"bob\"))");
    assertThat(readable(new Money("EUR", 5)))
        .isEqualTo("com.example.Svc.m(io.cachette.memo.KeysTest$Money(\"EUR 5\"))");
    assertThat(readable(Optional.of(3), Optional.empty()))
        .isEqualTo("com.example.Svc.m(Optional(3), Optional())");
  }

  @Test
  void readableVectorsForJdkValues() {
    assertThat(readable(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        LocalDate.of(2024, 1, 31), Duration.ofMinutes(5), Path.of("/tmp/x"),
        ZoneId.of("Europe/Paris"), String.class))
        .isEqualTo("com.example.Svc.m(java.util.UUID(\"123e4567-e89b-12d3-a456-426614174000\"), "
            + "java.time.LocalDate(\"2024-01-31\"), java.time.Duration(\"PT5M\"), "
            + "java.nio.file.Path(\"/tmp/x\"), java.time.ZoneId(\"Europe/Paris\"), "
            + "java.lang.Class(\"java.lang.String\"))");
  }

  @Test
  void typedVectorsTagNumbersAndArrays() {
    assertThat(typed(1, 1L, 1.0, 1.0f, (short) 1, (byte) 1, BigInteger.ONE, new BigDecimal("1.0")))
        .isEqualTo("com.example.Svc.m((int)1, (long)1, (double)1, (float)1, (short)1, (byte)1, "
            + "(BigInteger)1, (BigDecimal)1)");
    assertThat(typed(1)).isEqualTo("com.example.Svc.m((int)1)");
    assertThat(typed(-5L)).isEqualTo("com.example.Svc.m((long)-5)");
    assertThat(typed()).isEqualTo("com.example.Svc.m()");
    assertThat(typed("1", true, null, 'c')).isEqualTo("com.example.Svc.m(\"1\", true, null, 'c')");
    assertThat(typed(new int[] {1, 2}, List.of(1, 2L), new Object[] {1}))
        .isEqualTo("com.example.Svc.m((int[])[1, 2], [(int)1, (long)2], "
            + "(java.lang.Object[])[(int)1])");
  }

  @Test
  void hashedVectorsAreTheSha256HexOfTheReadableKeyWithItsNamespace() {
    assertThat(hashed(42))
        .isEqualTo("6f5c996e9aed39609dca141a4edb5fa9b58c07faf86882baf26a61fdc4a34e97");
    assertThat(hashed("hello", null, true))
        .isEqualTo("cb3b8a514dda6e853ffe3f8545c2d396f3780546dc8dd2c452116cfc7110bf96");
    assertThat(hashed()).isEqualTo("5a4b045424454454d0c8bf9c0d2d2842545de2ae3ef1a130ce87a5ae4b2586f3");
    assertThat(hashed("é ü €"))
        .isEqualTo("8d2c22a32a7451c26fa887ed637f9b6ae2bcd04e9e7adef45020b97e5dfbcee1");
    assertThat(new KeyMaker("users", MemoFixtures.USERS + ".find", false, KeyStyle.HASHED, null)
        .key(new Object[] {1})).isEqualTo(HASH_OF_FIND_1);
  }

  @Test
  void keysAreTheSameForEqualArgumentsBuiltDifferently() {
    Set<String> hashSet = new HashSet<>(List.of("x", "y", "z"));
    Set<String> linked = new LinkedHashSet<>(List.of("z", "y", "x"));
    Map<String, Integer> hashMap = new HashMap<>(Map.of("a", 1, "b", 2));
    Map<String, Integer> linkedMap = new LinkedHashMap<>();
    linkedMap.put("b", 2);
    linkedMap.put("a", 1);

    assertThat(readable(hashSet)).isEqualTo(readable(linked));
    assertThat(readable(hashMap)).isEqualTo(readable(linkedMap)).isEqualTo(readable(new TreeMap<>(hashMap)));
    assertThat(readable(new ArrayList<>(List.of(1, 2)))).isEqualTo(readable(List.of(1, 2)));
  }

  @Test
  void argumentListsThatPythonLibrariesConfuseGetDifferentKeys() {
    assertDistinct(new Object[] {"a:", "b"}, new Object[] {"a", ":b"});
    assertDistinct(new Object[] {"a,", "b"}, new Object[] {"a", ",b"});
    assertDistinct(new Object[] {1}, new Object[] {"1"});
    assertDistinct(new Object[] {null}, new Object[] {"null"});
    assertDistinct(new Object[] {true}, new Object[] {"true"});
    assertDistinct(new Object[] {"a\", \"b"}, new Object[] {"a", "b"});
    assertDistinct(new Object[] {List.of("a", "b")}, new Object[] {"a", "b"});
    assertDistinct(new Object[] {List.of("a,b")}, new Object[] {List.of("a", "b")});
    assertDistinct(new Object[] {Map.of()}, new Object[] {Set.of()});
    assertDistinct(new Object[] {Set.of()}, new Object[] {List.of()});
    assertDistinct(new Object[] {Map.of("a", "b")}, new Object[] {Set.of("a: b")});
    assertDistinct(new Object[] {'a'}, new Object[] {"a"});
    assertDistinct(new Object[] {Optional.empty()}, new Object[] {Optional.of("")});
    assertDistinct(new Object[] {Color.RED}, new Object[] {"RED"});
    assertDistinct(new Object[] {new Object[] {null}}, new Object[] {new Object[0]});
    assertDistinct(new Object[] {new Object[0]}, new Object[] {(Object) null});
    assertDistinct(new Object[] {""}, new Object[0]);
    assertDistinct(new Object[] {"\\", "\""}, new Object[] {"\\\", \""});
  }

  private static void assertDistinct(@Nullable Object[] first, @Nullable Object[] second) {
    assertThat(readable(first)).as("untyped").isNotEqualTo(readable(second));
    assertThat(typed(first)).as("typed").isNotEqualTo(typed(second));
  }

  @Test
  void typedKeysTellNumberTypesApartAndUntypedOnesDoNot() {
    assertThat(List.of(typed(1), typed(1L), typed(1.0))).doesNotHaveDuplicates();
    assertThat(List.of(readable(1), readable(1L), readable(1.0))).containsOnly(readable(1));
  }

  /**
   * Random argument lists over a small alphabet of separators and quotes: two lists get the same
   * key only if they are equal, and the same list always gets the same key.
   */
  @Test
  void randomArgumentListsNeverCollide() {
    Random random = new Random(20250101L);
    Map<String, List<Object>> seen = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      List<Object> args = new ArrayList<>();
      int count = random.nextInt(4);
      for (int a = 0; a < count; a++) {
        args.add(randomValue(random, 0));
      }
      Object[] array = args.toArray();
      String key = readable(array);
      assertThat(readable(array)).isEqualTo(key);
      List<Object> earlier = seen.putIfAbsent(key, args);
      if (earlier != null) {
        assertThat(earlier).as("arguments with the key %s", key).isEqualTo(args);
      }
    }
    assertThat(seen.size()).isGreaterThan(5_000);
  }

  private static @Nullable Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 2 ? 5 : 9);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt(5) - 1;
      case 3 -> randomText(random);
      case 4 -> "abc,:\"'\\ ()[]{}=".charAt(random.nextInt(16));
      case 5 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          list.add(randomValue(random, depth + 1));
        }
        yield list;
      }
      case 6 -> {
        Set<Object> set = new HashSet<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          set.add(randomValue(random, depth + 1));
        }
        yield set;
      }
      case 7 -> {
        Map<Object, Object> map = new HashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          map.put(randomText(random), randomValue(random, depth + 1));
        }
        yield map;
      }
      default -> Optional.ofNullable(randomValue(random, depth + 1));
    };
  }

  private static String randomText(Random random) {
    String alphabet = "a,:\"\\ ()[]{}'=n";
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  @Test
  void readableKeysTooLongForTheCacheAreStoredHashed() {
    String longText = "x".repeat(Cache.MAX_KEY_BYTES);
    KeyMaker keys = new KeyMaker("ns", "com.example.Svc.m", false, KeyStyle.READABLE, null);

    String key = keys.key(new Object[] {longText});

    assertThat(key).isEqualTo(KeyMaker.hash("ns:com.example.Svc.m(\"" + longText + "\")"))
        .hasSize(64);
  }

  @Test
  void customGeneratorsGetTheMethodNameAndArguments() {
    KeyMaker keys = new KeyMaker("ns", "com.example.Svc.m", false, KeyStyle.HASHED,
        (method, args) -> method + "#" + args);

    assertThat(keys.key(new Object[] {1, null})).isEqualTo("com.example.Svc.m#[1, null]");
  }

  @Test
  void aScopeJoinsReadableHashedAndGeneratedKeys() {
    Object[] args = {42};
    assertThat(new KeyMaker("ns", "tenant-a", "com.example.Svc.m", false, KeyStyle.READABLE, null)
        .key(args)).isEqualTo("tenant-a/com.example.Svc.m(42)");
    assertThat(new KeyMaker("ns", "tenant-a", "com.example.Svc.m", false, KeyStyle.READABLE, null)
        .key(null)).isEqualTo("tenant-a/com.example.Svc.m()");
    assertThat(new KeyMaker("ns", "tenant-a", "com.example.Svc.m", true, KeyStyle.READABLE, null)
        .key(new Object[] {7L})).isEqualTo("tenant-a/com.example.Svc.m((long)7)");
    assertThat(new KeyMaker("ns", "tenant-a", "com.example.Svc.m", false, KeyStyle.HASHED, null)
        .key(args)).isEqualTo(KeyMaker.hash("ns:tenant-a/com.example.Svc.m(42)"));
    assertThat(new KeyMaker("ns", "tenant-a", "com.example.Svc.m", false, KeyStyle.READABLE,
        (method, arguments) -> method + "#" + arguments).key(args))
        .isEqualTo("tenant-a/com.example.Svc.m#[42]");
  }

  @Test
  void aGeneratorThatMakesAnEmptyKeyFailsTheCallWithItsName() {
    KeyMaker keys = new KeyMaker("ns", "m", false, KeyStyle.READABLE, (method, args) -> "");

    assertThatThrownBy(() -> keys.key(new Object[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("made an empty key for m");
  }

  @Test
  void anArgumentWithNoCanonicalFormFailsWithAMessageSayingWhatToDo() {
    assertThatThrownBy(() -> readable(new Object())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object").hasMessageContaining("KeyGenerator");
  }

  @Test
  void aCyclicArgumentFailsInsteadOfOverflowingTheStack() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);

    assertThatThrownBy(() -> readable(cycle)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested more than 32 levels");
  }

  interface Overloads {
    @Cached
    String find(int id);

    @Cached
    String find(long id);

    @Cached
    String find(String name);

    @Cached
    String single(int id);
  }

  @Test
  void overloadsNeverShareKeys() throws Exception {
    MemoryBackend backend = MemoryBackend.builder().build();
    Memoizer memo = Memoizer.builder().backend(backend).build();
    List<String> calls = new ArrayList<>();
    Overloads proxy = memo.proxy(Overloads.class, new Overloads() {
      @Override
      public String find(int id) {
        calls.add("int");
        return "int " + id;
      }

      @Override
      public String find(long id) {
        calls.add("long");
        return "long " + id;
      }

      @Override
      public String find(String name) {
        calls.add("String");
        return "string " + name;
      }

      @Override
      public String single(int id) {
        return "single";
      }
    });

    assertThat(proxy.find(1)).isEqualTo("int 1");
    assertThat(proxy.find(1L)).isEqualTo("long 1");
    assertThat(proxy.find("1")).isEqualTo("string 1");
    assertThat(proxy.find(1)).isEqualTo("int 1");
    proxy.single(1);

    assertThat(calls).containsExactly("int", "long", "String");
    String type = Overloads.class.getName();
    assertThat(backend.exists("default:" + type + ".find[int](1)")).isTrue();
    assertThat(backend.exists("default:" + type + ".find[long](1)")).isTrue();
    assertThat(backend.exists("default:" + type + ".find[java.lang.String](\"1\")")).isTrue();
    assertThat(backend.exists("default:" + type + ".single(1)")).isTrue();
    assertThat(memo.purge(proxy, "find", 1L)).isTrue();
    assertThat(memo.purge(proxy, "find", 1)).isTrue();
    assertThat(MemoProxy.keyName(Overloads.class.getMethod("find", String.class)))
        .isEqualTo(type + ".find[java.lang.String]");
  }
}
