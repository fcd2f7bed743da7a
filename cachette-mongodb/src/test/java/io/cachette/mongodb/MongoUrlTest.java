package io.cachette.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.Cache;
import io.cachette.CacheException;
import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The URL forms and their parameters, bad input refused with a message naming what to fix, the
 * ServiceLoader registration, and passwords kept out of descriptions, messages and logs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoUrlTest {
  private static final String SECRET = "s3cr3t-Pa55";

  @Test
  void theSchemesAreRegisteredThroughServiceLoader() {
    try (Backend mongo = Backends.fromUrl("mongodb://127.0.0.1:1/app?collection=c");
        Backend gridFs = Backends.fromUrl("gridfs://127.0.0.1:1/app?bucket=b")) {
      assertThat(mongo).isInstanceOf(MongoBackend.class);
      assertThat(mongo.describe()).startsWith("mongodb://127.0.0.1:1/app (collection c)");
      assertThat(gridFs).isInstanceOf(GridFsBackend.class);
      assertThat(gridFs.describe()).isEqualTo("gridfs://127.0.0.1:1/app (bucket b)");
    }
  }

  @Test
  void defaultsAreTheCachetteDatabaseCollectionAndBucket() {
    try (Backend mongo = Backends.fromUrl("mongodb://h1:27017,h2:27018");
        Backend gridFs = Backends.fromUrl("gridfs://localhost/")) {
      assertThat(mongo.describe()).startsWith("mongodb://h1:27017,h2:27018/cachette (collection"
          + " cachette)");
      assertThat(gridFs.describe()).isEqualTo("gridfs://localhost/cachette (bucket cachette)");
    }
  }

  @Test
  void driverOptionsPassThroughAndOurOwnAreRead() {
    try (Backend mongo = Backends.fromUrl("mongodb://localhost/app?appName=cachette-test"
        + "&maxPoolSize=5&retryWrites=false&timeout=250ms&async-threads=2&create-index=false")) {
      assertThat(mongo).isInstanceOf(MongoBackend.class);
    }
  }

  @Test
  void badUrlsAndParametersAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> Backends.fromUrl("mongodb:///app"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no host");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb://localhost/app?colection=x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colection")
        .hasMessageContaining("collection");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb://localhost/app?bucket=x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket");
    assertThatThrownBy(() -> Backends.fromUrl("gridfs://localhost/app?collection=x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collection");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb://localhost/app?timeout=soon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb://localhost/app?async-threads=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("async-threads");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb://localhost/app?create-index=maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("create-index");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb://localhost/my.app"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database name");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb://localhost/app?collection=a$b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collection name");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb://localhost/app?maxPoolSize=many"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid MongoDB URL");
    assertThatThrownBy(() -> Backends.fromUrl("mongodb+srv://h1,h2/app"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid MongoDB URL");
  }

  @Test
  void thePasswordIsNeverInTheDescriptionMessagesOrLogs() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    TestMongo.InProcess server = new TestMongo.InProcess();
    try {
      server.start();
      String url = server.url().replace("mongodb://", "mongodb://app:" + SECRET + "@")
          + "/app?timeout=500ms";
      for (String scheme : new String[] {"mongodb", "gridfs"}) {
        try (Backend backend = Backends.fromUrl(url.replaceFirst("^mongodb", scheme));
            Cache<String> cache = Cache.builder(String.class).backend(backend).build()) {
          assertThat(backend.describe()).doesNotContain(SECRET).doesNotContain("app:");
          assertThat(backend.toString()).doesNotContain(SECRET);
          // The stand-in has no users: the login fails, as a wrong password would.
          Throwable failure = null;
          try {
            backend.set("k", new byte[] {1}, Duration.ofMinutes(1));
          } catch (CacheException e) {
            failure = e;
          }
          for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
          }
          assertThat(cache.get("k")).isEmpty();
          server.stop();
          assertThatThrownBy(() -> backend.get("k")).isInstanceOf(CacheException.class)
              .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
          server.start();
        }
      }
      assertThatThrownBy(() -> Backends.fromUrl("mongodb://app:" + SECRET
          + "@localhost/app?maxPoolSize=many")).isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    } finally {
      System.setErr(original);
      server.stop();
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).as("the driver's log of its settings was captured")
        .contains("MongoClient with metadata").contains("credential=");
    assertThat(log).doesNotContain(SECRET);
  }
}
