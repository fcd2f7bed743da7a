package io.cachette.mongodb;

import com.mongodb.client.model.Filters;
import io.cachette.backend.BackendArguments;
import io.cachette.backend.Ttls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * What both MongoDB backends write and query: keys as {@code _id}, the {@code expiresAt} field,
 * the filter of live entries and the filter of a key prefix. Stateless and thread-safe.
 */
final class Documents {
  /** The field holding a key. */
  static final String ID = "_id";
  /** The field holding an expiry time (a BSON date); absent on an entry that never expires. */
  static final String EXPIRES_AT = "expiresAt";
  /**
   * The longest key, in UTF-8 bytes. MongoDB indexes keys of any length since 4.2, but every
   * byte of a key is a byte less for the value in a 16 MiB document.
   */
  static final int MAX_KEY_BYTES = 8 * 1024;
  /**
   * The latest expiry written, 9999-12-31T23:59:59.999Z: a longer TTL saturates here (the entry
   * never expires in practice) instead of writing a date that tools cannot print.
   */
  static final long LATEST_EXPIRY_MILLIS = 253_402_300_799_999L;

  private Documents() {}

  /**
   * Checks a key as every backend does, and its length.
   *
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when it is empty or longer than {@link #MAX_KEY_BYTES}
   */
  static String key(String key) {
    BackendArguments.key(key);
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit: count only when it may matter.
    if (key.length() * 3 > MAX_KEY_BYTES
        && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key is longer than " + MAX_KEY_BYTES
          + " bytes in UTF-8 (" + key.length() + " characters); MongoDB backends take keys up to"
          + " that length: hash long keys (Memoizer's hashed keys do)");
    }
    return key;
  }

  /** Checks every key of a list, and returns them without repeats, in order. */
  static List<String> keys(List<String> keys) {
    BackendArguments.keys(keys);
    for (String key : keys) {
      key(key);
    }
    return keys.stream().distinct().toList();
  }

  /** When an entry written now with this TTL expires, or null when it never does. */
  static @Nullable Date expiresAt(long nowMillis, @Nullable Duration ttl) {
    if (ttl == null) {
      return null;
    }
    return new Date(Math.min(Ttls.expiresAtMillis(nowMillis, ttl), LATEST_EXPIRY_MILLIS));
  }

  /** Whether a stored document is live at {@code nowMillis} (false for null). */
  static boolean live(@Nullable Document document, long nowMillis) {
    if (document == null) {
      return false;
    }
    Date expiresAt = expiresAt(document);
    return expiresAt == null || expiresAt.getTime() > nowMillis;
  }

  /** The time a live document has left, or null when it never expires. */
  static @Nullable Duration timeLeft(Document document, long nowMillis) {
    Date expiresAt = expiresAt(document);
    return expiresAt == null ? null : Duration.ofMillis(expiresAt.getTime() - nowMillis);
  }

  /**
   * A document's expiry, or null when it has none. A field that is not a date (a document not
   * written by Cachette) counts as none, as MongoDB's TTL monitor also leaves such a document.
   */
  private static @Nullable Date expiresAt(Document document) {
    return document.get(EXPIRES_AT) instanceof Date date ? date : null;
  }

  /** The documents that are live at {@code nowMillis}: no expiry, or one still to come. */
  static Bson liveFilter(long nowMillis) {
    return Filters.or(Filters.eq(EXPIRES_AT, null), Filters.gt(EXPIRES_AT, new Date(nowMillis)));
  }

  /** The documents that have expired by {@code nowMillis}. */
  static Bson expiredFilter(long nowMillis) {
    return Filters.lte(EXPIRES_AT, new Date(nowMillis));
  }

  /**
   * The documents whose {@code _id} starts with {@code prefix}, taken literally (no character of
   * it is a pattern). A range {@code [prefix, next)} that the {@code _id} index answers, where
   * {@code next} is the prefix with its last code point raised by one: since MongoDB orders
   * strings by their UTF-8 bytes, which follow code point order, exactly the strings starting with
   * the prefix lie in it. An anchored regular expression of the escaped prefix is added, so that
   * the match stays exact on servers that order strings otherwise (by UTF-16 units, as some
   * stand-ins do). The empty prefix matches every document.
   */
  static Bson prefixFilter(String field, String prefix) {
    if (prefix.isEmpty()) {
      return Filters.empty();
    }
    List<Bson> parts = new ArrayList<>(3);
    parts.add(Filters.gte(field, prefix));
    String next = successor(prefix);
    if (next != null) {
      parts.add(Filters.lt(field, next));
    }
    // A BSON regular expression is a C string: it cannot hold a NUL, which the range handles.
    if (prefix.indexOf('\0') < 0) {
      parts.add(Filters.regex(field, "^" + literalPattern(prefix)));
    }
    return Filters.and(parts);
  }

  /**
   * The least string greater than every string that starts with {@code prefix}: the prefix with
   * its last code point raised by one (carrying past U+10FFFF, skipping the surrogate range), or
   * null when there is none (a prefix made only of U+10FFFF).
   */
  static @Nullable String successor(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      int next = codePoints[i] + 1;
      if (next == Character.MIN_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        StringBuilder out = new StringBuilder(prefix.length() + 1);
        for (int j = 0; j < i; j++) {
          out.appendCodePoint(codePoints[j]);
        }
        return out.appendCodePoint(next).toString();
      }
    }
    return null;
  }

  /**
   * A regular expression matching {@code text} literally, in both PCRE (MongoDB) and
   * {@link java.util.regex.Pattern}: every ASCII character other than a letter, a digit, a space
   * or a control character is escaped with a backslash, which both read as that character.
   */
  static String literalPattern(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c)) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
