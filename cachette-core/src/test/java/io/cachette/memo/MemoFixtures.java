package io.cachette.memo;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** A small user service, memoized in the tests, that counts how often each method really runs. */
final class MemoFixtures {
  private MemoFixtures() {}

  record User(int id, String name) {}

  record Order(String id, long cents) {}

  /** The readable key prefix of {@link Users} methods. */
  static final String USERS = "io.cachette.memo.MemoFixtures$Users";

  interface Users {
    @Cached(namespace = "users")
    @Nullable User find(int id);

    @Cached(namespace = "users", ttl = "5m")
    @Nullable User findFor5Minutes(int id);

    @Cached(namespace = "users", ttl = "never")
    @Nullable User findForever(int id);

    @Cached(namespace = "users")
    List<User> all();

    @Cached(namespace = "orders")
    Map<String, Order> ordersOf(int userId);

    @Cached(namespace = "users")
    Optional<User> byName(String name);

    @Cached(namespace = "users", cacheNulls = true)
    @Nullable User findOrNullCached(int id);

    /** Throws IOException for a negative id. */
    @Cached(namespace = "users")
    User load(int id) throws IOException;

    @Cached(namespace = "labels", ifAbsent = true)
    String labelIfAbsent(int id);

    @Cached(namespace = "labels")
    String label(int id);

    @Cached(namespace = "users", key = IdKey.class)
    @Nullable User findByIdKey(int id);

    @Cached(namespace = "users", enabled = "false")
    @Nullable User findUncached(int id);

    @Cached(namespace = "echo", typed = true)
    String typedEcho(Object value);

    @Cached(namespace = "echo")
    String echo(Object value);

    /** Fails for a negative id. */
    @Cached(namespace = "users")
    CompletableFuture<User> findAsync(int id);

    @Cached(namespace = "users")
    CompletionStage<List<User>> allAsync();

    @Cached(namespace = "users", ttl = "5m")
    CompletableFuture<User> findAsyncFor5Minutes(int id);

    @Cached(namespace = "users")
    CompletableFuture<Optional<User>> byNameAsync(String name);

    /** Throws IllegalArgumentException for a negative id. */
    @CacheClear(namespaces = "users")
    void rename(int id, String name);

    @CacheClear(namespaces = "users", when = CacheClear.When.BEFORE)
    void renameBefore(int id, String name);

    @CacheClear(namespaces = {"users", "orders"})
    CompletableFuture<Void> renameAsync(int id, String name);

    int size();

    default String greeting(int id) {
      User user = find(id);
      return "Hello, " + (user == null ? "nobody" : user.name());
    }
  }

  /** Keys {@code id-<id>}, whatever the method. */
  static final class IdKey implements KeyGenerator {
    @Override
    public String key(String method, List<@Nullable Object> arguments) {
      return "id-" + arguments.get(0);
    }
  }

  static final class RealUsers implements Users {
    final Map<Integer, String> names = new ConcurrentHashMap<>(Map.of(1, "ada", 2, "grace", 3, "linus"));
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Runs inside find, findAsync, the label and the rename methods, before they return. */
    volatile Runnable duringCall = () -> {};
    /** What findAsync's future waits for before completing. */
    volatile CompletableFuture<?> asyncGate = CompletableFuture.completedFuture(null);

    int calls(String method) {
      AtomicInteger count = calls.get(method);
      return count == null ? 0 : count.get();
    }

    int totalCalls() {
      return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void count(String method) {
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    private @Nullable User user(int id) {
      String name = names.get(id);
      return name == null ? null : new User(id, name);
    }

    @Override
    public @Nullable User find(int id) {
      count("find");
      duringCall.run();
      return user(id);
    }

    @Override
    public @Nullable User findFor5Minutes(int id) {
      count("findFor5Minutes");
      return user(id);
    }

    @Override
    public @Nullable User findForever(int id) {
      count("findForever");
      return user(id);
    }

    @Override
    public List<User> all() {
      count("all");
      return names.keySet().stream().sorted().map(this::user).toList();
    }

    @Override
    public Map<String, Order> ordersOf(int userId) {
      count("ordersOf");
      return Map.of("o-" + userId, new Order("o-" + userId, 1999L * userId));
    }

    @Override
    public Optional<User> byName(String name) {
      count("byName");
      return names.entrySet().stream().filter(e -> e.getValue().equals(name))
          .map(e -> new User(e.getKey(), name)).findFirst();
    }

    @Override
    public @Nullable User findOrNullCached(int id) {
      count("findOrNullCached");
      return user(id);
    }

    @Override
    public User load(int id) throws IOException {
      count("load");
      if (id < 0) {
        throw new IOException("no user " + id);
      }
      return new User(id, "loaded");
    }

    @Override
    public String labelIfAbsent(int id) {
      count("labelIfAbsent");
      duringCall.run();
      return "computed-" + id;
    }

    @Override
    public String label(int id) {
      count("label");
      duringCall.run();
      return "computed-" + id;
    }

    @Override
    public @Nullable User findByIdKey(int id) {
      count("findByIdKey");
      return user(id);
    }

    @Override
    public @Nullable User findUncached(int id) {
      count("findUncached");
      return user(id);
    }

    @Override
    public String typedEcho(Object value) {
      count("typedEcho");
      return String.valueOf(value);
    }

    @Override
    public String echo(Object value) {
      count("echo");
      return String.valueOf(value);
    }

    @Override
    public CompletableFuture<User> findAsync(int id) {
      count("findAsync");
      duringCall.run();
      if (id < 0) {
        return CompletableFuture.failedFuture(new IllegalStateException("no user " + id));
      }
      return asyncGate.thenApply(ignored -> user(id));
    }

    @Override
    public CompletionStage<List<User>> allAsync() {
      count("allAsync");
      return CompletableFuture.supplyAsync(this::all);
    }

    @Override
    public CompletableFuture<User> findAsyncFor5Minutes(int id) {
      count("findAsyncFor5Minutes");
      return CompletableFuture.completedFuture(user(id));
    }

    @Override
    public CompletableFuture<Optional<User>> byNameAsync(String name) {
      count("byNameAsync");
      return CompletableFuture.supplyAsync(() -> byName(name));
    }

    @Override
    public void rename(int id, String name) {
      count("rename");
      duringCall.run();
      if (id < 0) {
        throw new IllegalArgumentException("no user " + id);
      }
      names.put(id, name);
    }

    @Override
    public void renameBefore(int id, String name) {
      count("renameBefore");
      duringCall.run();
      names.put(id, name);
    }

    @Override
    public CompletableFuture<Void> renameAsync(int id, String name) {
      count("renameAsync");
      return CompletableFuture.runAsync(() -> names.put(id, name));
    }

    @Override
    public int size() {
      count("size");
      return names.size();
    }

    @Override
    public String toString() {
      return "RealUsers" + names;
    }
  }
}
