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
  private final int prefixBytes;
  /** Keys up to this many chars fit the limit whatever they hold (at most 3 bytes a char). */
  private final int shortKeyChars;

  StoredKeys(String namespace) {
    this.namespace = namespace;
    this.prefix = namespace + ":";
    this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8).length;
    this.shortKeyChars = Math.max(0, (Cache.MAX_KEY_BYTES - prefixBytes) / 3);
  }

  String namespace() {
    return namespace;
  }

  /** {@code "<namespace>:"}: the prefix of every stored key, and the scope of {@code clear()}. */
  String prefix() {
    return prefix;
  }

  /**
   * The stored key of a caller's key, checked as {@link #check} does.
   *
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when the key is empty, not well-formed Unicode, or too long
   */
  String of(String key) {
    return prefix.concat(check(key));
  }

  /**
   * Checks a caller's key: non-empty, well-formed Unicode, and at most {@link Cache#MAX_KEY_BYTES}
   * UTF-8 bytes with the prefix.
   *
   * @return the key
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when the key is empty, not well-formed Unicode, or too long
   */
  String check(String key) {
    int length = key.length(); // the null check
    if (length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    // The common key: short enough that even 3 bytes a char fit, and no char that could be half a
    // surrogate pair (or need 4 bytes). One cheap pass, no byte counting.
    if (length <= shortKeyChars) {
      int i = 0;
      while (i < length && key.charAt(i) < Character.MIN_SURROGATE) {
        i++;
      }
      if (i == length) {
        return key;
      }
    }
    return checkSlowly(key);
  }

  /** Rejects unpaired surrogates and counts the UTF-8 bytes. */
  private String checkSlowly(String key) {
    int length = key.length();
    long utf8 = prefixBytes;
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
            + " \\u" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i
            + "; keys must be valid text (encode binary data, e.g. as hex or Base64)");
      } else {
        utf8 += 3;
      }
    }
    if (utf8 > Cache.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key is longer than " + Cache.MAX_KEY_BYTES
          + " UTF-8 bytes with its namespace: hash long keys, e.g. with a SHA-256 hex digest");
    }
    return key;
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
