package io.cachette.jdbc;

import io.cachette.backend.Backend;
import io.cachette.backend.Backends;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A child process for {@link SqliteCrashSafetyTest}: writes entries in a loop, single and batched,
 * and prints {@code committed <key>} for each one after the write returned. It runs until killed.
 *
 * <p>Argument: the database URL.
 */
public final class SqliteCrashWriter {
  private SqliteCrashWriter() {}

  /** The value written for a key. */
  static byte[] valueOf(String key) {
    return ("value of " + key + " ").repeat(1 + Math.floorMod(key.hashCode(), 40))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Writes until killed; the argument is the database URL. */
  public static void main(String[] args) {
    try (Backend backend = Backends.fromUrl(args[0])) {
      for (long i = 0; ; i++) {
        if (i % 10 == 0) {
          Map<String, Object> batch = new LinkedHashMap<>();
          for (int j = 0; j < 20; j++) {
            batch.put("batch" + i + "-" + j, valueOf("batch" + i + "-" + j));
          }
          backend.setMany(batch, null);
          batch.keySet().forEach(key -> System.out.println("committed " + key));
        } else {
          String key = "single" + i;
          backend.set(key, valueOf(key), null);
          System.out.println("committed " + key);
        }
        System.out.flush();
      }
    }
  }
}
