package io.cachette.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * What counts as a secret, and how secrets are kept out of keys and messages: parameters and
 * headers whose names mark credentials render as a digest in keys, and their values are hidden in
 * exception messages.
 */
final class Secrets {
  /** Names (lower case, letters and digits only) that hold a secret when they appear whole. */
  private static final Set<String> WHOLE = Set.of("key", "auth", "sig", "pwd", "pass", "code");
  /** Parts of names that hold a secret wherever they appear. */
  private static final String[] PARTS = {"authorization", "token", "apikey", "secret", "password",
      "passwd", "cookie", "session", "credential", "signature", "privatekey", "accesskey"};

  private Secrets() {}

  /** Whether a parameter or header of this name holds a credential. */
  static boolean isSecretName(String name) {
    StringBuilder letters = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        letters.append(Character.toLowerCase(c));
      }
    }
    String plain = letters.toString();
    if (WHOLE.contains(plain)) {
      return true;
    }
    for (String part : PARTS) {
      if (plain.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** A digest that tells values apart without showing them: {@code sha256-} and 32 hex digits. */
  static String digest(String value) {
    return "sha256-" + sha256(value).substring(0, 32);
  }

  static String sha256(String value) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The URI with user info and the values of secret-looking query parameters replaced by ***. */
  static String maskQuery(URI uri) {
    String text = uri.toString();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      text = text.replace(userInfo + "@", "***@");
    }
    int question = text.indexOf('?');
    if (question < 0) {
      return text;
    }
    int hash = text.indexOf('#', question);
    String query = hash < 0 ? text.substring(question + 1) : text.substring(question + 1, hash);
    StringBuilder out = new StringBuilder(text.substring(0, question + 1));
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int equals = pair.indexOf('=');
      if (equals >= 0 && isSecretName(decode(pair.substring(0, equals)))) {
        out.append(pair, 0, equals + 1).append("***");
      } else {
        out.append(pair);
      }
    }
    return hash < 0 ? out.toString() : out.append(text.substring(hash)).toString();
  }

  private static String decode(String text) {
    try {
      return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text.toLowerCase(Locale.ROOT);
    }
  }
}
