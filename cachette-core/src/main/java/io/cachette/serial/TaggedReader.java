package io.cachette.serial;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cachette.SerializationException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Reads values in the tagged JSON format of {@link JsonCoder}. Immutable and thread-safe. */
final class TaggedReader {
  private final Map<String, TagCodec<?>> codecsByTag;
  private final TaggedRecords records;

  TaggedReader(List<TagCodec<?>> codecs, TaggedRecords records) {
    Map<String, TagCodec<?>> byTag = new HashMap<>();
    codecs.forEach(c -> byTag.put(c.tag(), c));
    this.codecsByTag = Map.copyOf(byTag);
    this.records = records;
  }

  /** Reads one value and requires the end of the input after it. */
  @Nullable Object readDocument(JsonParser p) throws IOException {
    Object value = read(p, p.nextToken());
    if (p.nextToken() != null) {
      throw new SerializationException("unexpected content after the value at "
          + p.currentLocation().getCharOffset());
    }
    return value;
  }

  private @Nullable Object read(JsonParser p, @Nullable JsonToken token) throws IOException {
    if (token == null) {
      throw new SerializationException("the JSON ends before a value");
    }
    switch (token) {
      case VALUE_NULL:
        return null;
      case VALUE_STRING:
        return p.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NUMBER_INT:
        return p.getIntValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case START_ARRAY:
        return readElements(p, new ArrayList<>());
      case START_OBJECT:
        return readTagged(p);
      default:
        throw new SerializationException("unexpected " + token + " where a value was expected");
    }
  }

  private Object readTagged(JsonParser p) throws IOException {
    String tag = p.nextFieldName();
    if (tag == null) {
      throw new SerializationException("an object must have one member, a type tag");
    }
    JsonToken token = p.nextToken();
    Object value = switch (tag) {
      case "long" -> integral(p).getLongValue();
      case "short" -> integral(p).getShortValue();
      case "byte" -> integral(p).getByteValue();
      case "float" -> token == JsonToken.VALUE_STRING ? Float.parseFloat(p.getText())
          : p.getFloatValue();
      case "double" -> Double.parseDouble(p.getValueAsString(""));
      case "bytes" -> p.getBinaryValue();
      case "deque" -> readElements(p, new ArrayDeque<>());
      case "set" -> readElements(p, new LinkedHashSet<>());
      case "sortedset" -> readElements(p, new TreeSet<>());
      case "map" -> readMap(p, new LinkedHashMap<>());
      case "sortedmap" -> readMap(p, new TreeMap<>());
      case "enum" -> readEnum(p);
      case "record" -> readRecord(p);
      default -> decodeRegistered(tag, read(p, token));
    };
    if (p.nextToken() != JsonToken.END_OBJECT) {
      throw new SerializationException("the tagged value '" + tag + "' has more than one member");
    }
    return value;
  }

  private Object decodeRegistered(String tag, @Nullable Object payload) {
    TagCodec<?> codec = codecsByTag.get(tag);
    if (codec == null) {
      throw new SerializationException("unknown type tag '" + tag + "': register the type with "
          + "JsonCoder.builder().register(type, \"" + tag + "\", encoder, decoder)");
    }
    try {
      return Objects.requireNonNull(codec.decoder().apply(payload), "decoder result");
    } catch (RuntimeException e) {
      throw new SerializationException("cannot decode the tagged value '" + tag + "' as "
          + codec.type().getName() + ": " + e, e);
    }
  }

  private <C extends Collection<Object>> C readElements(JsonParser p, C into) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      into.add(read(p, token));
    }
    return into;
  }

  private Map<Object, Object> readMap(JsonParser p, Map<Object, Object> into) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      into.put(read(p, token), read(p, p.nextToken()));
    }
    return into;
  }

  private Object readEnum(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    Class<?> type = records.allowedClass(p.nextTextValue(), true);
    String name = p.nextTextValue();
    p.nextToken();
    expect(p, JsonToken.END_ARRAY);
    if (!type.isEnum()) {
      throw new SerializationException(type.getName() + " is not an enum");
    }
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new SerializationException(type.getName() + " has no constant '" + name + "'");
  }

  private Object readRecord(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY);
    Class<?> type = records.allowedClass(p.nextTextValue(), false);
    if (!type.isRecord()) {
      throw new SerializationException(type.getName() + " is not a record");
    }
    p.nextToken();
    expect(p, JsonToken.START_OBJECT);
    Map<String, @Nullable Object> components = new HashMap<>();
    String name;
    while ((name = p.nextFieldName()) != null) {
      components.put(name, read(p, p.nextToken()));
    }
    expect(p, JsonToken.END_OBJECT);
    p.nextToken();
    expect(p, JsonToken.END_ARRAY);
    return TaggedRecords.shapeOf(type).create(components);
  }

  private static JsonParser integral(JsonParser p) {
    expect(p, JsonToken.VALUE_NUMBER_INT);
    return p;
  }

  private static void expect(JsonParser p, JsonToken expected) {
    if (p.currentToken() != expected) {
      throw new SerializationException("expected " + expected + " but found "
          + p.currentToken() + " at " + p.currentLocation().getCharOffset());
    }
  }
}
