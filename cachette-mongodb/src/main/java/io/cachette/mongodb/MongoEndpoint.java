package io.cachette.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.cachette.CacheException;
import io.cachette.backend.Backend;
import io.cachette.url.CacheUrl;
import io.cachette.url.UrlParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code mongodb://}, {@code mongodb+srv://}, {@code gridfs://} or {@code gridfs+srv://}
 * URL: the driver's connection string (which alone holds the password), the names of the database
 * and of the collection or bucket, and the backend options. Immutable.
 */
final class MongoEndpoint {
  /** The database, collection and bucket used when a URL names none. */
  static final String DEFAULT_NAME = "cachette";
  /** The server selection, connect and read timeout of a backend opened by URL. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The MongoDB connection string options a URL may carry besides Cachette's own (lower case, as
   * URL parameter names are read); the driver checks their values.
   */
  static final Set<String> DRIVER_OPTIONS = Set.of("appname", "authmechanism",
      "authmechanismproperties", "authsource", "compressors", "connecttimeoutms",
      "directconnection", "heartbeatfrequencyms", "journal", "loadbalanced", "localthresholdms",
      "maxconnecting", "maxidletimems", "maxlifetimems", "maxpoolsize", "maxstalenessseconds",
      "minpoolsize", "readconcernlevel", "readpreference", "readpreferencetags", "replicaset",
      "retryreads", "retrywrites", "serverselectiontimeoutms", "sockettimeoutms", "srvmaxhosts",
      "srvservicename", "ssl", "tls", "tlsallowinvalidcertificates", "tlsallowinvalidhostnames",
      "tlsinsecure", "w", "waitqueuetimeoutms", "wtimeoutms", "zlibcompressionlevel");

  private final boolean gridFs;
  private final ConnectionString connectionString;
  private final String name;
  private final String database;
  private final @Nullable String collection;
  private final boolean createIndex;
  private final Duration timeout;
  private final int asyncThreads;

