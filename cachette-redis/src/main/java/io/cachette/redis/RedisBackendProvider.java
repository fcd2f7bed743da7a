package io.cachette.redis;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.url.CacheUrl;
import java.util.Set;

/**
 * Opens Redis backends by URL (registered with {@link java.util.ServiceLoader}):
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]} — one server, port 6379 and db 0 by
 *       default;</li>
 *   <li>{@code rediss://...} — the same over TLS, with {@code verify-peer=full|ca|none} (default
 *       full) and {@code ca-cert=/path/ca.pem} (trusted CAs, PEM; default the JVM's);</li>
 *   <li>{@code redis+unix:///path/to/redis.sock[?db=N]} — a unix socket ({@code :password@} before
 *       the path if needed);</li>
 *   <li>{@code redis-sentinel://[:password@]host1:26379,host2:26379[/db]?master=name} — the master
 *       that the sentinels name, followed across failovers;</li>
 *   <li>{@code redis-cluster://[:password@]host1:7000,host2:7001} — a Redis Cluster from seed
 *       nodes.</li>
 * </ul>
 * Parameters of every scheme: {@code timeout} (per operation, default 2s), {@code client-name},
 * {@code prefix} (key prefix, ahead of each cache's namespace), {@code load-lease} (turns on the
 * cross-process load lease with that lease time). Unknown parameters are refused.
 */
public final class RedisBackendProvider implements BackendProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss", "redis+unix", "redis-sentinel", "redis-cluster");
  }

  /**
   * Opens the backend a URL names, connecting at once. A single server (not Sentinel, not
   * Cluster) that cannot be reached still opens: its operations fail until a background retry
   * connects.
   *
   * @throws IllegalArgumentException when the URL or a parameter is invalid (nothing is connected)
   * @throws io.cachette.CacheException when the server refuses the connection (password, TLS), or
   *     a Sentinel or Cluster URL's servers cannot be reached
   */
  @Override
  public Backend open(CacheUrl url) {
    return RedisEndpoint.parse(url).open();
  }
}
