package io.cachette.memo;

import io.cachette.Cache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Makes the key of each call of one memoized method or function: the part after
 * {@code <namespace>:}, which {@link Cache} adds. Everything that does not depend on the arguments
 * is worked out once, here.
 */
final class KeyMaker {
  private static final @Nullable Object[] NO_ARGS = new Object[0];
  private static final HexFormat HEX = HexFormat.of();

  private final String namespacePrefix;
  private final String scopePrefix;
  private final String method;
  private final String open;
  private final String noArguments;
  private final boolean typed;
  private final ArgumentRenderer renderer;
  private final boolean hashed;
  private final @Nullable KeyGenerator generator;

  /**
   * @param method {@code <declaring class>.<method>} (with the parameter types of an overload), or a
   *     wrapper's name
   */
  KeyMaker(String namespace, String method, boolean typed, KeyStyle style,
      @Nullable KeyGenerator generator) {
    this(namespace, "", method, typed, style, generator);
  }

  /**
   * @param scope a proxy's scope ({@link Memoizer#proxy(Class, Object, String)}), or empty for
   *     none: a scope prefixes every key it makes with {@code <scope>/}
   */
  KeyMaker(String namespace, String scope, String method, boolean typed, KeyStyle style,
      @Nullable KeyGenerator generator) {
    this.namespacePrefix = namespace + ":";
    this.scopePrefix = scope.isEmpty() ? "" : scope + "/";
    this.method = method;
    this.open = scopePrefix + method + "(";
    this.noArguments = scopePrefix + method + "()";
    this.typed = typed;
    this.renderer = ArgumentRenderer.of(typed);
    this.hashed = style == KeyStyle.HASHED;
    this.generator = generator;
  }

  /** The key of a call with these arguments ({@code null}: none). */
  String key(@Nullable Object @Nullable [] args) {
    @Nullable Object[] arguments = args == null ? NO_ARGS : args;
    if (generator != null) {
      return generated(arguments, generator);
    }
    String readable = readable(arguments);
    return hashed || tooLong(readable) ? hash(namespacePrefix + readable) : readable;
  }

  /** The readable key, without the namespace (with the scope, if any). */
  String readable(@Nullable Object[] arguments) {
    // The commonest shapes in one exactly sized string each (what ArgumentRenderer would write).
    if (arguments.length == 0) {
      return noArguments;
    }
    if (arguments.length == 1) {
      Object only = arguments[0];
      if (only instanceof Integer i) {
        return typed ? open + "(int)" + i.intValue() + ")" : open + i.intValue() + ")";
      }
      if (only instanceof Long l) {
        return typed ? open + "(long)" + l.longValue() + ")" : open + l.longValue() + ")";
      }
    }
    StringBuilder out = new StringBuilder(open.length() + 8 * arguments.length + 2);
    out.append(open);
    renderer.renderAll(out, arguments);
    return out.append(')').toString();
  }

  private String generated(@Nullable Object[] arguments, KeyGenerator generator) {
    List<@Nullable Object> view = Collections.unmodifiableList(Arrays.asList(arguments));
    String key = generator.key(method, view);
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("Key generator " + generator.getClass().getName()
          + " made " + (key == null ? "a null" : "an empty") + " key for " + method
          + "; it must return a non-empty string");
    }
    return scopePrefix.isEmpty() ? key : scopePrefix + key;
  }

  private boolean tooLong(String readable) {
    int length = namespacePrefix.length() + readable.length();
    return length * 3 > Cache.MAX_KEY_BYTES
        && (namespacePrefix + readable).getBytes(StandardCharsets.UTF_8).length > Cache.MAX_KEY_BYTES;
  }

  /** The lowercase hex SHA-256 of a full readable key. */
  static String hash(String readableKey) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HEX.formatHex(sha256.digest(readableKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
