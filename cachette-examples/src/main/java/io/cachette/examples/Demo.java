package io.cachette.examples;

import io.cachette.Cache;
import io.cachette.CacheStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The README demo: Cachette on embedded backends, no server needed. Run with
 * {@code java -jar cachette-examples/target/cachette-demo.jar}.
 */
public final class Demo {
  private Demo() {}

  /** A value type for the demo. */
  public record User(int id, String name, List<String> roles) {}

  /** Runs every section and prints what happens. */
  public static void main(String[] args) throws Exception {
    memoryCache();
    System.out.println();
    fileCache();
    System.out.println();
    untypedValues();
    System.out.println();
    MemoDemo.main(args);
    System.out.println();
    HttpDemo.main(args);
    ClientDemo.main(args);
    System.out.println();
    System.out.println("Demo finished.");
  }

  static void fileCache() throws Exception {
    java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("cachette-demo");
    String url = "file://" + folder.toAbsolutePath();
    System.out.println("== " + url + " with json+zstd (survives restarts; one file per key)");
    try (Cache<User> users = Cache.builder(User.class).backend(url)
        .serializer("json+zstd://?compression-level=3").namespace("users").build()) {
      users.set("1", new User(1, "Ada", List.of("admin", "ops")), Duration.ofHours(1));
    }
    try (Cache<User> reopened = Cache.builder(User.class).backend(url)
        .serializer("json+zstd://?compression-level=3").namespace("users").build()) {
      System.out.println("after reopening, get 1 -> " + reopened.get("1").orElseThrow());
      System.out.println("async exists 1        -> " + reopened.async().exists("1").get());
      try (Cache<User> otherFormat = Cache.builder(User.class).backend(url)
          .serializer("java://").namespace("users").build()) {
        System.out.println("read by a java:// cache -> " + otherFormat.get("1")
            + " (another serializer's entry is a miss, never a wrong value)");
      }
    }
  }

  static void untypedValues() {
    System.out.println("== Cache<Object> with json: JDK types round-trip through type tags");
    try (Cache<Object> any = Cache.builder(Object.class).backend("memory://")
        .serializer("json://").build()) {
      Object value = Map.of("when", java.time.LocalDate.of(2026, 11, 22),
          "id", java.util.UUID.fromString("00000000-0000-0000-0000-000000000042"),
          "amount", new java.math.BigDecimal("12.50"));
      any.set("mixed", value);
      Map<?, ?> back = (Map<?, ?>) any.getRequired("mixed");
      back.forEach((k, v) -> System.out.println("  " + k + " -> " + v + " ("
          + v.getClass().getSimpleName() + ")"));
    }
  }

  static void memoryCache() {
    System.out.println("== memory:// cache with a default TTL");
    try (Cache<User> users = Cache.builder(User.class)
        .backend("memory://?max-size=10000")
        .namespace("users")
        .defaultTtl(Duration.ofMinutes(5))
        .build()) {
      users.set("1", new User(1, "Ada", List.of("admin")));
      System.out.println("get 1        -> " + users.get("1").orElseThrow());
      System.out.println("setIfAbsent  -> " + users.setIfAbsent("1", new User(1, "Other", List.of())));
      users.setMany(Map.of("2", new User(2, "Grace", List.of()), "3", new User(3, "Linus", List.of())));
      System.out.println("getMany      -> " + users.getMany(List.of("1", "2", "404")).keySet());

      AtomicInteger loads = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        users.get("7", key -> {
          loads.incrementAndGet();
          return new User(7, "Loaded " + key, List.of());
        });
      }
      System.out.println("loader calls for 3 gets of a missing key -> " + loads.get());
      System.out.println("delete 2     -> " + users.delete("2") + ", again -> " + users.delete("2"));
      CacheStats stats = users.stats();
      System.out.printf("stats        -> hits=%d misses=%d loads=%d%n",
          stats.hitCount(), stats.missCount(), stats.loadSuccessCount());
    }
  }
}
