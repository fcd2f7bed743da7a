package io.cachette.http;

import io.cachette.AsyncCache;
import io.cachette.Cache;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the HTTP cache's entries live, and how a URL's entries stay findable. A response is stored
 * under its request's key, or, when it varies, under a variant key next to a
 * {@link StoredEntry.VaryIndex} at the request's key. Every key stored for a URL is listed in the
 * URL's {@link StoredEntry.UrlIndex} (whatever the method, matched headers or key function), so
 * that invalidating a URL deletes every one of its responses in a few round trips without listing
 * the store, and so that a response that stops varying, or varies on other headers, deletes the
 * variants it replaces.
 *
 * <p><b>Order.</b> A URL index is read, changed and written back. Within this client those steps
 * run one task at a time per URL ({@link #inOrder}), so its concurrent writes and deletes never
 * lose each other's keys. An index is written before the entries it lists: a response whose index
 * could not be written is not stored, so that no response escapes invalidation. Other clients
 * (in this process or another) sharing the store can still race on an index. A key lost that way
 * escapes invalidation only when it cannot be derived from the URL alone (the keys of a plain GET
 * and HEAD are always deleted too); a variant orphaned that way is never reached again, because a
 * Vary index written afresh starts a new generation, which is part of its variants' keys.
 *
 * <p><b>Index entries</b> list keys (digests) and times, nothing else: no URL, header or body.
 * A key leaves its index when the client deletes or replaces it, or once it is past its time and
 * the store no longer has it; an index expires after the last of its keys.
 *
 * <p><b>Failures.</b> What the request path calls ({@link #read}, {@link #lookup}, {@link #place},
 * {@link #deleteQuietly}) never fails: a store error is a miss or a write not done. What
 * invalidation and inspection call ({@link #deleteUrl}, {@link #deleteRequest}, {@link #reindex})
 * completes exceptionally when the store throws (a strict cache); the client ignores that for
 * invalidation, and {@link HttpCache} reports it.
 *
 * <p>Thread-safe.
 */
final class ResponseStore {
  private static final Logger LOG = LoggerFactory.getLogger(CachedHttpClient.class);
  /**
   * How long a URL index outlives the latest of its keys, and how long past its time a key is
   * listed before the store is asked whether it still has it (a store may keep an entry a little
   * longer, its TTLs rounded to seconds).
   */
  static final Duration INDEX_GRACE = Duration.ofMinutes(1);
  private static final long NEVER = Long.MAX_VALUE;

  private final Settings settings;
  private final RequestKeys keys;
  private final Cache<byte[]> cache;
  private final AsyncCache<byte[]> async;
  /** The last task queued on each URL index (removed once it is done and none follows). */
  private final ConcurrentHashMap<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();

  ResponseStore(Settings settings, RequestKeys keys, Cache<byte[]> cache) {
    this.settings = settings;
    this.keys = keys;
    this.cache = cache;
    this.async = cache.async();
  }

  /** A stored response found for a request key (null when none answers), and its key. */
  record Found(String key, StoredEntry.@Nullable Response entry) {}

  /** A change to one stored response, for {@link #reindex}: kept until then, or deleted (null). */
  record Change(URI uri, @Nullable Long keepUntilMillis) {}

  // ---------------------------------------------------------------- reading

  /**
   * Looks a request key up, following a Vary index to the request's variant. With
   * {@code blocking}, reads on this thread (the future is complete when returned). Never fails.
   */
  CompletableFuture<Found> lookup(String key, HttpHeaders requestHeaders, boolean blocking) {
    return read(key, blocking).thenCompose(entry -> {
      if (entry instanceof StoredEntry.VaryIndex index) {
        String variantKey = keys.variantKey(key, index.generation(),
            RequestKeys.varyValues(index.headerNames(), requestHeaders));
        return read(variantKey, blocking).thenApply(variant -> {
          if (variant instanceof StoredEntry.Response response
              && varyMatches(response, requestHeaders)) {
            return new Found(variantKey, response);
          }
          return new Found(key, null);
        });
      }
      return CompletableFuture.completedFuture(new Found(key,
          entry instanceof StoredEntry.Response response ? response : null));
    });
  }

  /**
   * Reads and decodes one key: null when absent, unreadable (then deleted) or filtered out. With
   * {@code blocking}, through the blocking {@link Cache} API on this thread; else asynchronously.
   */
  CompletableFuture<@Nullable StoredEntry> read(String key, boolean blocking) {
    return attempt(() -> blocking ? CompletableFuture.completedFuture(cache.get(key))
        : async.get(key)).handle((value, error) -> {
      if (error != null || value == null || value.isEmpty()) {
        return null;
      }
      StoredEntry entry = decode(key, value.get());
      if (entry instanceof StoredEntry.Response response && settings.filter() != null
          && !settings.filter().test(new StoredResponse(key, response, settings.clock().instant()))) {
        deleteQuietly(key);
        return null;
      }
      return entry;
    });
  }

  /** Whether a stored response was given for request headers with these values of its Vary headers. */
  static boolean varyMatches(StoredEntry.Response stored, HttpHeaders request) {
    for (Map.Entry<String, List<String>> header : stored.varyRequestHeaders().entrySet()) {
      if (!header.getValue().equals(request.allValues(header.getKey()))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- writing

  /**
   * How long the store keeps an entry: for good when it never expires or can be revalidated (an
   * ETag or Last-Modified); otherwise until it expires plus the stale windows (the settings', and
   * with cacheControl its own {@code stale-while-revalidate} and {@code stale-if-error}); null when
   * that is already past (nothing worth storing).
   */
  @Nullable Duration storeTtl(StoredEntry.Response entry, Instant now) {
    Instant expiresAt = entry.expiresAt();
    if (expiresAt == null || expiresAt.equals(Instant.MAX)
        || !CacheStrategy.validators(entry).isEmpty()) {
      return Cache.NEVER;
    }
    Duration window = CacheStrategy.staleWindow(settings, entry);
    if (window == null) {
      window = Duration.ZERO;
    } else if (window.equals(Cache.NEVER)) {
      return Cache.NEVER;
    }
    Instant keepUntil = Expiration.plusSaturating(expiresAt, window);
    long millis = keepUntil.toEpochMilli() - now.toEpochMilli();
    return millis <= 0 ? null : Duration.ofMillis(millis);
  }

  /**
   * Stores a response of {@code uri} under a request's key for {@code ttl}: as it is, or, when it
   * varies, under its variant key next to a Vary index at the request's key. The URL's index lists
   * the keys first; the variants the response replaces are deleted (every variant of the key when
   * it no longer varies or varies on other headers). Completes with whether it was stored; never
   * fails.
   */
  CompletableFuture<Boolean> place(URI uri, String key, StoredEntry.Response entry, Duration ttl) {
    String indexKey = keys.indexKey(uri);
    return inOrder(indexKey, () -> readMany(List.of(indexKey, key)).thenCompose(found -> {
      Instant now = settings.clock().instant();
      return liveMembers(found.get(indexKey), now).thenCompose(members ->
          place(indexKey, members, key, found.get(key), entry, ttl, now));
    })).exceptionally(e -> {
      LOG.debug("HTTP cache write failed ({}): the response is served but not stored",
          e.toString());
      return false;
    });
  }

  /** {@link #place}, once the URL's index and what the key holds ({@code previous}) are read. */
  private CompletableFuture<Boolean> place(String indexKey,
      TreeMap<String, StoredEntry.UrlIndex.Member> members, String key,
      @Nullable StoredEntry previous, StoredEntry.Response entry, Duration ttl, Instant now) {
    long keepUntil = keepUntil(ttl, now);
    List<String> varyNames = List.copyOf(entry.varyRequestHeaders().keySet());
    List<Write> writes = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    if (varyNames.isEmpty()) {
      // A response that no longer varies replaces every variant of the key.
      replaced.addAll(variantsOf(members, key));
      members.keySet().removeAll(replaced);
      members.put(key, new StoredEntry.UrlIndex.Member(false, keepUntil));
      writes.add(new Write(key, entry.encode(), ttl));
    } else {
      String generation;
      if (previous instanceof StoredEntry.VaryIndex index
          && index.headerNames().equals(varyNames)) {
        generation = index.generation(); // another variant, side by side with the others
      } else {
        // The first variant, or one that varies on other headers: a new generation, and the
        // variants of the old one are gone.
        generation = Long.toHexString(ThreadLocalRandom.current().nextLong());
        replaced.addAll(variantsOf(members, key));
      }
      String variantKey = keys.variantKey(key, generation, entry.varyRequestHeaders());
      replaced.remove(variantKey);
      members.keySet().removeAll(replaced);
      members.put(variantKey, new StoredEntry.UrlIndex.Member(false, keepUntil));
      long indexUntil = latest(members, variantsOf(members, key));
      members.put(key, new StoredEntry.UrlIndex.Member(true, indexUntil));
      writes.add(new Write(key,
          new StoredEntry.VaryIndex(varyNames, generation, indexKey).encode(),
          ttlUntil(indexUntil, now)));
      writes.add(new Write(variantKey, entry.encode(), ttl));
    }
    return writeIndex(indexKey, members, now).thenCompose(indexed -> {
      if (!indexed) {
        return CompletableFuture.completedFuture(false); // not indexed: not stored either
      }
      List<CompletableFuture<Boolean>> sets = new ArrayList<>();
      for (Write write : writes) {
        sets.add(set(write.key(), write.bytes(), write.ttl()));
      }
      CompletableFuture<Long> deletes = deleteMany(replaced).exceptionally(e -> 0L);
      return CompletableFuture.allOf(sets.toArray(CompletableFuture[]::new))
          .thenCombine(deletes, (ignored, count) -> sets.stream().allMatch(CompletableFuture::join));
    });
  }

  /** One entry to store. */
  private record Write(String key, byte[] bytes, Duration ttl) {}

  private CompletableFuture<Boolean> set(String key, byte[] bytes, Duration ttl) {
    return attempt(() -> async.set(key, bytes, ttl)).exceptionally(e -> {
      LOG.debug("HTTP cache write of {} failed ({})", key, e.toString());
      return false;
    });
  }

  // ---------------------------------------------------------------- deleting

  /**
   * Deletes every stored response of a URL (RFC 9111 §4.4 invalidation and
   * {@code cache().delete(uri)}): the keys its index lists (any method, matched headers or key
   * function; Vary indexes and their variants), the keys a plain GET and HEAD of the URL have
   * (stored before the index existed, or by a client that lost a race on it), and the index.
   * Completes with how many responses existed; exceptionally when a strict store fails.
   */
  CompletableFuture<Long> deleteUrl(URI uri) {
    String indexKey = keys.indexKey(uri);
    List<String> reads = new ArrayList<>();
    reads.add(indexKey);
    for (String method : new String[] {"GET", "HEAD"}) {
      try {
        reads.add(keys.key(method, uri));
      } catch (RuntimeException e) {
        // a URL the key function refuses has no key of its own
      }
    }
    return inOrder(indexKey, () -> readMany(reads).thenCompose(found -> {
      Map<String, StoredEntry.UrlIndex.Member> members = found.get(indexKey)
          instanceof StoredEntry.UrlIndex index ? index.members() : Map.of();
      Set<String> responses = new TreeSet<>();
      Set<String> indexes = new TreeSet<>();
      members.forEach((key, member) -> (member.varyIndex() ? indexes : responses).add(key));
      for (String key : reads.subList(1, reads.size())) {
        StoredEntry entry = found.get(key);
        if (entry instanceof StoredEntry.Response) {
          responses.add(key);
        } else if (entry instanceof StoredEntry.VaryIndex) {
          // Its variants, if the index does not list them, can no longer be reached: a Vary
          // index written again starts a new generation.
          indexes.add(key);
        }
      }
      // The index goes last: were the entries not deleted, it still lists them.
      return deleteMany(responses).thenCombine(deleteMany(indexes), (count, ignored) -> count)
          .thenCompose(count -> deleteMany(List.of(indexKey)).thenApply(ignored -> count));
    }));
  }

  /**
   * Deletes the response stored under one request key of a URL, or, when the key holds a Vary
   * index, the index and every variant of it ({@code cache().delete(request)}). Completes with how
   * many responses existed; exceptionally when a strict store fails.
   */
  CompletableFuture<Long> deleteRequest(URI uri, String key) {
    return deleteUnder(keys.indexKey(uri), key);
  }

  /**
   * Deletes what one key holds, listed by a URL index: a response, or a Vary index with every
   * variant of it. Completes with how many responses existed; exceptionally when a strict store
   * fails.
   */
  CompletableFuture<Long> deleteUnder(String indexKey, String key) {
    return inOrder(indexKey, () -> readMany(List.of(indexKey, key)).thenCompose(found -> {
      Instant now = settings.clock().instant();
      StoredEntry index = found.get(indexKey);
      return liveMembers(index, now).thenCompose(members -> {
        StoredEntry.UrlIndex.Member listed = members.get(key);
        boolean varyIndex = found.get(key) instanceof StoredEntry.VaryIndex
            || (listed != null && listed.varyIndex());
        List<String> responses = varyIndex ? variantsOf(members, key) : List.of(key);
        members.keySet().removeAll(responses);
        members.remove(key);
        return deleteMany(responses)
            .thenCombine(varyIndex ? deleteMany(List.of(key))
                : CompletableFuture.completedFuture(0L), (count, ignored) -> count)
            .thenCompose(count -> index == null ? CompletableFuture.completedFuture(count)
                : writeIndex(indexKey, members, now).thenApply(ignored -> count));
      });
    }));
  }

  /**
   * Brings the URL indexes up to date after responses were deleted or given a new expiration
   * directly, by key ({@code cache().deleteExpired()}, {@code deleteKeys}, {@code resetExpiration}):
   * deleted keys leave their index, retimed ones are listed with their new time, a Vary index
   * whose last variant was deleted is deleted, and one whose variants live longer lives as long.
   * Completes exceptionally when a strict store fails.
   */
  CompletableFuture<Void> reindex(Map<String, Change> changes) {
    Map<String, Map<String, Change>> byIndex = new TreeMap<>();
    changes.forEach((key, change) -> byIndex.computeIfAbsent(keys.indexKey(change.uri()),
        k -> new TreeMap<>()).put(key, change));
    List<CompletableFuture<Void>> updates = new ArrayList<>();
    byIndex.forEach((indexKey, changed) -> updates.add(inOrder(indexKey,
        () -> readMany(List.of(indexKey)).thenCompose(found -> {
          Instant now = settings.clock().instant();
          StoredEntry index = found.get(indexKey);
          return liveMembers(index, now).thenCompose(members ->
              reindex(indexKey, index != null, members, changed, now));
        }))));
    return CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> reindex(String indexKey, boolean indexed,
      TreeMap<String, StoredEntry.UrlIndex.Member> members, Map<String, Change> changed,
      Instant now) {
    Set<String> varyIndexes = new TreeSet<>();
    changed.forEach((key, change) -> {
      Long keepUntil = change.keepUntilMillis();
      if (keepUntil == null) {
        members.remove(key);
      } else {
        members.put(key, new StoredEntry.UrlIndex.Member(false, keepUntil));
      }
      String varyIndex = RequestKeys.varyIndexKeyOf(key);
      if (varyIndex != null) {
        varyIndexes.add(varyIndex);
      }
    });
    List<String> emptied = new ArrayList<>();
    List<CompletableFuture<Boolean>> retimed = new ArrayList<>();
    for (String varyIndex : varyIndexes) {
      List<String> variants = variantsOf(members, varyIndex);
      StoredEntry.UrlIndex.Member before = members.get(varyIndex);
      if (variants.isEmpty()) {
        if (indexed) {
          // Its last listed variant is gone. (Without an index, other variants may be stored.)
          emptied.add(varyIndex);
          members.remove(varyIndex);
        }
      } else if (before == null || before.keepUntilMillis() != latest(members, variants)) {
        long until = latest(members, variants);
        members.put(varyIndex, new StoredEntry.UrlIndex.Member(true, until));
        retimed.add(attempt(() -> async.expireIn(varyIndex, ttlUntil(until, now))));
      }
    }
    if (!indexed && members.isEmpty()) {
      return deleteMany(emptied).thenApply(ignored -> null);
    }
    return CompletableFuture.allOf(retimed.toArray(CompletableFuture[]::new))
        .thenCombine(deleteMany(emptied), (a, b) -> b)
        .thenCompose(ignored -> writeIndex(indexKey, members, now))
        .thenApply(ignored -> null);
  }

  /** Deletes a key, unless the client is read-only; never fails. */
  void deleteQuietly(String key) {
    if (settings.readOnly()) {
      return;
    }
    attempt(() -> async.delete(key)).exceptionally(e -> false);
  }

  // ---------------------------------------------------------------- URL indexes

  /**
   * Writes a URL index (deletes it when it lists nothing), kept as long as its latest key plus
   * {@link #INDEX_GRACE}. Completes with whether it was written.
   */
  private CompletableFuture<Boolean> writeIndex(String indexKey,
      Map<String, StoredEntry.UrlIndex.Member> members, Instant now) {
    if (members.isEmpty()) {
      return deleteMany(List.of(indexKey)).thenApply(ignored -> true);
    }
    long until = latest(members, members.keySet());
    Duration ttl = ttlUntil(until == NEVER ? NEVER
        : saturatingAdd(until, INDEX_GRACE.toMillis()), now);
    return set(indexKey, new StoredEntry.UrlIndex(members).encode(), ttl);
  }

  /**
   * The keys of an index the store may still hold, in a sorted copy to change: every key listed,
   * but those whose time is past by the client's clock (and {@link #INDEX_GRACE}) that the store
   * confirms it no longer has. The store is asked rather than the clock trusted, so that an index
   * never forgets a key the store still holds when the two disagree about the time.
   */
  private CompletableFuture<TreeMap<String, StoredEntry.UrlIndex.Member>> liveMembers(
      @Nullable StoredEntry index, Instant now) {
    TreeMap<String, StoredEntry.UrlIndex.Member> members = new TreeMap<>();
    if (index instanceof StoredEntry.UrlIndex urlIndex) {
      members.putAll(urlIndex.members());
    }
    long cutoff = now.toEpochMilli() - INDEX_GRACE.toMillis();
    Map<String, CompletableFuture<Boolean>> checks = new TreeMap<>();
    members.forEach((key, member) -> {
      if (member.keepUntilMillis() <= cutoff) {
        checks.put(key, attempt(() -> async.exists(key)).exceptionally(e -> true));
      }
    });
    return CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new))
        .thenApply(ignored -> {
          checks.forEach((key, exists) -> {
            if (!exists.join()) {
              members.remove(key);
            }
          });
          return members;
        });
  }

  /** The listed variant keys of a request key. */
  private static List<String> variantsOf(Map<String, StoredEntry.UrlIndex.Member> members,
      String key) {
    List<String> variants = new ArrayList<>();
    for (String member : members.keySet()) {
      if (member.startsWith(key + "-")) {
        variants.add(member);
      }
    }
    return variants;
  }

  private static long latest(Map<String, StoredEntry.UrlIndex.Member> members,
      Collection<String> keys) {
    long latest = Long.MIN_VALUE;
    for (String key : keys) {
      StoredEntry.UrlIndex.Member member = members.get(key);
      if (member != null) {
        latest = Math.max(latest, member.keepUntilMillis());
      }
    }
    return latest;
  }

  /** Until when (epoch millis, {@link Long#MAX_VALUE} for good) an entry stored now for {@code ttl} is kept. */
  static long keepUntil(Duration ttl, Instant now) {
    if (ttl.equals(Cache.NEVER)) {
      return NEVER;
    }
    try {
      return saturatingAdd(now.toEpochMilli(), ttl.toMillis());
    } catch (ArithmeticException e) {
      return NEVER;
    }
  }

  private static Duration ttlUntil(long keepUntilMillis, Instant now) {
    return keepUntilMillis == NEVER ? Cache.NEVER
        : Duration.ofMillis(Math.max(1, keepUntilMillis - now.toEpochMilli()));
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? NEVER : sum;
  }

  /**
   * Runs a task once the tasks queued before it on the same URL index are done, so that the
   * read-change-write of an index never interleaves with another in this client. The task's
   * failure is its caller's; the next task runs either way.
   */
  private <T> CompletableFuture<T> inOrder(String indexKey,
      Supplier<CompletableFuture<T>> task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> before = lanes.put(indexKey, done);
    CompletableFuture<T> result = before == null ? attempt(task)
        : before.thenCompose(ignored -> attempt(task));
    result.whenComplete((value, error) -> {
      lanes.remove(indexKey, done);
      done.complete(null);
    });
    return result;
  }

  // ---------------------------------------------------------------- store access

  /** Reads and decodes keys; absent and unreadable ones are left out. */
  private CompletableFuture<Map<String, StoredEntry>> readMany(List<String> keys) {
    return attempt(() -> async.getMany(keys)).thenApply(values -> {
      Map<String, StoredEntry> entries = new TreeMap<>();
      values.forEach((key, bytes) -> {
        StoredEntry entry = decode(key, bytes);
        if (entry != null) {
          entries.put(key, entry);
        }
      });
      return entries;
    });
  }

  private @Nullable StoredEntry decode(String key, byte[] bytes) {
    try {
      return StoredEntry.decode(bytes);
    } catch (StoredEntry.InvalidEntryException e) {
      LOG.warn("HTTP cache entry {} is unreadable ({}): treated as a miss and deleted", key,
          e.getMessage());
      deleteQuietly(key);
      return null;
    }
  }

  private CompletableFuture<Long> deleteMany(Collection<String> keys) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(0L);
    }
    List<String> copy = List.copyOf(keys);
    return attempt(() -> async.deleteMany(copy));
  }

  /** The task's future, or a failed one when it throws instead (such as a refused key). */
  private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> task) {
    try {
      return task.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
