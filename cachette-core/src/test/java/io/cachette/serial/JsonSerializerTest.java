package io.cachette.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.cachette.SerializationException;
import io.cachette.TypeRef;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSerializerTest {
  record User(String name, int age, Instant joined) {}

  record Order(String id, List<BigDecimal> amounts, Set<String> tags) {}

  record Meeting(ZonedDateTime at, Duration length, LocalDate booked) {}

  record Person(String firstName) {}

  record Amounts(BigDecimal decimal, BigInteger integer) {}

  /** A bean, not a record: read through its no-argument constructor and setters. */
  static final class Account {
    private String owner = "";
    private long balance;

    public String getOwner() {
      return owner;
    }

    public void setOwner(String owner) {
      this.owner = owner;
    }

    public long getBalance() {
      return balance;
    }

    public void setBalance(long balance) {
      this.balance = balance;
    }
  }

  static final class Exploding {
    public String getValue() {
      throw new IllegalStateException("boom");
    }
  }

  private static final User ADA = new User("Ada", 36, Instant.parse("2024-05-01T10:15:30Z"));

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recordIsPlainJsonWithoutTypeTagsAndIsoTimes() {
    Serializer<User> serializer = JsonSerializer.of(User.class);

    byte[] json = serializer.serialize(ADA);

    assertThat(text(json)).isEqualTo("{\"name\":\"Ada\",\"age\":36,\"joined\":\"2024-05-01T10:15:30Z\"}");
    assertThat(serializer.deserialize(json)).isEqualTo(ADA);
  }

  @Test
  void genericListAndMapRoundTripAsTheirDeclaredTypes() {
    Serializer<List<User>> users = JsonSerializer.of(new TypeRef<List<User>>() {});
    Serializer<Map<String, Order>> orders = JsonSerializer.of(new TypeRef<Map<String, Order>>() {});
    Map<String, Order> byId = Map.of("o-1",
        new Order("o-1", List.of(new BigDecimal("9.90"), BigDecimal.ONE), Set.of("gift")));

    assertThat(users.deserialize(users.serialize(List.of(ADA, ADA)))).containsExactly(ADA, ADA);
    assertThat(orders.deserialize(orders.serialize(byId))).isEqualTo(byId);
    assertThat(text(orders.serialize(byId))).doesNotContain("Order").contains("9.90");
  }

  @Test
  void optionalRoundTripsPresentAndEmpty() {
    Serializer<Optional<User>> serializer = JsonSerializer.of(new TypeRef<Optional<User>>() {});

    assertThat(serializer.deserialize(serializer.serialize(Optional.of(ADA)))).contains(ADA);
    assertThat(serializer.deserialize(serializer.serialize(Optional.empty()))).isEmpty();
  }

  @Test
  void zonedDateTimeKeepsItsZoneAndDurationIsIso() {
    Serializer<Meeting> serializer = JsonSerializer.of(Meeting.class);
    Meeting meeting = new Meeting(
        ZonedDateTime.of(2024, 3, 31, 9, 0, 0, 0, ZoneId.of("Europe/Paris")),
        Duration.ofMinutes(90), LocalDate.of(2024, 3, 1));

    byte[] json = serializer.serialize(meeting);

    assertThat(text(json)).contains("[Europe/Paris]").contains("\"PT1H30M\"")
        .contains("\"2024-03-01\"");
    assertThat(serializer.deserialize(json)).isEqualTo(meeting);
  }

  @Test
  void beanRoundTripsThroughSetters() {
    Serializer<Account> serializer = JsonSerializer.of(Account.class);
    Account account = new Account();
    account.setOwner("Ada");
    account.setBalance(Long.MAX_VALUE);

    Account back = serializer.deserialize(serializer.serialize(account));

    assertThat(back.getOwner()).isEqualTo("Ada");
    assertThat(back.getBalance()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void unknownStoredFieldsAreIgnoredSoAddedFieldsDoNotBreakOldReaders() {
    byte[] newer = bytes("{\"name\":\"Ada\",\"age\":36,\"joined\":\"2024-05-01T10:15:30Z\","
        + "\"email\":\"ada@example.com\",\"tags\":[1,2]}");

    assertThat(JsonSerializer.of(User.class).deserialize(newer)).isEqualTo(ADA);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "not json", "[1,2]", "{\"age\":\"old\"}",
      "{\"name\":\"Ada\"} trailing", "{\"joined\":\"yesterday\"}"})
  void corruptOrMismatchedJsonIsASerializationExceptionNamingTheType(String json) {
    assertThatThrownBy(() -> JsonSerializer.of(User.class).deserialize(bytes(json)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot be read as io.cachette.serial.JsonSerializerTest$User");
  }

  @Test
  void unwritableValueIsASerializationExceptionNamingTheClassAndCause() {
    assertThatThrownBy(() -> JsonSerializer.of(Exploding.class).serialize(new Exploding()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot write a io.cachette.serial.JsonSerializerTest$Exploding")
        .hasMessageContaining("boom");
  }

  @Test
  void ownMapperIsUsedForWritingAndReading() {
    ObjectMapper snake = JsonSerializer.mapperBuilder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .build();
    Serializer<Person> serializer = JsonSerializer.of(Person.class, snake);

    byte[] json = serializer.serialize(new Person("Ada"));

    assertThat(text(json)).isEqualTo("{\"first_name\":\"Ada\"}");
    assertThat(serializer.deserialize(json)).isEqualTo(new Person("Ada"));
    assertThat(serializer.id()).isEqualTo("json");
  }

  @Test
  void declaredTypesUsePlainJsonAndObjectUsesTaggedJson() {
    assertThat(JsonSerializer.of(User.class).id()).isEqualTo("json");
    assertThat(JsonSerializer.of(new TypeRef<List<User>>() {}).id()).isEqualTo("json");
    assertThat(JsonSerializer.of(Object.class).id()).isEqualTo("json-tagged");
    assertThat(JsonSerializer.of(Serializable.class).id()).isEqualTo("json-tagged");
    assertThat(Serializers.fromUrl("json://", User.class).id()).isEqualTo("json");
    assertThat(Serializers.fromUrl("json://", new TypeRef<Map<String, User>>() {}).id())
        .isEqualTo("json");
    assertThat(Serializers.fromUrl("json://").id()).isEqualTo("json-tagged");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"decimal\":\"1e999999999\"}", "{\"decimal\":1e-999999999}",
      "{\"decimal\":1E+10001}"})
  void typedDecimalWithAScaleOutOfBoundsIsUnreadable(String json) {
    assertThatThrownBy(() -> JsonSerializer.of(Amounts.class).deserialize(bytes(json)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("outside -10000..10000");
    assertThatThrownBy(() -> JsonSerializer.of(BigDecimal.class).deserialize(bytes("\"1e99999\"")))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void typedMillionDigitNumbersAreUnreadableEvenAsStrings() {
    String digits = "9".repeat(1_000_000);

    for (String json : List.of("{\"integer\":\"" + digits + "\"}", "{\"integer\":" + digits + "}",
        "{\"decimal\":\"" + digits + "\"}", "{\"decimal\":\"0." + digits + "\"}")) {
      assertThatThrownBy(() -> JsonSerializer.of(Amounts.class).deserialize(bytes(json)))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("exceeds the maximum allowed (1000");
    }
  }

  @Test
  void typedDecimalsWithinTheBoundsRoundTrip() {
    Amounts amounts = new Amounts(new BigDecimal("1.50E+10000"), new BigInteger("9".repeat(1000)));
    Serializer<Amounts> serializer = JsonSerializer.of(Amounts.class);

    assertThat(serializer.deserialize(serializer.serialize(amounts))).isEqualTo(amounts);
  }

  @Test
  void objectValuesFromTheUrlKeepTheirTypes() {
    Serializer<Object> serializer = Serializers.fromUrl("json://");
    Map<String, Object> value = Map.of("id", 7L, "when", LocalDate.of(2024, 1, 1), "n", 1);

    assertThat(serializer.deserialize(serializer.serialize(value))).isEqualTo(value);
  }

  @Test
  void allowPackagesParameterLetsObjectValuesHoldRecords() {
    Serializer<Object> strict = Serializers.fromUrl("json://");
    Serializer<Object> lenient =
        Serializers.fromUrl("json://?allow-packages=com.example, io.cachette.serial");

    assertThat(lenient.deserialize(lenient.serialize(List.of(ADA)))).isEqualTo(List.of(ADA));
    assertThatThrownBy(() -> strict.serialize(ADA)).isInstanceOf(SerializationException.class);
  }

  @Test
  void allowPackagesParameterIsRefusedForDeclaredTypesAndMustNamePackages() {
    assertThatThrownBy(() -> Serializers.fromUrl("json://?allow-packages=com.example", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Object values only");
    assertThatThrownBy(() -> Serializers.fromUrl("json://?allow-packages=com/example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid package name 'com/example'");
    assertThatThrownBy(() -> Serializers.fromUrl("json://?pretty=true", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pretty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.cachette.serial.*", "io.cachette.**",
      "io.cachette.serial.JsonSerializerTest$User", "io.cachette.serial.JsonSerializerTest$U*",
      "com.other.*, io.cachette.serial.*"})
  void allowParameterOfJsonTakesTheGrammarOfJava(String allow) {
    Serializer<Object> lenient = Serializers.fromUrl("json://?allow=" + allow);

    assertThat(lenient.deserialize(lenient.serialize(List.of(ADA)))).isEqualTo(List.of(ADA));
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.cachette.*", "io.cachette.serial.JsonSerializerTest$Use",
      "io.cachette.serial.JsonSerializerTest$Order", "io.cachettes.**"})
  void allowParameterOfJsonMatchesNoMoreThanItSays(String allow) {
    Serializer<Object> coder = Serializers.fromUrl("json://?allow=" + allow);

    assertThatThrownBy(() -> coder.serialize(ADA))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Refusing class io.cachette.serial.JsonSerializerTest$User")
        .hasMessageContaining("json://?allow=io.cachette.serial.*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "**", "com..app", "com/app/User", ".*", "com.app.*.User"})
  void allowParameterRefusesTheSamePatternsForJsonAndJava(String pattern) {
    assertThatThrownBy(() -> Serializers.fromUrl("json://?allow=" + pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid allow pattern '" + pattern + "'");
    assertThatThrownBy(() -> Serializers.fromUrl("java://?allow=" + pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid allow pattern '" + pattern + "'");
  }

  @Test
  void allowParameterIsOneNameForJsonAndJava() {
    String allow = "?allow=io.cachette.serial.*";
    Serializer<Object> json = Serializers.fromUrl("json://" + allow);
    Serializer<Object> java = Serializers.fromUrl("java://" + allow);
    Serializable value = new java.util.ArrayList<>(List.of(Role.ADMIN));

    assertThat(json.deserialize(json.serialize(value))).isEqualTo(value);
    assertThat(java.deserialize(java.serialize(value))).isEqualTo(value);
  }

  @Test
  void allowAndItsDeprecatedOlderNameCannotBothBeGiven() {
    assertThatThrownBy(() -> Serializers.fromUrl("json://?allow=com.a.*&allow-packages=com.b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep only allow=com.a.*");
    assertThatThrownBy(() -> Serializers.fromUrl("json://?allow=com.a.*", User.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'allow' applies to caches of Object values only");
  }

  enum Role { ADMIN }
}
