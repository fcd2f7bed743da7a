package io.cachette.redis;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The codec of the connections Cachette opens: String keys written as {@code <key prefix><UTF-8
 * key>}, {@code byte[]} values as they are. Writing the prefix here, straight into Netty's buffer,
 * spares a String per key per call; keys read back (from SCAN) lose the prefix again, so they can
 * be handed back to UNLINK. Cluster slots are computed on the encoded key, prefix included.
 */
final class RedisKeyCodec implements RedisCodec<String, byte[]>, ToByteBufEncoder<String, byte[]> {
  private final byte[] prefix;

  RedisKeyCodec(String keyPrefix) {
    this.prefix = keyPrefix.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void encodeKey(String key, ByteBuf target) {
    target.writeBytes(prefix);
    ByteBufUtil.writeUtf8(target, key);
  }

  @Override
  public void encodeValue(byte @Nullable [] value, ByteBuf target) {
    if (value != null) {
      target.writeBytes(value);
    }
  }

  /**
   * The exact encoded size, so that Lettuce writes each argument straight into its output buffer
   * (with an estimate it would encode into a temporary buffer first).
   */
  @Override
  public int estimateSize(Object keyOrValue) {
    if (keyOrValue instanceof byte[] bytes) {
      return bytes.length;
    }
    if (keyOrValue instanceof String key) {
      return prefix.length + ByteBufUtil.utf8Bytes(key);
    }
    return 0;
  }

  @Override
  public boolean isEstimateExact() {
    return true;
  }

  @Override
  public ByteBuffer encodeKey(String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(prefix.length + utf8.length);
    return buffer.put(prefix).put(utf8).flip();
  }

  @Override
  public ByteBuffer encodeValue(byte @Nullable [] value) {
    return value == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(value);
  }

  @Override
  public String decodeKey(ByteBuffer bytes) {
    ByteBuffer key = bytes.duplicate();
    if (startsWithPrefix(key)) {
      key.position(key.position() + prefix.length);
    }
    return StandardCharsets.UTF_8.decode(key).toString();
  }

  @Override
  public byte[] decodeValue(ByteBuffer bytes) {
    byte[] value = new byte[bytes.remaining()];
    bytes.duplicate().get(value);
    return value;
  }

  private boolean startsWithPrefix(ByteBuffer key) {
    if (key.remaining() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key.get(key.position() + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
