/**
 * The backend SPI ({@link io.cachette.backend.Backend}, {@link io.cachette.backend.AsyncBackend},
 * {@link io.cachette.backend.BackendProvider}), {@link io.cachette.backend.Backends#fromUrl(String)},
 * and the backends that ship with the core: {@code memory://}, {@code dummy://} and {@code file://}.
 */
@NullMarked
package io.cachette.backend;

import org.jspecify.annotations.NullMarked;
