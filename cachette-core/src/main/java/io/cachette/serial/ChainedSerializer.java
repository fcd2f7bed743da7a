package io.cachette.serial;

import java.util.List;

/** A value layer followed by byte layers: compress left to right, decompress right to left. */
final class ChainedSerializer<T> implements Serializer<T> {
  private final Serializer<T> head;
  private final Compressor[] tail;
  private final String id;

  ChainedSerializer(Serializer<T> head, List<Compressor> tail) {
    this.head = head;
    this.tail = tail.toArray(new Compressor[0]);
    StringBuilder id = new StringBuilder(head.id());
    for (Compressor c : this.tail) {
      id.append('+').append(c.name());
    }
    this.id = id.toString();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] serialize(T value) {
    byte[] bytes = head.serialize(value);
    for (Compressor c : tail) {
      bytes = c.compress(bytes);
    }
    return bytes;
  }

  @Override
  public T deserialize(byte[] bytes) {
    byte[] current = bytes;
    for (int i = tail.length - 1; i >= 0; i--) {
      current = tail[i].decompress(current);
    }
    return head.deserialize(current);
  }

  @Override
  public String toString() {
    return id;
  }
}
