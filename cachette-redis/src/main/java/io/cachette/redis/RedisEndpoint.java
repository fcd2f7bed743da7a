package io.cachette.redis;

import io.cachette.CacheException;
import io.cachette.url.CacheUrl;
import io.cachette.url.CacheUrl.HostAndPort;
import io.cachette.url.UrlParams;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.File;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * A Redis URL, parsed and checked, ready to connect: which topology, the Lettuce {@link RedisURI}s,
 * and the backend's own settings. Parsing never connects, so every URL mistake is reported before
 * any network traffic.
 */
final class RedisEndpoint {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final int DEFAULT_PORT = 6379;
  static final int DEFAULT_SENTINEL_PORT = 26379;

  /**
   * Reconnection after a connection drops: quick first attempts, then one a second at most, so a
   * restarted server is found again within about a second.
   */
  private static final Delay RECONNECT_DELAY =
      Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

  /** How often a backend opened while its server was unreachable tries to connect again. */
  static final Duration RETRY_CONNECT_EVERY = Duration.ofSeconds(1);

  /** How the servers are laid out. */
  enum Topology { STANDALONE, SENTINEL, CLUSTER }

  final Topology topology;
  /** The server (standalone; for Sentinel it lists the sentinels) or the cluster's seed nodes. */
  final List<RedisURI> uris;
  final String keyPrefix;
  final Duration timeout;
  final @Nullable Duration loadLease;
  final @Nullable File caCertificates;
  /** The URL without its password, for logs and errors. */
  final String description;

  private RedisEndpoint(Topology topology, List<RedisURI> uris, String keyPrefix,
      Duration timeout, @Nullable Duration loadLease, @Nullable File caCertificates,
      String description) {
    this.topology = topology;
    this.uris = List.copyOf(uris);
    this.keyPrefix = keyPrefix;
    this.timeout = timeout;
    this.loadLease = loadLease;
    this.caCertificates = caCertificates;
    this.description = description;
  }