  private MongoEndpoint(boolean gridFs, ConnectionString connectionString, String name,
      String database, @Nullable String collection, boolean createIndex, Duration timeout,
      int asyncThreads) {
    this.gridFs = gridFs;
    this.connectionString = connectionString;
    this.name = name;
    this.database = database;
    this.collection = collection;
    this.createIndex = createIndex;
    this.timeout = timeout;
    this.asyncThreads = asyncThreads;
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException naming what is wrong (a missing host, a bad database or
   *     collection name, an unknown or invalid parameter); never quoting the password
   */
  static MongoEndpoint parse(CacheUrl url) {
    String scheme = url.scheme();
    boolean gridFs = scheme.startsWith("gridfs");
    boolean srv = scheme.endsWith("+srv");
    String what = scheme + "://";
    if (url.authority().isEmpty()) {
      throw new IllegalArgumentException("'" + url + "' names no host: write " + what
          + "host[:port][,host2...]/database, such as " + what + "localhost:27017/myapp");
    }
    String path = url.path();
    String database = path.isEmpty() || path.equals("/") ? DEFAULT_NAME : path.substring(1);
    checkDatabase(database);

    UrlParams params = url.params();
    Duration timeout = Objects.requireNonNull(params.duration("timeout", DEFAULT_TIMEOUT));
    int asyncThreads = params.integer("async-threads", MongoStoreOptions.DEFAULT_ASYNC_THREADS, 1,
        MongoStoreOptions.MAX_ASYNC_THREADS);
    String collection;
    boolean createIndex = true;
    if (gridFs) {
      collection = checkCollection("bucket", params.string("bucket", DEFAULT_NAME));
    } else {
      collection = checkCollection("collection", params.string("collection", DEFAULT_NAME));
      createIndex = params.bool("create-index", true);
    }
    Map<String, String> driverOptions = new LinkedHashMap<>();
    for (String option : params.asMap().keySet()) {
      if (DRIVER_OPTIONS.contains(option)) {
        driverOptions.put(option, Objects.requireNonNull(params.string(option)));
      }
    }
    params.rejectUnknown(what + " (besides Cachette's parameters, the MongoDB connection string"
        + " options " + new TreeSet<>(DRIVER_OPTIONS) + ")");

    StringBuilder text = new StringBuilder(srv ? "mongodb+srv://" : "mongodb://");
    String user = url.user();
    String password = url.password();
    if (user != null) {
      text.append(encode(user));
      if (password != null) {
        text.append(':').append(encode(password));
      }
      text.append('@');
    }
    text.append(url.authority()).append('/').append(encode(database));
    char separator = '?';
    for (Map.Entry<String, String> option : driverOptions.entrySet()) {
      text.append(separator).append(option.getKey()).append('=')
          .append(encode(option.getValue()));
      separator = '&';
    }
    ConnectionString connectionString;
    try {
      connectionString = new ConnectionString(text.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid MongoDB URL '" + url + "': "
          + masked(e, password), e);
    } catch (MongoException e) {
      // mongodb+srv:// looks up the host's TXT record here: a DNS failure, not a bad argument.
      throw new CacheException("Could not resolve '" + url + "': " + masked(e, password), e);
    }
    String name = what + url.authority() + "/" + database;
    return new MongoEndpoint(gridFs, connectionString, name, database, collection, createIndex,
        timeout, asyncThreads);
  }

  /** Opens the backend: a client of its own (connecting in the background) and the store. */
  Backend open() {
    MongoClient client;
    try {
      long millis = timeout.toMillis();
      client = MongoClients.create(MongoClientSettings.builder()
          .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(millis,
              TimeUnit.MILLISECONDS))
          .applyToSocketSettings(socket -> socket.connectTimeout(millis, TimeUnit.MILLISECONDS)
              .readTimeout(millis, TimeUnit.MILLISECONDS))
          // Options given in the URL win over the timeout above.
          .applyConnectionString(connectionString)
          .build());
    } catch (MongoException e) {
      throw new CacheException("Could not open " + name + ": " + e.getMessage(), e);
    }
    try {
      if (gridFs) {
        return GridFsBackend.owning(client, database, name)
            .bucket(Objects.requireNonNull(collection)).asyncThreads(asyncThreads).build();
      }
      return MongoBackend.owning(client, database, name)
          .collection(Objects.requireNonNull(collection)).createIndex(createIndex)
          .asyncThreads(asyncThreads).build();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Checks a database name as MongoDB does: 1 to 63 characters, none of {@code /\. "$*<>:|?}
   * and no NUL.
   *
   * @return the name
   */
  static String checkDatabase(String database) {
    Objects.requireNonNull(database, "database");
    if (database.isEmpty() || database.length() > 63 || database.matches(".*[/\\\\. \"$*<>:|?\0].*")) {
      throw new IllegalArgumentException("Invalid MongoDB database name '" + database
          + "': use 1 to 63 characters without / \\ . space \" $ * < > : | ? (such as myapp)");
    }
    return database;
  }

  /**
   * Checks a collection or bucket name: not empty, no {@code $} or NUL, not starting with
   * {@code system.}, at most 120 characters.
   *
   * @return the name
   */
  static String checkCollection(String option, String collection) {
    Objects.requireNonNull(collection, option);
    if (collection.isEmpty() || collection.length() > 120 || collection.indexOf('$') >= 0
        || collection.indexOf('\0') >= 0 || collection.startsWith("system.")) {
      throw new IllegalArgumentException("Invalid " + option + " name '" + collection
          + "': use 1 to 120 characters without '$', not starting with 'system.' (such as"
          + " cachette)");
    }
    return collection;
  }

  /** An exception's message with the password, if it holds it, replaced by {@code ***}. */
  private static String masked(Exception e, @Nullable String password) {
    String why = String.valueOf(e.getMessage());
    if (password != null && !password.isEmpty()) {
      why = why.replace(password, "***").replace(encode(password), "***");
    }
    return why;
  }

  /** Percent-encodes what a connection string gives a meaning to; the driver decodes it. */
  private static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      if ("%@:/?#[]&=+, ".indexOf(c) >= 0) {
        out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
