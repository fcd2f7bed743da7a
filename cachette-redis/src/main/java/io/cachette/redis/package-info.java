/**
 * The Redis backend on Lettuce: {@code redis://}, {@code rediss://} (TLS), {@code redis+unix://},
 * {@code redis-sentinel://} and {@code redis-cluster://}, with a native async face and an optional
 * cross-process load lease. Start with {@link io.cachette.redis.RedisBackend}.
 */
@NullMarked
package io.cachette.redis;

import org.jspecify.annotations.NullMarked;
