package io.cachette;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The keys a cache gives its backend: {@code <namespace>:<key>}, validated once per call before any
 * backend sees them, and the redacted form in which they appear in logs and errors.
 *
 * <p>A key is valid when it is non-empty, is well-formed Unicode (no unpaired UTF-16 surrogate: such
 * a key has no UTF-8 form, and stores that replace it with {@code '?'} would give two keys one
 * entry), and the stored key is at most {@link Cache#MAX_KEY_BYTES} UTF-8 bytes.
 */
final class StoredKeys {
  /** Logged keys show at most this many leading characters of the caller's key. */
  private static final int LOGGED_PREFIX_CHARS = 6;

  private final String namespace;
  private final String prefix;

  StoredKeys(String namespace) {
    this.namespace = namespace;
    this.prefix = namespace + ":";
  }

  String namespace() {
    return namespace;
  }

  /** {@code "<namespace>:"}: the prefix of every stored key, and the scope of {@code clear()}. */
  String prefix() {
    return prefix;
  }

  /**
   * The stored key of a caller's key.
   *
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when the key is empty, not well-formed Unicode, or too long
   */
  String of(String key) {
    Objects.requireNonNull(key, "key");
    int length = key.length();
    if (length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    // One pass: reject unpaired surrogates and count UTF-8 bytes (only when the length could matter).
    long utf8 = prefix.length();
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        utf8++;
      } else if (c < 0x800) {
        utf8 += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length && Character.isLowSurrogate(key.charAt(i + 1))) {
        utf8 += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("key is not well-formed Unicode: unpaired surrogate"
            + " \\u" + Integer.toHexString(c).toUpperCase() + " at index " + i
            + "; keys must be valid text (encode binary data, e.g. as hex or Base64)");
      } else {
        utf8 += 3;
      }
    }
    if (utf8 > Cache.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key is longer than " + Cache.MAX_KEY_BYTES
          + " UTF-8 bytes with its namespace: hash long keys, e.g. with a SHA-256 hex digest");
    }
    return prefix.concat(key);
  }

  /** The stored keys of several keys, in order; validates each as {@link #of} does. */
  List<String> of(Collection<String> keys) {
    Objects.requireNonNull(keys, "keys");
    List<String> stored = new ArrayList<>(keys.size());
    for (String key : keys) {
      stored.add(of(key));
    }
    return stored;
  }

  /** The caller's key of a stored key. */
  String userKey(String storedKey) {
    return storedKey.substring(prefix.length());
  }

  /**
   * A stored key as logs show it: the namespace, at most a third (and at most
   * {@value #LOGGED_PREFIX_CHARS} characters) of the caller's key, its length and a short hash, so
   * that a key made of a secret (a token passed to a memoized method) never appears whole, while two
   * log lines about one key can still be matched. Full keys are logged, at DEBUG, by the logger
   * {@code io.cachette.Cache.keys}.
   */
  static String redact(String storedKey) {
    int colon = storedKey.indexOf(':');
    String ns = colon < 0 ? "" : storedKey.substring(0, colon + 1);
    String key = storedKey.substring(colon + 1);
    int shown = Math.min(LOGGED_PREFIX_CHARS, key.length() / 3);
    // Do not cut a surrogate pair in half.
    if (shown > 0 && Character.isHighSurrogate(key.charAt(shown - 1))) {
      shown--;
    }
    return ns + key.substring(0, shown) + "…(" + key.length() + " chars, #" + shortHash(storedKey)
        + ")";
  }

  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
