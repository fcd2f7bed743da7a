/**
 * Serializer layers that need libraries beyond the core: the {@code msgpack} value layer
 * ({@link io.cachette.codecs.MsgpackSerializerProvider}) and the {@code zstd} (alias
 * {@code zstandard}) and {@code lz4}
 * compressors ({@link io.cachette.codecs.ZstdCompressorProvider},
 * {@link io.cachette.codecs.Lz4CompressorProvider}). Putting this module on the classpath makes
 * them available to {@link io.cachette.serial.Serializers#fromUrl(String)}, for example
 * {@code msgpack+zstd://?compression-level=6} or {@code json+lz4://}.
 */
@NullMarked
package io.cachette.codecs;

import org.jspecify.annotations.NullMarked;
