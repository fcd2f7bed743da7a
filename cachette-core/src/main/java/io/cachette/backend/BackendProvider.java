package io.cachette.backend;

import io.cachette.url.CacheUrl;
import java.util.Set;

/**
 * Opens backends for one or more URL schemes. Implementations are listed in
 * {@code META-INF/services/io.cachette.backend.BackendProvider} and found by
 * {@link java.util.ServiceLoader}, the way JDBC drivers are: putting a backend module on the
 * classpath makes its schemes work in {@link Backends#fromUrl(String)}. A user's own backend can
 * register a scheme the same way.
 */
public interface BackendProvider {

  /** The lower-case schemes this provider opens, for example {@code redis} and {@code rediss}. */
  Set<String> schemes();

  /**
   * Opens a backend for a URL with one of {@link #schemes()}. Implementations read their parameters
   * through {@link CacheUrl#params()} and end with {@code url.params().rejectUnknown(...)}.
   *
   * @throws IllegalArgumentException when the URL or one of its parameters is invalid, with a
   *     message naming the parameter and its allowed values
   */
  Backend open(CacheUrl url);
}
