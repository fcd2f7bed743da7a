package io.cachette.redis;

import io.cachette.backend.Completions;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full ({@code EVAL}) only when the
 * server does not know it yet. On a cluster the script runs on the node owning its first key, so
 * all its keys must share one slot.
 */
final class RedisScript {
  /** Stores each KEYS[i] with ARGV[i] and the TTL in milliseconds that is the last ARGV. */
  static final RedisScript SET_MANY_WITH_TTL = new RedisScript(
      "local ttl = ARGV[#ARGV]\n"
          + "for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i], 'PX', ttl) end\n"
          + "return #KEYS", ScriptOutputType.INTEGER);

  /**
   * Removes the TTL of KEYS[1]; 1 if the key exists. PERSIST alone answers 0 both for a missing key
   * and for a key that had no TTL, so the script asks EXISTS in the second case.
   */
  static final RedisScript PERSIST = new RedisScript(
      "if redis.call('PERSIST', KEYS[1]) == 1 then return 1 end\n"
          + "return redis.call('EXISTS', KEYS[1])", ScriptOutputType.INTEGER);

  /** Deletes the lease KEYS[1] only if it still holds this owner's token ARGV[1]. */
  static final RedisScript RELEASE_LEASE = new RedisScript(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
          + "return 0", ScriptOutputType.INTEGER);

  private final String source;
  private final String sha1;
  private final ScriptOutputType outputType;

  private RedisScript(String source, ScriptOutputType outputType) {
    this.source = source;
    this.outputType = outputType;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest(source.getBytes(StandardCharsets.UTF_8));
      this.sha1 = HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }

  /** Runs the script; its keys must share one cluster slot. */
  <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, byte[]> redis, String[] keys,
      byte[]... args) {
    return redis.<T>evalsha(sha1, outputType, keys, args).toCompletableFuture()
        .handle((result, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(result);
          }
          if (Completions.unwrap(error) instanceof RedisNoScriptException) {
            return redis.<T>eval(source, outputType, keys, args).toCompletableFuture();
          }
          return CompletableFuture.<T>failedFuture(error);
        })
        .thenCompose(future -> future);
  }
}
