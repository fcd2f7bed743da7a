package io.cachette.serial;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cachette.SerializationException;
import java.io.IOException;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;

/** Writes values in the tagged JSON format of {@link JsonCoder}. Immutable and thread-safe. */
final class TaggedWriter {
  private final List<TagCodec<?>> codecs;
  private final TaggedRecords records;
  private final ClassValue<Optional<TagCodec<?>>> codecOf = new ClassValue<>() {
    @Override
    protected Optional<TagCodec<?>> computeValue(Class<?> type) {
      return codecs.stream().filter(c -> c.type().isAssignableFrom(type))
          .findFirst();
    }
  };

  /** @param codecs the registered codecs first, then the built-in ones: the first match wins */
  TaggedWriter(List<TagCodec<?>> codecs, TaggedRecords records) {
    this.codecs = List.copyOf(codecs);
    this.records = records;
  }

  void write(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Double d && Double.isFinite(d)) {
      g.writeNumber(d);
    } else if (value instanceof List<?> list && codecOf.get(value.getClass()).isEmpty()) {
      writeArray(g, list);
    } else {
      g.writeStartObject();
      writeTagged(g, value);
      g.writeEndObject();
    }
  }

  /** Writes the one member of a tagged value: its tag and payload. */
  private void writeTagged(JsonGenerator g, Object value) throws IOException {
    Optional<TagCodec<?>> codec = codecOf.get(value.getClass());
    if (value instanceof Long l) {
      g.writeNumberField("long", l);
    } else if (value instanceof Short s) {
      g.writeFieldName("short");
      g.writeNumber(s);
    } else if (value instanceof Byte b) {
      g.writeNumberField("byte", b);
    } else if (value instanceof Float f) {
      if (Float.isFinite(f)) {
        g.writeNumberField("float", f);
      } else {
        g.writeStringField("float", f.toString());
      }
    } else if (value instanceof Double d) {
      g.writeStringField("double", d.toString());
    } else if (value instanceof byte[] bytes) {
      g.writeFieldName("bytes");
      g.writeBinary(bytes);
    } else if (codec.isPresent()) {
      g.writeFieldName(codec.get().tag());
      write(g, codec.get().encode(value));
    } else if (value instanceof Deque<?> deque) {
      g.writeFieldName("deque");
      writeArray(g, deque);
    } else if (value instanceof SortedSet<?> set) {
      requireNaturalOrder(set.comparator(), value);
      g.writeFieldName("sortedset");
      writeArray(g, set);
    } else if (value instanceof Set<?> set) {
      g.writeFieldName("set");
      writeArray(g, set);
    } else if (value instanceof SortedMap<?, ?> map) {
      requireNaturalOrder(map.comparator(), value);
      g.writeFieldName("sortedmap");
      writeMap(g, map);
    } else if (value instanceof Map<?, ?> map) {
      g.writeFieldName("map");
      writeMap(g, map);
    } else if (value instanceof Enum<?> e) {
      g.writeFieldName("enum");
      g.writeStartArray();
      g.writeString(records.requireAllowed(e.getDeclaringClass()).getName());
      g.writeString(e.name());
      g.writeEndArray();
    } else if (value.getClass().isRecord()) {
      g.writeFieldName("record");
      writeRecord(g, value);
    } else {
      throw new SerializationException("Cannot encode a " + value.getClass().getName()
          + " as tagged JSON: not a supported type. Register it with JsonCoder.builder()"
          + ".register(type, tag, encoder, decoder), make it a record, or declare the cache's value"
          + " type so that plain JSON can be used");
    }
  }

  /** {@code ["com.example.User",{"name":"Ada","age":36}]}, components tagged recursively. */
  private void writeRecord(JsonGenerator g, Object record) throws IOException {
    g.writeStartArray();
    g.writeString(records.requireAllowed(record.getClass()).getName());
    TaggedRecords.Shape shape = TaggedRecords.shapeOf(record.getClass());
    g.writeStartObject();
    for (int i = 0; i < shape.names().length; i++) {
      g.writeFieldName(shape.names()[i]);
      write(g, shape.component(record, i));
    }
    g.writeEndObject();
    g.writeEndArray();
  }

  private void writeArray(JsonGenerator g, Collection<?> values) throws IOException {
    g.writeStartArray();
    for (Object element : values) {
      write(g, element);
    }
    g.writeEndArray();
  }

  private void writeMap(JsonGenerator g, Map<?, ?> map) throws IOException {
    g.writeStartArray();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      write(g, entry.getKey());
      write(g, entry.getValue());
    }
    g.writeEndArray();
  }

  private static void requireNaturalOrder(@Nullable Object comparator, Object value) {
    if (comparator != null) {
      throw new SerializationException("Cannot encode a " + value.getClass().getName()
          + " with a comparator as tagged JSON: a comparator is code, not data. Use natural "
          + "ordering, copy it into a LinkedHashSet / LinkedHashMap, or declare the value type");
    }
  }
}
