package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.SerializationException;
import io.cachette.TypeRef;
import io.cachette.serial.gadget.Gadget;
import io.cachette.serial.gadget.GadgetBase;
import java.io.Serializable;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JavaSerializerTest {
  enum Role { ADMIN, GUEST }

  record Address(String city, String zip) implements Serializable {}

  record User(String name, int age, Address address, List<String> tags, Map<String, Integer> scores,
      LocalDate born, Instant seen, Role role, BigDecimal balance, UUID id) implements Serializable {}

  record Box(Object payload) implements Serializable {}

  record NotSerializable(String name) {}

  static final User ALICE = new User("Alice", 41, new Address("Lyon", "69001"),
      List.of("admin", "ops"), Map.of("chess", 1800, "go", 3), LocalDate.of(1984, 2, 29),
      Instant.parse("2024-05-01T10:15:30.123456789Z"), Role.ADMIN, new BigDecimal("1234.5678"),
      UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));

  @BeforeEach
  void resetGadget() {
    Gadget.resetCounters();
  }

  private static <T> T roundTrip(Serializer<T> serializer, T value) {
    return serializer.deserialize(serializer.serialize(value));
  }

  /** Bytes of a gadget, as an attacker who can write to the cache store would plant them. */
  private static byte[] gadgetBytes(Object value) {
    byte[] bytes = JavaSerializer.builder(Object.class).build().serialize(value);
    Gadget.resetCounters(); // creating the gadget ran its constructor; only reading counts
    return bytes;
  }

  @Test
  void roundTripsARecordOfJdkValuesAndNestedRecords() {
    Serializer<User> serializer = Serializers.fromUrl("java://", User.class);

    assertThat(serializer.id()).isEqualTo("java");
    assertThat(roundTrip(serializer, ALICE)).isEqualTo(ALICE);
  }

  @Test
  void roundTripsGenericTypesWhoseElementsAreDeclared() {
    Serializer<Map<String, List<Address>>> serializer =
        Serializers.fromUrl("java://", new TypeRef<Map<String, List<Address>>>() {});
    Map<String, List<Address>> value = new TreeMap<>(Map.of(
        "fr", new ArrayList<>(List.of(new Address("Lyon", "69001"), new Address("Nice", "06000"))),
        "it", new LinkedList<>(List.of(new Address("Roma", "00100")))));

    assertThat(roundTrip(serializer, value)).isEqualTo(value).isInstanceOf(TreeMap.class);
  }

  @Test
  void roundTripsArraysOfPrimitivesAndDeclaredClasses() {
    Serializer<int[][]> grid = Serializers.fromUrl("java://", int[][].class);
    Serializer<Address[]> addresses = Serializers.fromUrl("java://", Address[].class);
    Address[] value = {new Address("Lyon", "69001"), null};

    assertThat(roundTrip(grid, new int[][] {{1, 2}, {3}})).isDeepEqualTo(new int[][] {{1, 2}, {3}});
    assertThat(roundTrip(addresses, value)).containsExactly(value);
  }

  static <T extends Comparable<T>> @org.jspecify.annotations.Nullable T selfBounded() {
    return null;
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSelfReferencingTypeVariableIsWalkedOnce() throws Exception {
    Type type = JavaSerializerTest.class.getDeclaredMethod("selfBounded").getGenericReturnType();

    Serializer<Object> serializer = (Serializer<Object>) Serializers.fromUrl("java://", type);

    assertThat(roundTrip(serializer, "text")).isEqualTo("text");
  }

  @Test
  void readsTheJdkValueClassesOfTheDefaultAllowListForAnUndeclaredType() {
    Serializer<Object> serializer = Serializers.fromUrl("java://");
    EnumMap<Role, String> byRole = new EnumMap<>(Role.class);
    byRole.put(Role.GUEST, "g");
    List<Object> values = new ArrayList<>(List.of(
        true, (byte) 1, (short) 2, 'c', 3, 4L, 5.5f, 6.5d, "text", BigInteger.TEN, BigDecimal.ONE,
        UUID.randomUUID(), Duration.ofSeconds(90), ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 6,
            ZoneId.of("Europe/Paris")),
        new LinkedList<>(List.of(1)), new ArrayDeque<>(List.of(2)), new HashMap<>(Map.of(3, 4)),
        new LinkedHashMap<>(Map.of(5, 6)), new HashSet<>(Set.of(7)), new LinkedHashSet<>(Set.of(8)),
        new TreeSet<>(Set.of(9)), List.of(10, 11), Set.of(12), Map.of(13, 14), List.of(),
        Collections.unmodifiableList(new ArrayList<>(List.of(15))),
        Collections.synchronizedMap(new HashMap<>(Map.of(16, 17))), Collections.emptySet(),
        Collections.singletonMap(18, 19), Arrays.asList(20, 21), new long[] {22}));

    Object read = roundTrip(serializer, values);

    assertThat(read).usingRecursiveComparison().isEqualTo(values);
    // enums and records are allowed only when the declared type shows them
    assertThatThrownBy(() -> roundTrip(serializer, byRole))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Role.class.getName());
    assertThat(roundTrip(JavaSerializer.builder(Object.class).allow(Role.class).build(), byRole))
        .isEqualTo(byRole);
    assertThat(roundTrip(JavaSerializer.builder(Object.class).allow(Role.class).build(),
        EnumSet.of(Role.GUEST))).isEqualTo(EnumSet.of(Role.GUEST));
  }

  @Test
  void refusesAClassOffTheListWithoutRunningAnyOfItsCode() {
    byte[] planted = gadgetBytes(new Gadget("rm -rf /"));
    Serializer<Object> serializer = Serializers.fromUrl("java://");

    assertThatThrownBy(() -> serializer.deserialize(planted))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("refused to read class io.cachette.serial.gadget.Gadget")
        .hasMessageContaining("allow=io.cachette.serial.gadget.Gadget")
        .hasMessageContaining("JavaSerializer.builder(type).allow(Gadget.class)");
    assertThat(Gadget.READS).hasValue(0);
    assertThat(GadgetBase.CONSTRUCTIONS).hasValue(0);
  }

  @Test
  void refusesAClassOffTheListHiddenInsideAllowedValues() {
    byte[] inBox = gadgetBytes(new Box(new Gadget("x")));
    byte[] inList = gadgetBytes(new ArrayList<>(List.of("fine", new Gadget("x"))));
    byte[] inMap = gadgetBytes(new HashMap<>(Map.of("k", new Gadget("x"))));

    assertThatThrownBy(() -> Serializers.fromUrl("java://", Box.class).deserialize(inBox))
        .isInstanceOf(SerializationException.class).hasMessageContaining(Gadget.class.getName());
    assertThatThrownBy(() -> Serializers.fromUrl("java://", new TypeRef<List<String>>() {})
        .deserialize(inList))
        .isInstanceOf(SerializationException.class).hasMessageContaining(Gadget.class.getName());
    assertThatThrownBy(() -> Serializers.fromUrl("java://").deserialize(inMap))
        .isInstanceOf(SerializationException.class).hasMessageContaining(Gadget.class.getName());
    assertThat(Gadget.READS).hasValue(0);
    assertThat(GadgetBase.CONSTRUCTIONS).hasValue(0);
  }

  @Test
  void readsTheSameClassOnceTheUrlAllowsIt() {
    byte[] planted = gadgetBytes(new Gadget("hello"));

    Object read = Serializers.fromUrl("java://?allow=io.cachette.serial.gadget.Gadget")
        .deserialize(planted);

    assertThat(read).isInstanceOf(Gadget.class);
    assertThat(((Gadget) read).command).isEqualTo("hello");
    assertThat(Gadget.READS).hasValue(1);
    assertThat(GadgetBase.CONSTRUCTIONS).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.cachette.serial.gadget.*", "io.cachette.serial.**",
      "io.cachette.serial.gadget.Gad*", "com.other.*, io.cachette.serial.gadget.Gadget"})
  void allowPatternsMatchClassesPackagesTreesAndPrefixes(String allow) {
    byte[] planted = gadgetBytes(new Box(new Gadget("x")));

    Box read = Serializers.fromUrl("java://?allow=" + allow, Box.class).deserialize(planted);

    assertThat(((Gadget) read.payload()).command).isEqualTo("x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.cachette.serial.*", "io.cachette.serial.gadget.Gadget2",
      "io.cachette.serial.gadget.GadgetBase", "io.cachette.serial.gadgets.**"})
  void allowPatternsDoNotMatchBeyondWhatTheySay(String allow) {
    byte[] planted = gadgetBytes(new Gadget("x"));

    assertThatThrownBy(() -> Serializers.fromUrl("java://?allow=" + allow).deserialize(planted))
        .isInstanceOf(SerializationException.class).hasMessageContaining(Gadget.class.getName());
    assertThat(Gadget.READS).hasValue(0);
  }

  @Test
  void builderAllowsClassesAndPatternsAndEachBuildIsIndependent() {
    byte[] planted = gadgetBytes(new Box(new Gadget("x")));
    JavaSerializer.Builder<Box> builder = JavaSerializer.builder(Box.class);
    JavaSerializer<Box> strict = builder.build();
    JavaSerializer<Box> byClass = builder.allow(Gadget.class).build();

    assertThat(byClass.deserialize(planted).payload()).isInstanceOf(Gadget.class);
    assertThat(JavaSerializer.builder(Box.class).allowPattern("io.cachette.serial.gadget.*").build()
        .deserialize(planted).payload()).isInstanceOf(Gadget.class);
    assertThatThrownBy(() -> strict.deserialize(planted))
        .isInstanceOf(SerializationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "**", "com..app", "com/app/User", ".*", "com.app.*.User"})
  void refusesPatternsThatAreNotClassesPackagesOrPrefixes(String pattern) {
    assertThatThrownBy(() -> JavaSerializer.builder(Object.class).allowPattern(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid allow pattern '" + pattern + "'")
        .hasMessageContaining("com.myapp.model.*");
    assertThatThrownBy(() -> Serializers.fromUrl("java://?allow=" + pattern))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesToWriteWhatIsNotSerializableNamingTheClass() {
    Serializer<Object> serializer = Serializers.fromUrl("java://");

    assertThatThrownBy(() -> serializer.serialize(new NotSerializable("a")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(NotSerializable.class.getName())
        .hasMessageContaining("does not implement java.io.Serializable");
    assertThatThrownBy(() -> serializer.serialize(new Box(new NotSerializable("a"))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Box.class.getName())
        .hasMessageContaining(NotSerializable.class.getName());
  }

  @Test
  void refusesAStoredValueOfAnotherTypeThanDeclared() {
    byte[] text = Serializers.fromUrl("java://").serialize("not a user");

    assertThatThrownBy(() -> Serializers.fromUrl("java://", User.class).deserialize(text))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("read a java.lang.String where a " + User.class.getName());
  }

  @Test
  void corruptOrTruncatedBytesFailWithSerializationException() {
    Serializer<User> serializer = Serializers.fromUrl("java://", User.class);
    byte[] good = serializer.serialize(ALICE);
    byte[] noise = new byte[200];
    new Random(1).nextBytes(noise);

    assertThatThrownBy(() -> serializer.deserialize(new byte[0]))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serializer.deserialize(noise))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serializer.deserialize(Arrays.copyOf(good, good.length / 2)))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  @Timeout(60) // a guard only: without the depth limit this read would hash for hours
  void refusesDeeplyNestedSetsBeforeTheirHashingExplodes() {
    Set<Object> root = new HashSet<>();
    Set<Object> left = root;
    Set<Object> right = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      Set<Object> nextLeft = new HashSet<>();
      Set<Object> nextRight = new HashSet<>();
      nextLeft.add("x");
      left.add(nextLeft);
      left.add(nextRight);
      right.add(nextLeft);
      right.add(nextRight);
      left = nextLeft;
      right = nextRight;
    }
    byte[] bomb = JavaSerializer.builder(Object.class).build().serialize(root);

    assertThatThrownBy(() -> Serializers.fromUrl("java://", Set.class).deserialize(bomb))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("over max-depth=24")
        .hasMessageContaining("max-depth");
  }

  @Test
  void maxDepthIsConfigurable() {
    List<Object> nested = new ArrayList<>();
    List<Object> inner = nested;
    for (int i = 0; i < 5; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(next);
      inner = next;
    }
    byte[] bytes = Serializers.fromUrl("java://").serialize(nested);

    assertThat(Serializers.fromUrl("java://").deserialize(bytes)).isEqualTo(nested);
    assertThatThrownBy(() -> Serializers.fromUrl("java://?max-depth=3").deserialize(bytes))
        .isInstanceOf(SerializationException.class).hasMessageContaining("over max-depth=3");
  }

  @Test
  void refusesForgedArrayLengthsBeforeAllocating() {
    byte[] bytes = Serializers.fromUrl("java://", byte[].class).serialize(new byte[100]);
    int lengthAt = bytes.length - 100 - 4;

    byte[] forged = bytes.clone();
    writeInt(forged, lengthAt, 5_000_000);
    byte[] huge = bytes.clone();
    writeInt(huge, lengthAt, 2_000_000_000);

    assertThatThrownBy(() -> Serializers.fromUrl("java://", byte[].class).deserialize(forged))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("claims an array of 5000000 elements with only 100 bytes left");
    assertThatThrownBy(() -> Serializers.fromUrl("java://", byte[].class).deserialize(huge))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("over max-array-length=10000000");
  }

  private static void writeInt(byte[] bytes, int at, int value) {
    for (int i = 0; i < 4; i++) {
      bytes[at + i] = (byte) (value >>> (24 - 8 * i));
    }
  }

  @Test
  void arrayReferenceAndByteLimitsAreConfigurable() {
    Serializer<Object> open = Serializers.fromUrl("java://");
    byte[] array = open.serialize(new int[100]);
    List<int[]> arrays = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      arrays.add(new int[] {i});
    }
    byte[] list = open.serialize(arrays);

    assertThatThrownBy(() -> Serializers.fromUrl("java://?max-array-length=99").deserialize(array))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("an array of 100 elements, over max-array-length=99");
    assertThat(Serializers.fromUrl("java://?max-array-length=100").deserialize(array))
        .isEqualTo(new int[100]);
    assertThatThrownBy(() -> Serializers.fromUrl("java://?max-references=3").deserialize(list))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("over max-references=3");
    assertThatThrownBy(() -> Serializers.fromUrl("java://?max-bytes=50").deserialize(list))
        .isInstanceOf(SerializationException.class).hasMessageContaining("over max-bytes=50");
    assertThatThrownBy(() -> Serializers.fromUrl("java://?max-bytes=50").serialize(List.of(
        "a long enough string to go over fifty bytes once serialized")))
        .isInstanceOf(SerializationException.class).hasMessageContaining("over max-bytes=50");
  }

  @Test
  void refusesBadAndUnknownParameters() {
    assertThatThrownBy(() -> Serializers.fromUrl("java://?max-depth=0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'max-depth'");
    assertThatThrownBy(() -> Serializers.fromUrl("java://?max-array-length=lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'max-array-length'");
    assertThatThrownBy(() -> Serializers.fromUrl("java://?allowed=com.app.*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[allowed]")
        .hasMessageContaining("allow, max-array-length, max-bytes, max-depth, max-references");
    assertThatThrownBy(() -> JavaSerializer.builder(Object.class).maxDepth(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
  }
}