  /**
   * Parses and checks a Redis URL of any of the provider's schemes.
   *
   * @throws IllegalArgumentException naming what is wrong and how to write it instead
   */
  static RedisEndpoint parse(CacheUrl url) {
    UrlParams params = url.params();
    Duration timeout = Objects.requireNonNull(params.duration("timeout", DEFAULT_TIMEOUT));
    String clientName = params.string("client-name");
    String keyPrefix = params.string("prefix", "");
    Duration loadLease = params.duration("load-lease", null);
    String scheme = url.scheme();
    Topology topology;
    List<RedisURI> uris = new ArrayList<>();
    File caCertificates = null;
    String where;
    switch (scheme) {
      case "redis", "rediss" -> {
        topology = Topology.STANDALONE;
        if (url.hosts().size() > 1) {
          throw bad(url, scheme + ":// takes one host; for several, write redis-cluster://h1:7000,"
              + "h2:7001 or redis-sentinel://h1:26379,h2:26379/0?master=mymaster");
        }
        HostAndPort host = url.hosts().isEmpty()
            ? new HostAndPort("localhost", HostAndPort.NO_PORT) : url.hosts().get(0);
        int db = databaseFromPath(url);
        RedisURI uri = RedisURI.Builder.redis(hostName(url, host), host.portOr(DEFAULT_PORT))
            .withDatabase(db).build();
        if (scheme.equals("rediss")) {
          uri.setSsl(true);
          String verify = params.choice("verify-peer", "full", Set.of("full", "ca", "none"));
          uri.setVerifyPeer(SslVerifyMode.valueOf(verify.toUpperCase(Locale.ROOT)));
          caCertificates = readableFile(url, "ca-cert", params.string("ca-cert"));
        }
        uris.add(uri);
        where = address(host, DEFAULT_PORT) + "/" + db;
      }
      case "redis+unix" -> {
        topology = Topology.STANDALONE;
        if (!url.authority().isEmpty()) {
          throw bad(url, "redis+unix:// takes a socket path and no host: write"
              + " redis+unix:///var/run/redis/redis.sock (three slashes)");
        }
        if (url.path().isEmpty() || url.path().equals("/")) {
          throw bad(url, "the socket path is missing: write redis+unix:///var/run/redis/redis.sock");
        }
        int db = params.integer("db", 0, 0, Integer.MAX_VALUE);
        uris.add(RedisURI.Builder.socket(url.path()).withDatabase(db).build());
        where = url.path() + (db == 0 ? "" : "?db=" + db);
      }
      case "redis-sentinel" -> {
        topology = Topology.SENTINEL;
        String master = params.string("master");
        if (url.hosts().isEmpty()) {
          throw bad(url, "list the sentinels: redis-sentinel://h1:26379,h2:26379/0?master=mymaster");
        }
        if (master == null || master.isBlank()) {
          throw bad(url, "the master name is missing: add ?master=<name the sentinels monitor>");
        }
        int db = databaseFromPath(url);
        HostAndPort first = url.hosts().get(0);
        RedisURI.Builder builder = RedisURI.Builder.sentinel(hostName(url, first),
            first.portOr(DEFAULT_SENTINEL_PORT), master);
        for (HostAndPort sentinel : url.hosts().subList(1, url.hosts().size())) {
          builder.withSentinel(hostName(url, sentinel), sentinel.portOr(DEFAULT_SENTINEL_PORT));
        }
        uris.add(builder.withDatabase(db).build());
        where = addresses(url.hosts(), DEFAULT_SENTINEL_PORT) + "/" + db + "?master=" + master;
      }
      case "redis-cluster" -> {
        topology = Topology.CLUSTER;
        if (url.hosts().isEmpty()) {
          throw bad(url, "list one or more cluster nodes: redis-cluster://h1:7000,h2:7001");
        }
        if (!url.path().isEmpty() && !url.path().equals("/") && !url.path().equals("/0")) {
          throw bad(url, "Redis Cluster has only database 0: remove the path '" + url.path() + "'");
        }
        for (HostAndPort node : url.hosts()) {
          uris.add(RedisURI.Builder.redis(hostName(url, node), node.portOr(DEFAULT_PORT)).build());
        }
        where = addresses(url.hosts(), DEFAULT_PORT);
      }
      default -> throw bad(url, "not a Redis scheme; use redis://, rediss://, redis+unix://,"
          + " redis-sentinel:// or redis-cluster://");
    }
    params.rejectUnknown(scheme + "://");
    for (RedisURI uri : uris) {
      uri.setTimeout(timeout);
      if (url.password() != null) {
        uri.setCredentialsProvider(
            new StaticCredentialsProvider(url.user(), url.password().toCharArray()));
      }
      if (clientName != null && !clientName.isBlank()) {
        uri.setClientName(clientName);
      }
    }
    String user = url.user() == null ? "" : url.user() + "@";
    return new RedisEndpoint(topology, uris, keyPrefix, timeout, loadLease, caCertificates,
        scheme + "://" + user + where);
  }

  /** Connects and builds the backend, which then owns the client it made. */
  RedisBackend open() {
    RedisKeyCodec codec = new RedisKeyCodec(keyPrefix);
    RedisBackend.Connection connection = connecting(description, () ->
        topology == Topology.CLUSTER ? connectCluster(codec) : connectServer(codec));
    return new RedisBackend(connection, keyPrefix, timeout, loadLease);
  }

  private RedisBackend.Connection connectServer(RedisKeyCodec codec) {
    ClientResources resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
    RedisClient client = RedisClient.create(resources);
    return ownedBy(client, resources, () -> {
      client.setOptions(configure(ClientOptions.builder()).build());
      StatefulRedisConnection<String, byte[]> connection;
      try {
        connection = client.connect(codec, uris.get(0));
      } catch (RedisConnectionException e) {
        if (topology == Topology.SENTINEL || !unreachable(e)) {
          throw e;
        }
        RedisPendingConnection pending = new RedisPendingConnection(client, codec, uris.get(0),
            description, resources.eventExecutorGroup(), RETRY_CONNECT_EVERY, e);
        return new RedisBackend.Connection(pending, false, codec, true, description,
            resources.eventExecutorGroup(), pending::close, true);
      }
      return new RedisBackend.Connection(connection::async, false, codec, true, description,
          resources.eventExecutorGroup(), connection::close, true);
    });
  }

