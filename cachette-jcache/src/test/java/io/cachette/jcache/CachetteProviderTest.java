package io.cachette.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the provider adds to JSR-107: backends by URL, serializers, declared caches. */
class CachetteProviderTest {
  private final CachingProvider provider =
      Caching.getCachingProvider(CachetteCachingProvider.class.getName());
  private final List<CacheManager> managers = new ArrayList<>();

  @TempDir
  Path folder;

  private CacheManager manager(String name, Properties properties) {
    CacheManager manager = provider.getCacheManager(URI.create("test://" + name),
        getClass().getClassLoader(), properties);
    managers.add(manager);
    return manager;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CachetteConfiguration<?, ?> config(Cache<?, ?> cache) {
    return (CachetteConfiguration<?, ?>) ((Cache) cache).getConfiguration(CachetteConfiguration.class);
  }

  @AfterEach
  void closeManagers() {
    managers.forEach(CacheManager::close);
  }

  @Test
  void loadAllRunsTheLoaderOnCachettesOwnThreadsNotTheCommonPool() throws Exception {
    List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(() -> new javax.cache.integration.CacheLoader<String, String>() {
          @Override
          public String load(String key) {
            threads.add(Thread.currentThread().getName());
            return "v" + key;
          }

          @Override
          public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
            threads.add(Thread.currentThread().getName());
            java.util.Map<String, String> loaded = new java.util.HashMap<>();
            keys.forEach(key -> loaded.put(key, "v" + key));
            return loaded;
          }
        });
    Cache<String, String> cache = manager("load-all", new Properties())
        .createCache("c", configuration);
    javax.cache.integration.CompletionListenerFuture done =
        new javax.cache.integration.CompletionListenerFuture();

    cache.loadAll(java.util.Set.of("1", "2"), false, done);
    done.get(10, TimeUnit.SECONDS);

    assertThat(cache.get("1")).isEqualTo("v1");
    assertThat(threads).isNotEmpty()
        .allSatisfy(name -> assertThat(name).startsWith("cachette-jcache-load-all-"));
  }

  @Test
  void theServiceLoaderFindsTheProvider() {
    assertThat(Caching.getCachingProviders(getClass().getClassLoader()))
        .anyMatch(found -> found instanceof CachetteCachingProvider);
  }

  @Test
  void aCacheOnAFileBackendIsSeenByAnotherManagerOnTheSameFolder() {
    String backend = "file://" + folder.toAbsolutePath();
    Cache<String, String> writer = manager("a", new Properties()).createCache("users",
        new CachetteConfiguration<String, String>().backend(backend).namespace("users")
            .setTypes(String.class, String.class));
    writer.put("42", "Ada");

    Cache<String, String> reader = manager("b", new Properties()).createCache("users",
        new CachetteConfiguration<String, String>().backend(backend).namespace("users")
            .setTypes(String.class, String.class));

    assertThat(reader.get("42")).isEqualTo("Ada");
    assertThat(folder).isNotEmptyDirectory();
  }

  @Test
  void unwrapGivesTheCachetteCacheBeneathWithStringKeysAsTheyAre() {
    Cache<String, String> cache = manager("unwrap", new Properties()).createCache("c",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("plain-key", "v");

    io.cachette.Cache<?> beneath = cache.unwrap(io.cachette.Cache.class);

    assertThat(beneath.exists("plain-key")).isTrue();
    assertThat(beneath.namespace()).isEqualTo("c");
  }

  @Test
  void stringKeysWithUnpairedSurrogatesWorkOnEveryRoute() {
    for (boolean byValue : new boolean[] {false, true}) {
      Cache<String, String> cache = manager("surrogates-" + byValue, new Properties())
          .createCache("c", new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class).setStoreByValue(byValue));
      String broken = "a\uD800b";  // no UTF-8 form: stored under its encoded form
      assertThat(cache.get(broken)).isNull();
      cache.put(broken, "v");
      cache.put("a", "plain");
      assertThat(cache.get(broken)).isEqualTo("v");
      assertThat(cache.get("a")).isEqualTo("plain");
      assertThat(cache.containsKey(broken)).isTrue();
      assertThat(cache.getAndRemove(broken)).isEqualTo("v");
      assertThat(cache.get(broken)).isNull();
      assertThat(cache.unwrap(io.cachette.Cache.class).exists("a")).isTrue();
    }
  }

