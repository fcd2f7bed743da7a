/**
 * The serializer SPI ({@link io.cachette.serial.Serializer}, {@link io.cachette.serial.Compressor}
 * and their providers), {@link io.cachette.serial.Serializers#fromUrl(String)} with {@code +}
 * chaining, and the layers in the core: {@code json}, {@code java}, {@code string}, {@code noop},
 * {@code zlib} and {@code gzip}.
 */
@NullMarked
package io.cachette.serial;

import org.jspecify.annotations.NullMarked;
