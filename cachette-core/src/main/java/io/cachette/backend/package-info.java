/**
 * The backend SPI: {@link io.cachette.backend.Backend}, {@link io.cachette.backend.AsyncBackend},
 * {@link io.cachette.backend.LoadLock} and {@link io.cachette.backend.BackendProvider}; the rules
 * every backend shares ({@link io.cachette.backend.BackendArguments},
 * {@link io.cachette.backend.Ttls}, {@link io.cachette.backend.BackendClosedException}); and
 * {@link io.cachette.backend.Backends#fromUrl(String)}. The stores that ship with the core live in
 * {@link io.cachette.backend.memory} ({@code memory://}, {@code dummy://}) and
 * {@link io.cachette.backend.file} ({@code file://}).
 */
@NullMarked
package io.cachette.backend;

import org.jspecify.annotations.NullMarked;
