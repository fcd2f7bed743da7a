package io.cachette.memo;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one method or function is memoized, from its {@link Cached} annotation or its
 * {@link WrapperBuilder}, already validated.
 *
 * @param ttl how long results live; null: never expire
 */
record MemoSettings(String namespace, @Nullable Duration ttl, boolean typed,
    @Nullable KeyGenerator keyGenerator, boolean enabled, boolean ifAbsent, boolean cacheNulls) {}