  private RedisBackend.Connection connectCluster(RedisKeyCodec codec) {
    ClientResources resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
    RedisClusterClient client = RedisClusterClient.create(resources, uris);
    return ownedBy(client, resources, () -> {
      ClusterClientOptions.Builder options = ClusterClientOptions.builder()
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .enablePeriodicRefresh(Duration.ofMinutes(1))
              .build());
      client.setOptions(configure(options).build());
      StatefulRedisClusterConnection<String, byte[]> connection =
          client.connect(codec);
      return new RedisBackend.Connection(connection::async, true, codec, true, description,
          resources.eventExecutorGroup(), connection::close, true);
    });
  }

  /**
   * Connects with a client made for this backend: closing the connection then shuts the client
   * and its resources down too, and so does a failure to connect.
   */
  private static RedisBackend.Connection ownedBy(AbstractRedisClient client,
      ClientResources resources, Supplier<RedisBackend.Connection> connect) {
    Runnable shutdown = () -> {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    };
    try {
      RedisBackend.Connection connection = connect.get();
      return new RedisBackend.Connection(connection.commands(), connection.cluster(),
          connection.codec(), connection.codecWritesPrefix(), connection.description(),
          connection.executors(), () -> {
            connection.closer().run();
            shutdown.run();
          }, connection.commandsTimeOut());
    } catch (RuntimeException e) {
      shutdown.run();
      throw e;
    }
  }

  /**
   * The options of the clients Cachette makes: commands time out after the timeout, and while the
   * connection is down they are refused at once (rather than queued until it comes back), so a
   * cache that fails open answers quickly; Lettuce reconnects in the background.
   */
  private <B extends ClientOptions.Builder> B configure(B options) {
    options.autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build());
    if (caCertificates != null) {
      options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(caCertificates).build());
    }
    return options;
  }

  /**
   * Whether a failure to connect means the server could not be reached at all (refused, timed out,
   * no route, unknown host, no socket file), rather than a server that answered and refused us (password, TLS).
   */
  static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException || t instanceof FileNotFoundException) {
        return true;
      }
      if (t instanceof RedisCommandExecutionException || t instanceof SSLException) {
        return false;
      }
    }
    return false;
  }

  /** The innermost message of a failure, for logs and errors. */
  static String message(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  /**
   * Runs a connecting step, reporting a failure as a {@link CacheException} that names the target
   * (never its password) and says what to check.
   */
  static <T> T connecting(String target, Supplier<T> step) {
    try {
      return step.get();
    } catch (RedisException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new CacheException("Cannot connect to " + target + ": " + cause.getMessage()
          + " (is the server running, and are the host, port, password and TLS settings right?)",
          e);
    }
  }

  static Duration checkPositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  private static int databaseFromPath(CacheUrl url) {
    String path = url.path();
    if (path.isEmpty() || path.equals("/")) {
      return 0;
    }
    String number = path.substring(1);
    if (!number.matches("\\d{1,9}")) {
      throw bad(url, "the path is the database number, such as /0 or /2, not '" + path + "'");
    }
    return Integer.parseInt(number);
  }

  private static String hostName(CacheUrl url, HostAndPort host) {
    if (host.host().isEmpty()) {
      throw bad(url, "a host name is missing before ':" + host.port() + "'");
    }
    return host.host();
  }

  private static @Nullable File readableFile(CacheUrl url, String parameter,
      @Nullable String path) {
    if (path == null) {
      return null;
    }
    File file = new File(path);
    if (!file.isFile() || !file.canRead()) {
      throw new IllegalArgumentException("Parameter '" + parameter + "' in '" + url
          + "' names '" + path + "', which is not a readable file: give the path of a PEM file"
          + " of trusted CA certificates");
    }
    return file;
  }

  private static String address(HostAndPort host, int defaultPort) {
    String name = host.host().indexOf(':') >= 0 ? "[" + host.host() + "]" : host.host();
    return name + ":" + host.portOr(defaultPort);
  }

  private static String addresses(List<HostAndPort> hosts, int defaultPort) {
    return hosts.stream().map(h -> address(h, defaultPort)).collect(Collectors.joining(","));
  }

  private static IllegalArgumentException bad(CacheUrl url, String why) {
    return new IllegalArgumentException("Invalid Redis URL '" + url + "': " + why);
  }
}