  @Test
  void integerLongAndUuidKeysAreWrittenAsShortTextsAndNeverMeetEachOther() {
    KeyCodec any = new KeyCodec(Object.class);
    java.util.UUID id = java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(any.encode(42)).isEqualTo("i:42");
    assertThat(any.encode(-42L)).isEqualTo("l:-42");
    assertThat(any.encode(id)).isEqualTo("u:123e4567-e89b-12d3-a456-426614174000");
    assertThat(any.encode("42")).startsWith("j:"); // a string in a cache of any keys
    assertThat(new KeyCodec(Integer.class).encodeForLookup(7)).isEqualTo("i:7");
    for (boolean byValue : new boolean[] {false, true}) {
      String name = "ids-" + byValue;
      Cache<Object, String> cache = manager(name, new Properties()).createCache(name,
          new MutableConfiguration<Object, String>().setStoreByValue(byValue));
      cache.clear(); // the default backend may be a shared folder (cachette.default.backend)
      cache.put(1, "int");
      cache.put(1L, "long");
      cache.put("1", "string");
      cache.put("i:1", "shaped string");
      cache.put(id, "uuid");
      cache.put(id.toString(), "uuid string");
      assertThat(cache.get(1)).isEqualTo("int");
      assertThat(cache.get(1L)).isEqualTo("long");
      assertThat(cache.get("1")).isEqualTo("string");
      assertThat(cache.get("i:1")).isEqualTo("shaped string");
      assertThat(cache.get(id)).isEqualTo("uuid");
      assertThat(cache.get(java.util.UUID.fromString(id.toString()))).isEqualTo("uuid");
      assertThat(cache.get(id.toString())).isEqualTo("uuid string");
      assertThat(cache.get(2)).isNull();
      assertThat(cache.getAndRemove(1)).isEqualTo("int");
      assertThat(cache.get(1L)).isEqualTo("long");
      assertThat(cache.get(1)).isNull();
    }
  }

