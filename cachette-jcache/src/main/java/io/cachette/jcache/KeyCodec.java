package io.cachette.jcache;

import io.cachette.backend.PrefixedStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JCache key (any object) into the string key of the Cachette cache beneath.
 * Thread-safe.
 *
 * <ul>
 *   <li>A cache declared with {@code String} keys stores a non-empty key of at most
 *       {@value #MAX_PLAIN_CHARS} characters as it is, so other Cachette caches on the same
 *       namespace read the same entries, unless it begins with one of the encoded forms'
 *       prefixes ({@code "j:"}, {@code "h:"}, {@code "o:"}; see {@link #reserved}): such a key is
 *       encoded like any other, so no key's encoded form is another key as it is.</li>
 *   <li>An {@link Integer}, {@link Long} or {@link UUID} key, the commonest ids, is written as its
 *       text behind a prefix of its type: {@code "i:42"}, {@code "l:42"},
 *       {@code "u:123e4567-…"} (a few nanoseconds, where Java serialization takes hundreds).</li>
 *   <li>Any other key is written with Java serialization (never read back: the key itself is kept in
 *       the entry), in URL-safe Base64 behind {@code "j:"}; a long one as the SHA-256 of those bytes
 *       behind {@code "h:"}. Equal keys must serialize to equal bytes, which holds for the JDK's
 *       value types and for records and classes with deterministic fields. The {@code "j:"} form of
 *       each such key is remembered (up to {@value #REMEMBERED} keys, then learnt again), so a
 *       key in use is serialized once, not on every call.</li>
 *   <li>A key that is not {@code Serializable} (possible only in store-by-reference caches) is
 *       named by its class and {@code hashCode()} behind {@code "o:"}.</li>
 * </ul>
 * Each form has its own prefix, and a cache's keys are all of its declared type, so only strings
 * that begin with {@code "j:"} or {@code "h:"} can meet an encoded form in a cache with
 * {@code String} keys. Two different keys that end up with the same string (a hash collision, or
 * equal hash codes of unserializable keys) share one entry slot; the cache compares the stored key
 * with {@code equals}, so one reads as absent to the other rather than returning a wrong value.
 *
 * <p>{@link #OBJECTS} maps the {@code "i:"}, {@code "l:"} and {@code "u:"} forms back to their
 * keys, so that a cache's own memory store keeps such entries under the key objects themselves
 * and a hit looks them up with no string built ({@link PrefixedStore#preferPrefix(String,
 * PrefixedStore.KeyForm)}).
 */
final class KeyCodec {
  static final int MAX_PLAIN_CHARS = 250;
  private static final int MAX_ENCODED_BYTES = 384;

  /** How many serialized forms {@link #serialized} keeps before it starts again. */
  static final int REMEMBERED = 4096;

  private final boolean plainStrings;
  /**
   * The forms of keys written with Java serialization, by key: a serialization takes
   * microseconds, this lookup nanoseconds. Equal keys serialize alike (a rule of this class), so
   * a form found here is the form of every key equal to the one it was made for.
   */
  private final Map<Object, String> serialized = new ConcurrentHashMap<>();

  KeyCodec(Class<?> keyType) {
    this.plainStrings = keyType == String.class;
  }

  /**
   * The key's string for a first lookup: {@link #encode} without the scan for unpaired surrogates
   * of a plain string key, which a hit then skips. A string that is not well-formed cannot be
   * stored under itself, so its lookup misses (or the store refuses it with
   * {@link IllegalArgumentException}); on a miss the caller looks again with {@link #encode}.
   */
  String encodeForLookup(Object key) {
    return mayBePlain(key) ? (String) key : encode(key);
  }

  /**
   * Whether {@code key} is stored as it is if it is well-formed: a {@code String} of a cache with
   * {@code String} keys, non-empty, at most {@value #MAX_PLAIN_CHARS} characters, not
   * {@linkplain #reserved reserved}.
   */
  private boolean mayBePlain(Object key) {
    return plainStrings && key instanceof String s && !s.isEmpty()
        && s.length() <= MAX_PLAIN_CHARS && !reserved(s);
  }

  /**
   * Whether {@code s} begins as an encoded key does ({@code "j:"}, {@code "h:"} or {@code "o:"}),
   * so that it is never stored as it is. Hence, in a cache with {@code String} keys, an entry
   * found under a string that is not reserved is that string's own entry.
   */
  static boolean reserved(String s) {
    if (s.length() < 2 || s.charAt(1) != ':') {
      return false;
    }
    char first = s.charAt(0);
    return first == 'j' || first == 'h' || first == 'o';
  }

  String encode(Object key) {
    if (mayBePlain(key) && wellFormed((String) key)) {
      return (String) key;
    }
    String text = textForm(key);
    if (text != null) {
      return text;
    }
    if (!(key instanceof Serializable)) {
      return "o:" + key.getClass().getName() + "@" + Integer.toHexString(key.hashCode());
    }
    String known = serialized.get(key);
    if (known != null) {
      return known;
    }
    String encoded = serializedForm(key);
    if (encoded.startsWith("j:")) { // a small key: large ones are not kept alive here
      if (serialized.size() >= REMEMBERED) {
        serialized.clear(); // crude, but bounded: the keys in use are learnt again
      }
      serialized.put(key, encoded);
    }
    return encoded;
  }

  /** The {@code "i:"}, {@code "l:"} or {@code "u:"} form of a key of those types, else null. */
  private static @Nullable String textForm(Object key) {
    if (key instanceof Integer number) {
      return "i:" + number.intValue();
    }
    if (key instanceof Long number) {
      return "l:" + number.longValue();
    }
    if (key instanceof UUID id) {
      return "u:" + id;
    }
    return null;
  }

  /**
   * The key objects of the {@code "i:"}, {@code "l:"} and {@code "u:"} forms: {@code "i:42"} is
   * {@code Integer} 42, and so on. Only a form {@link #encode} writes has an object (a string such
   * as {@code "i:042"} or {@code "i:x"} stays a string), so the map is one-to-one.
   */
  static final PrefixedStore.KeyForm OBJECTS = new PrefixedStore.KeyForm() {
    @Override
    public @Nullable Object objectOf(String key) {
      if (key.length() < 3 || key.charAt(1) != ':') {
        return null;
      }
      char type = key.charAt(0);
      if (type == 'u') {
        return uuid(key);
      }
      if ((type != 'i' && type != 'l') || !canonicalInteger(key)) {
        return null;
      }
      try {
        return type == 'i' ? (Object) Integer.parseInt(key, 2, key.length(), 10)
            : (Object) Long.parseLong(key, 2, key.length(), 10);
      } catch (NumberFormatException e) {
        return null; // out of range: not a form encode writes
      }
    }

    @Override
    public String keyOf(Object object) {
      String text = textForm(object);
      if (text == null) {
        throw new IllegalArgumentException("not a key object of this form: " + object.getClass());
      }
      return text;
    }
  };

  /** Whether {@code key} from index 2 on is an integer as {@code Long.toString} writes one. */
  private static boolean canonicalInteger(String key) {
    int i = 2;
    if (key.charAt(i) == '-') {
      i++;
      if (i == key.length() || key.charAt(i) == '0') {
        return false; // "-" alone, "-0", or a leading zero
      }
    }
    if (key.charAt(i) == '0' && i + 1 < key.length()) {
      return false;
    }
    for (; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The UUID of a {@code "u:"} form as {@code UUID.toString} writes it, else null. */
  private static @Nullable UUID uuid(String key) {
    if (key.length() != 38) {
      return null;
    }
    UUID id;
    try {
      id = UUID.fromString(key.substring(2));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return key.regionMatches(2, id.toString(), 0, 36) ? id : null;
  }

  /** The {@code "j:"}/{@code "h:"} form of a serializable key ({@code "o:"} if it fails). */
  private static String serializedForm(Object key) {
    byte[] bytes;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
        objects.writeObject(key);
      }
      bytes = out.toByteArray();
    } catch (IOException | RuntimeException e) {
      return "o:" + key.getClass().getName() + "@" + Integer.toHexString(key.hashCode());
    }
    if (bytes.length <= MAX_ENCODED_BYTES) {
      return "j:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    return "h:" + sha256(bytes);
  }

  /** Whether every surrogate is paired, so that the string has a UTF-8 form. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
