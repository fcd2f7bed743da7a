package io.cachette.mongodb;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.url.CacheUrl;
import java.util.Set;

/**
 * Opens the MongoDB backends by URL (registered with {@link java.util.ServiceLoader}, so that
 * putting {@code cachette-mongodb} on the classpath makes these schemes work in
 * {@link io.cachette.backend.Backends#fromUrl(String)}):
 * <ul>
 *   <li>{@code mongodb://[user:password@]host[:port][,host2[:port]...][/database]} and
 *       {@code mongodb+srv://[user:password@]host[/database]}: a {@link MongoBackend}, one document
 *       per key in the collection {@code collection} (default {@code cachette}) of the database
 *       (default {@code cachette});</li>
 *   <li>{@code gridfs://...} and {@code gridfs+srv://...}, the same forms: a
 *       {@link GridFsBackend}, values of any size in the GridFS bucket {@code bucket} (default
 *       {@code cachette}).</li>
 * </ul>
 * Parameters: {@code timeout} (server selection, connect and read timeout; default 2s, so an
 * operation fails fast while the server is down), {@code async-threads} (the async face's pool,
 * default 16), {@code create-index} ({@code mongodb} only: the TTL index, default true), and the
 * MongoDB connection string options ({@code authSource}, {@code replicaSet}, {@code tls},
 * {@code maxPoolSize}, {@code readPreference}, {@code w}, ...), which go to the driver as they
 * are and win over {@code timeout}. Unknown parameters are refused. The backend owns the client
 * it opens and closes it with itself; the password never appears in
 * {@link Backend#describe()}, in messages or in logs.
 */
public final class MongoBackendProvider implements BackendProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("mongodb", "mongodb+srv", "gridfs", "gridfs+srv");
  }

  /**
   * Opens the backend a URL names. Nothing is sent to the server yet: a server that is down
   * fails the first operations, not the opening.
   *
   * @throws IllegalArgumentException when the URL or a parameter is invalid (nothing is opened)
   */
  @Override
  public Backend open(CacheUrl url) {
    return MongoEndpoint.parse(url).open();
  }
}
