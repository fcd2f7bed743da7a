package io.cachette.jcache;

import io.cachette.SerializationException;
import io.cachette.serial.Serializer;
import java.nio.ByteBuffer;

/**
 * The stored form of a {@link StoredEntry} in a store-by-value cache: a format byte, the expiry
 * time, the key's bytes (length-prefixed) and the value's bytes, each written by the cache's key
 * and value serializers. Reading it back makes fresh copies, which is what store-by-value means.
 */
final class EntrySerializer implements Serializer<StoredEntry> {
  private static final byte FORMAT = 1;

  private final Serializer<Object> keys;
  private final Serializer<Object> values;

  EntrySerializer(Serializer<Object> keys, Serializer<Object> values) {
    this.keys = keys;
    this.values = values;
  }

  @Override
  public String id() {
    return "jcache(" + keys.id() + "," + values.id() + ")";
  }

  @Override
  public byte[] serialize(StoredEntry entry) {
    byte[] key = keys.serialize(entry.key());
    byte[] value = values.serialize(entry.value());
    return ByteBuffer.allocate(1 + Long.BYTES + Integer.BYTES + key.length + value.length)
        .put(FORMAT).putLong(entry.expiresAtMillis()).putInt(key.length).put(key).put(value)
        .array();
  }

  @Override
  public StoredEntry deserialize(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.remaining() < 1 + Long.BYTES + Integer.BYTES || in.get() != FORMAT) {
      throw new SerializationException("not a stored JCache entry");
    }
    long expiresAt = in.getLong();
    int keyLength = in.getInt();
    if (keyLength < 0 || keyLength > in.remaining()) {
      throw new SerializationException("a stored JCache entry with a truncated key");
    }
    byte[] key = new byte[keyLength];
    in.get(key);
    byte[] value = new byte[in.remaining()];
    in.get(value);
    return new StoredEntry(keys.deserialize(key), values.deserialize(value), expiresAt);
  }
}