  @Test
  void onlyTheFormsEncodeWritesHaveKeyObjects() {
    java.util.UUID id = java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    KeyCodec any = new KeyCodec(Object.class);
    for (Object key : List.of(0, 42, -42, Integer.MIN_VALUE, Integer.MAX_VALUE, 0L, -7L,
        Long.MIN_VALUE, Long.MAX_VALUE, id)) {
      String text = any.encode(key);
      assertThat(KeyCodec.OBJECTS.objectOf(text)).isEqualTo(key);
      assertThat(KeyCodec.OBJECTS.keyOf(key)).isEqualTo(text);
    }
    for (String text : List.of("i:", "i:-", "i:+1", "i:01", "i:-0", "i:00", "i:1x", "i:2147483648",
        "l:9223372036854775808", "l:", "u:123E4567-E89B-12D3-A456-426614174000", "u:1-1-1-1-1",
        "u:x", "j:AAAA", "x", "", "42", "i42")) {
      assertThat(KeyCodec.OBJECTS.objectOf(text)).as(text).isNull();
    }
    assertThatThrownBy(() -> KeyCodec.OBJECTS.keyOf("i:1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idKeysAreKeptAsTheObjectsThemselvesInTheCachesOwnMemoryStore() {
    java.util.UUID id = java.util.UUID.randomUUID();
    for (boolean byValue : new boolean[] {false, true}) {
      CacheManager manager = manager("objects-" + byValue, new Properties());
      CachetteConfiguration<Object, String> config =
          new CachetteConfiguration<Object, String>().backend("memory://").namespace("ids");
      config.setStoreByValue(byValue);
      Cache<Object, String> cache = manager.createCache("ids", config);
      cache.put(42, "int");
      cache.put(42L, "long");
      cache.put(id, "uuid");
      cache.put("i:42", "string");
      java.util.concurrent.ConcurrentMap<Object, Object> entries =
          ((CachetteJCache<?, ?>) cache.unwrap(CachetteJCache.class)).directEntries();
      assertThat(entries).isNotNull();
      assertThat(entries.get(42)).isInstanceOf(StoredEntry.class);
      assertThat(entries.get(42L)).isInstanceOf(StoredEntry.class);
      assertThat(entries.get(id)).isInstanceOf(StoredEntry.class);
      assertThat(entries.get("i:42")).isNull();
      assertThat(entries).hasSize(4);

      // Read by every route, and seen as strings by the Cachette cache beneath.
      assertThat(cache.get(42)).isEqualTo("int");
      assertThat(cache.get(Integer.valueOf(42))).isEqualTo("int");
      assertThat(cache.get(42L)).isEqualTo("long");
      assertThat(cache.get(id)).isEqualTo("uuid");
      assertThat(cache.get("i:42")).isEqualTo("string");
      assertThat(cache.get(43)).isNull();
      assertThat(cache.containsKey(42)).isTrue();
      assertThat(cache.getAll(java.util.Set.of(42, 42L, 43)))
          .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(42, "int", 42L, "long"));
      @SuppressWarnings("unchecked")
      io.cachette.Cache<StoredEntry> beneath = cache.unwrap(io.cachette.Cache.class);
      assertThat(beneath.keys().map(io.cachette.KeyInfo::key))
          .contains("i:42", "l:42", "u:" + id);
      assertThat(beneath.get("i:42")).hasValueSatisfying(
          entry -> assertThat(entry.key()).isEqualTo(42));
      List<Object> keys = new ArrayList<>();
      cache.forEach(entry -> keys.add(entry.getKey()));
      assertThat(keys).containsExactlyInAnyOrder(42, 42L, id, "i:42");

      assertThat(cache.replace(42, "int", "int 2")).isTrue();
      assertThat(cache.get(42)).isEqualTo("int 2");
      javax.cache.processor.EntryProcessor<Object, String, Object> append = (entry, args) -> {
        entry.setValue(entry.getValue() + " 2");
        return entry.getKey();
      };
      assertThat(cache.invoke(42L, append)).isEqualTo(42L);
      assertThat(cache.get(42L)).isEqualTo("long 2");
      assertThat(cache.getAndRemove(42)).isEqualTo("int 2");
      assertThat(entries.get(42)).isNull();
      assertThat(cache.get(42)).isNull();
      assertThat(cache.putIfAbsent(42, "again")).isTrue();
      assertThat(cache.get(42)).isEqualTo("again");
      cache.removeAll(java.util.Set.of(42, id));
      assertThat(cache.get(id)).isNull();
      assertThat(entries).hasSize(2);
      cache.clear();
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void aStringKeyedCacheKeepsItsKeysAsStrings() {
    CacheManager manager = manager("strings", new Properties());
    CachetteConfiguration<String, String> config =
        new CachetteConfiguration<String, String>().backend("memory://").namespace("names");
    config.setTypes(String.class, String.class).setStoreByValue(false);
    Cache<String, String> cache = manager.createCache("names", config);
    cache.put("i:42", "shaped");
    java.util.concurrent.ConcurrentMap<Object, Object> entries =
        ((CachetteJCache<?, ?>) cache.unwrap(CachetteJCache.class)).directEntries();
    assertThat(entries.get("i:42")).isInstanceOf(StoredEntry.class);
    assertThat(entries.get(42)).isNull();
    assertThat(cache.get("i:42")).isEqualTo("shaped");
  }

  /** A key of the application's own: serializable, with value equality. */
  record OrderKey(String region, long id) implements java.io.Serializable {}

  @Test
  void aSerializableKeyIsSerializedOnceAndItsFormServesEveryEqualKey() {
    KeyCodec codec = new KeyCodec(OrderKey.class);
    String first = codec.encode(new OrderKey("eu", 7));
    assertThat(first).startsWith("j:");
    assertThat(codec.encode(new OrderKey("eu", 7))).isSameAs(first); // remembered, not redone
    assertThat(new KeyCodec(OrderKey.class).encode(new OrderKey("eu", 7))).isEqualTo(first);
    assertThat(codec.encode(new OrderKey("eu", 8))).isNotEqualTo(first);
    for (int i = 0; i < KeyCodec.REMEMBERED + 10; i++) { // past the bound: learnt again, still right
      assertThat(codec.encode(new OrderKey("us", i)))
          .isEqualTo(new KeyCodec(OrderKey.class).encode(new OrderKey("us", i)));
    }
    assertThat(codec.encode(new OrderKey("eu", 7))).isEqualTo(first);

    Cache<OrderKey, String> cache = manager("records", new Properties()).createCache("records",
        new MutableConfiguration<OrderKey, String>().setTypes(OrderKey.class, String.class)
            .setStoreByValue(false));
    cache.put(new OrderKey("eu", 7), "seven");
    assertThat(cache.get(new OrderKey("eu", 7))).isEqualTo("seven");
    assertThat(cache.get(new OrderKey("eu", 8))).isNull();
    assertThat(cache.getAndRemove(new OrderKey("eu", 7))).isEqualTo("seven");
    assertThat(cache.get(new OrderKey("eu", 7))).isNull();
  }

  @Test
  void aStringKeyShapedLikeAnEncodedKeyIsNeverAnotherKeysEntry() {
    KeyCodec codec = new KeyCodec(String.class);
    for (boolean byValue : new boolean[] {false, true}) {
      for (String other : new String[] {"", "a\uD800b", "x".repeat(300), "y".repeat(2000)}) {
        String name = "shaped-" + byValue + "-" + other.length();
        Cache<String, String> cache = manager(name, new Properties()).createCache(name,
            new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                .setStoreByValue(byValue));
        cache.clear(); // the default backend may be a shared folder (cachette.default.backend)
        String shaped = codec.encode(other); // the string other's entry is stored under
        assertThat(shaped).matches("[jh]:.+");
        cache.put(other, "other");

        assertThat(cache.get(shaped)).isNull();
        assertThat(cache.containsKey(shaped)).isFalse();
        cache.put(shaped, "shaped");
        assertThat(cache.get(shaped)).isEqualTo("shaped");
        assertThat(cache.get(other)).isEqualTo("other");
        assertThat(cache.getAndRemove(shaped)).isEqualTo("shaped");
        assertThat(cache.get(other)).isEqualTo("other");
        assertThat(cache.get(shaped)).isNull();
      }
    }
    assertThat(codec.encodeForLookup("o:x")).startsWith("j:");
    assertThat(codec.encodeForLookup("ok:x")).isEqualTo("ok:x");
    assertThat(codec.encodeForLookup("jj")).isEqualTo("jj");
  }

  @Test
  void storeByReferenceKeepsTheVeryObjectOnMemory() {
    Cache<String, StringBuilder> cache = manager("reference", new Properties()).createCache("c",
        new MutableConfiguration<String, StringBuilder>().setTypes(String.class, StringBuilder.class)
            .setStoreByValue(false));
    StringBuilder value = new StringBuilder("x");
    cache.put("k", value);

    assertThat(cache.get("k")).isSameAs(value);
  }

  @Test
  void storeByValueCopies() {
    Cache<String, ArrayList<String>> cache = manager("value", new Properties()).createCache("c",
        new MutableConfiguration<String, ArrayList<String>>());
    ArrayList<String> value = new ArrayList<>(List.of("a"));
    cache.put("k", value);
    value.add("b");

    assertThat(cache.get("k")).containsExactly("a");
  }

  @Test
  void storeByReferenceOffMemoryIsRefusedWithWhatToDo() {
    CacheManager manager = manager("refused", new Properties());
    CachetteConfiguration<String, String> config = new CachetteConfiguration<String, String>()
        .backend("file://" + folder.toAbsolutePath());
    config.setStoreByValue(false);

    assertThatThrownBy(() -> manager.createCache("c", config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only memory://");
  }

  @Test
  void aStoreByReferenceCacheStaysInMemoryWhateverTheManagersDefaultBackend() {
    Properties properties = new Properties();
    properties.setProperty("cachette.default.backend", "file://" + folder.toAbsolutePath());
    properties.setProperty("cachette.default.serializer", "json://");
    Cache<String, StringBuilder> cache = manager("default-file", properties).createCache("c",
        new MutableConfiguration<String, StringBuilder>().setTypes(String.class, StringBuilder.class)
            .setStoreByValue(false));
    StringBuilder value = new StringBuilder("x");
    cache.put("k", value);

    assertThat(cache.get("k")).isSameAs(value);
    assertThat(config(cache).backend()).isEqualTo("memory://");
  }

  @Test
  void aJsonSerializerStoresKeysAndValuesAsJson() {
    CachetteConfiguration<String, Integer> config = new CachetteConfiguration<String, Integer>()
        .serializer("json://");
    config.setTypes(String.class, Integer.class);
    Cache<String, Integer> cache = manager("json", new Properties()).createCache("c", config);
    cache.put("answer", 42);

    assertThat(cache.get("answer")).isEqualTo(42);
    assertThat(config(cache).serializer()).isEqualTo("json://");
  }

  @Test
  void cachesDeclaredInPropertiesExistOnFirstGet() {
    Properties properties = new Properties();
    properties.setProperty("cachette.default.backend", "file://" + folder.toAbsolutePath());
    properties.setProperty("cachette.caches.users.ttl", "5m");
    properties.setProperty("cachette.caches.users.statistics", "true");
    CacheManager manager = manager("declared", properties);

    Cache<Object, Object> users = manager.getCache("users");

    assertThat(users).isNotNull();
    CachetteConfiguration<?, ?> config = config(users);
    assertThat(config.backend()).isEqualTo("file://" + folder.toAbsolutePath());
    assertThat(config.isStatisticsEnabled()).isTrue();
    assertThat(config.getExpiryPolicyFactory().create().getExpiryForCreation())
        .isEqualTo(new Duration(TimeUnit.MILLISECONDS, 300_000));
    assertThat(manager.getCache("undeclared")).isNull();
  }

  @Test
  void aPropertiesFileNamedByTheManagerUriDeclaresCaches() throws Exception {
    Path file = folder.resolve("caches.properties");
    Files.writeString(file, "cachette.caches.sessions.ttl=30s\n"
        + "cachette.caches.sessions.expiry=accessed\n");
    CacheManager manager = provider.getCacheManager(file.toUri(), getClass().getClassLoader());
    managers.add(manager);

    Cache<Object, Object> sessions = manager.getCache("sessions");

    CompleteConfiguration<?, ?> config = config(sessions);
    assertThat(config.getExpiryPolicyFactory().create().getExpiryForAccess())
        .isEqualTo(new Duration(TimeUnit.MILLISECONDS, 30_000));
  }

  @Test
  void anUnknownDeclaredOptionFailsWhenTheManagerIsMade() {
    Properties properties = new Properties();
    properties.setProperty("cachette.caches.users.time-to-live", "5m");

    assertThatThrownBy(() -> manager("typo", properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time-to-live")
        .hasMessageContaining("ttl");
  }

  @Test
  void createCacheTakesTheDeclaredBackendOfItsName() {
    Properties properties = new Properties();
    properties.setProperty("cachette.caches.orders.backend", "file://" + folder.toAbsolutePath());
    Cache<String, String> orders = manager("create", properties).createCache("orders",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    assertThat(config(orders).backend())
        .isEqualTo("file://" + folder.toAbsolutePath());
  }

  @Test
  void theConfigurationPrintsBackendsWithoutPasswords() {
    CachetteConfiguration<String, String> config = new CachetteConfiguration<String, String>()
        .backend("redis://app:secret@localhost:6379/0");

    assertThat(config.toString()).contains("redis://app:***@localhost").doesNotContain("secret");
  }
}
