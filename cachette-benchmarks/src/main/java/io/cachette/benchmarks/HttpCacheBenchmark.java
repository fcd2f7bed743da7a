package io.cachette.benchmarks;

import com.github.mizosoft.methanol.HttpCache;
import com.github.mizosoft.methanol.Methanol;
import com.sun.net.httpserver.HttpServer;
import io.cachette.http.CacheStatus;
import io.cachette.http.CachedHttpClient;
import io.cachette.http.CachedResponses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.cache.CacheResponseStatus;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.client5.http.impl.cache.CachingHttpClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of a fresh cache hit, the same run, the same local origin and payload (2 KB JSON,
 * {@code Cache-Control: max-age=3600}, an ETag): {@link CachedHttpClient} on {@code memory://} and
 * on {@code sqlite://}, OkHttp's {@code Cache} (disk), Apache HttpClient 5's caching client
 * (memory) and Methanol's {@code HttpCache} (disk), next to an uncached request with the JDK client.
 * Each client reads the whole body as bytes; the {@code paired*} groups run Cachette and its rival
 * side by side. The setup checks that each cache answers from itself
 * (the origin counts one request per cache).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpCacheBenchmark {
  private HttpServer origin;
  private ExecutorService originThreads;
  private final AtomicInteger originRequests = new AtomicInteger();
  private Path folder;
  private URI uri;
  private HttpRequest request;
  private HttpClient plain;
  private CachedHttpClient cachetteMemory;
  private CachedHttpClient cachetteSqlite;
  private OkHttpClient okhttp;
  private Cache okhttpCache;
  private CloseableHttpClient apache;
  private Methanol methanol;
  private HttpCache methanolCache;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] payload = payload();
    // Without TCP_NODELAY the JDK server's replies wait out delayed ACKs (about 40 ms a request),
    // which would make the uncached request measure the kernel, not the client.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    originThreads = Executors.newFixedThreadPool(2);
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.setExecutor(originThreads);
    origin.createContext("/item", exchange -> {
      originRequests.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
      exchange.getResponseHeaders().add("ETag", "\"item-1\"");
      exchange.sendResponseHeaders(200, payload.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(payload);
      }
    });
    origin.start();
    uri = URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + "/item");
    request = HttpRequest.newBuilder(uri).build();
    folder = Files.createTempDirectory("cachette-http-bench");

    plain = HttpClient.newHttpClient();
    cachetteMemory = CachedHttpClient.builder().backend("memory://").cacheControl(true).build();
    cachetteSqlite = CachedHttpClient.builder()
        .backend("sqlite://" + folder.resolve("cachette.sqlite").toAbsolutePath())
        .cacheControl(true).build();
    okhttpCache = new Cache(folder.resolve("okhttp").toFile(), 64L << 20);
    okhttp = new OkHttpClient.Builder().cache(okhttpCache).build();
    apache = CachingHttpClients.custom()
        .setCacheConfig(CacheConfig.custom().setMaxObjectSize(1 << 20).setSharedCache(false).build())
        .build();
    methanolCache = HttpCache.newBuilder().cacheOnDisk(folder.resolve("methanol"), 64L << 20).build();
    methanol = Methanol.newBuilder().cache(methanolCache).build();

    // One request each fills the caches; the second must not reach the origin.
    for (int round = 0; round < 2; round++) {
      cachetteMemoryHit();
      cachetteSqliteHit();
      okhttpDiskHit();
      apacheMemoryHit();
      methanolDiskHit();
    }
    if (originRequests.get() != 5) {
      throw new IllegalStateException("expected each cache to ask the origin once, the origin saw "
          + originRequests.get() + " requests");
    }
    HttpResponse<byte[]> check = cachetteSqlite.send(request, BodyHandlers.ofByteArray());
    if (CachedResponses.of(check).status() != CacheStatus.HIT) {
      throw new IllegalStateException("CachedHttpClient on SQLite did not hit");
    }
    HttpCacheContext context = HttpCacheContext.create();
    apache.execute(new HttpGet(uri), context, r -> EntityUtils.toByteArray(r.getEntity()));
    if (context.getCacheResponseStatus() != CacheResponseStatus.CACHE_HIT) {
      throw new IllegalStateException("Apache's cache did not hit: " + context.getCacheResponseStatus());
    }
  }

  private static byte[] payload() {
    StringBuilder json = new StringBuilder("{\"items\":[");
    int i = 0;
    while (json.length() < 2000) {
      json.append(i == 0 ? "" : ",").append("{\"id\":").append(i)
          .append(",\"name\":\"item number ").append(i).append("\",\"ok\":true}");
      i++;
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cachetteMemory.close();
    cachetteSqlite.close();
    okhttp.dispatcher().executorService().shutdown();
    okhttp.connectionPool().evictAll();
    okhttpCache.close();
    apache.close();
    methanolCache.close();
    origin.stop(0);
    originThreads.shutdownNow();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  public byte[] cachetteMemoryHit() throws IOException, InterruptedException {
    return cachetteMemory.send(request, BodyHandlers.ofByteArray()).body();
  }

  @Benchmark
  public byte[] cachetteSqliteHit() throws IOException, InterruptedException {
    return cachetteSqlite.send(request, BodyHandlers.ofByteArray()).body();
  }

  @Benchmark
  public byte[] okhttpDiskHit() throws IOException {
    try (Response response = okhttp.newCall(new Request.Builder().url(uri.toString()).build())
        .execute()) {
      return response.body().bytes();
    }
  }

  @Benchmark
  public byte[] apacheMemoryHit() throws IOException {
    return apache.execute(new HttpGet(uri), r -> EntityUtils.toByteArray(r.getEntity()));
  }

  @Benchmark
  public byte[] methanolDiskHit() throws IOException, InterruptedException {
    return methanol.send(request, BodyHandlers.ofByteArray()).body();
  }

  // The paired groups run two clients at the same time, one thread each: on a shared machine,
  // whose load drifts between one benchmark and the next, their ratio is the steadier number.

  @Benchmark
  @Group("pairedMemory")
  @GroupThreads(1)
  public byte[] pairedMemoryCachette() throws IOException, InterruptedException {
    return cachetteMemoryHit();
  }

  @Benchmark
  @Group("pairedMemory")
  @GroupThreads(1)
  public byte[] pairedMemoryApache() throws IOException {
    return apacheMemoryHit();
  }

  @Benchmark
  @Group("pairedDisk")
  @GroupThreads(1)
  public byte[] pairedDiskCachetteSqlite() throws IOException, InterruptedException {
    return cachetteSqliteHit();
  }

  @Benchmark
  @Group("pairedDisk")
  @GroupThreads(1)
  public byte[] pairedDiskOkhttp() throws IOException {
    return okhttpDiskHit();
  }

  @Benchmark
  public byte[] uncachedJdkClient() throws IOException, InterruptedException {
    return plain.send(request, BodyHandlers.ofByteArray()).body();
  }
}
