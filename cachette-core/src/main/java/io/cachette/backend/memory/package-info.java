/**
 * The in-process stores that ship with the core: {@code memory://}
 * ({@link io.cachette.backend.memory.MemoryBackend}, on Caffeine) and {@code dummy://}
 * ({@link io.cachette.backend.memory.DummyBackend}, which stores nothing).
 */
@NullMarked
package io.cachette.backend.memory;

import org.jspecify.annotations.NullMarked;
