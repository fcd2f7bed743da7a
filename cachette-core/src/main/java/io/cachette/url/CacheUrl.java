package io.cachette.url;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A parsed backend or serializer URL such as {@code redis://user:pw@host:6379/0?timeout=2s},
 * {@code redis-sentinel://h1:26379,h2:26379/0?master=m}, {@code file:///var/cache/app} or
 * {@code json+zstd://?compression-level=3}.
 *
 * <p>{@link java.net.URI} cannot hold several hosts or a {@code +} chain with an empty authority, so
 * Cachette parses its URLs itself: {@code scheme "://" [userinfo "@"] [authority] [path] ["?" query]}.
 * The scheme is lower-cased; user info, path and query values are percent-decoded. Instances are
 * immutable and thread-safe, except for the parameter bookkeeping of {@link #params()} (see
 * {@link UrlParams}).
 */
public final class CacheUrl {
  private final String raw;
  private final String scheme;
  private final @Nullable String user;
  private final @Nullable String password;
  private final String authority;
  private final List<HostAndPort> hosts;
  private final String path;
  private final UrlParams params;

  private CacheUrl(String raw, String scheme, @Nullable String user, @Nullable String password,
      String authority, List<HostAndPort> hosts, String path, UrlParams params) {
    this.raw = raw;
    this.scheme = scheme;
    this.user = user;
    this.password = password;
    this.authority = authority;
    this.hosts = hosts;
    this.path = path;
    this.params = params;
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException if the text is not of the form {@code scheme://...}, or a
   *     port, percent escape or query parameter is malformed; the message quotes the URL (with any
   *     password masked) and says what is wrong
   */
  public static CacheUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    String text = url.strip();
    int sep = text.indexOf("://");
    if (sep <= 0) {
      throw bad(text, "expected the form scheme://..., for example memory:// or redis://localhost:6379");
    }
    String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.matches("[a-z][a-z0-9+.\\-]*")) {
      throw bad(text, "the scheme '" + scheme + "' may only hold letters, digits, '+', '-' and '.'");
    }
    String rest = text.substring(sep + 3);
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String authority = slash >= 0 ? rest.substring(0, slash) : rest;
    String path = slash >= 0 ? rest.substring(slash) : "";

    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      user = decode(text, colon >= 0 ? info.substring(0, colon) : info);
      password = colon >= 0 ? decode(text, info.substring(colon + 1)) : null;
      if (user.isEmpty()) {
        user = null;
      }
    }
    List<HostAndPort> hosts = new ArrayList<>();
    if (!authority.isEmpty()) {
      for (String part : authority.split(",", -1)) {
        hosts.add(HostAndPort.parse(text, part));
      }
    }
    UrlParams params = UrlParams.parse(mask(text), query);
    return new CacheUrl(text, scheme, user, password, authority, Collections.unmodifiableList(hosts),
        decode(text, path), params);
  }

  /** The lower-cased scheme, for example {@code redis} or {@code json+zstd}. */
  public String scheme() {
    return scheme;
  }

  /** The user name from the user info, or null. */
  public @Nullable String user() {
    return user;
  }

  /** The password from the user info, or null. Never included in {@link #toString()}. */
  public @Nullable String password() {
    return password;
  }

  /** The authority without user info, as written (may be empty, or hold several hosts). */
  public String authority() {
    return authority;
  }

  /** The hosts of the authority, in order; empty when the authority is empty. */
  public List<HostAndPort> hosts() {
    return hosts;
  }

  /** The decoded path, starting with {@code /}, or empty. */
  public String path() {
    return path;
  }

  /**
   * The path a file-based backend should open: for {@code file:///abs/dir} it is {@code /abs/dir};
   * for {@code file://relative/dir} (no third slash) the authority is the first path segment, giving
   * {@code relative/dir}; a leading {@code ~/} is left for the caller to expand.
   */
  public String fileSystemPath() {
    return authority.isEmpty() ? path : decode(raw, authority) + path;
  }

  /** The query parameters. */
  public UrlParams params() {
    return params;
  }

  /** The URL as given, with any password replaced by {@code ***}. */
  @Override
  public String toString() {
    return mask(raw);
  }

  /** Replaces the password in a URL's user info with {@code ***}, for messages and logs. */
  public static String mask(String url) {
    return url.replaceFirst("^([^:/?#]+://[^:/@?#]*:)[^@/?#]*@", "$1***@");
  }

  static IllegalArgumentException bad(String url, String why) {
    return new IllegalArgumentException("Malformed URL '" + mask(url) + "': " + why);
  }

  static String decode(String url, String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad(url, "bad percent escape in '" + text + "'");
    }
  }

  /** One {@code host[:port]} of an authority; IPv6 literals are written in brackets. */
  public record HostAndPort(String host, int port) {
    /** Port value meaning "none given: use the scheme's default". */
    public static final int NO_PORT = -1;

    static HostAndPort parse(String url, String text) {
      if (text.isEmpty()) {
        throw bad(url, "empty host in a host list");
      }
      String host = text;
      String port = null;
      if (text.startsWith("[")) {
        int end = text.indexOf(']');
        if (end < 0) {
          throw bad(url, "unclosed '[' in IPv6 host '" + text + "'");
        }
        host = text.substring(1, end);
        if (end + 1 < text.length()) {
          if (text.charAt(end + 1) != ':') {
            throw bad(url, "expected ':' after ']' in '" + text + "'");
          }
          port = text.substring(end + 2);
        }
      } else {
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
          host = text.substring(0, colon);
          port = text.substring(colon + 1);
        }
      }
      if (port == null) {
        return new HostAndPort(host, NO_PORT);
      }
      try {
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
          throw bad(url, "port " + value + " is out of range 1..65535");
        }
        return new HostAndPort(host, value);
      } catch (NumberFormatException e) {
        throw bad(url, "port '" + port + "' is not a number");
      }
    }

    /** The port, or {@code fallback} when none was given. */
    public int portOr(int fallback) {
      return port == NO_PORT ? fallback : port;
    }
  }

  static Map<String, String> parseQuery(String url, String query) {
    Map<String, String> values = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return values;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(url, eq >= 0 ? pair.substring(0, eq) : pair).toLowerCase(Locale.ROOT);
      String value = eq >= 0 ? decode(url, pair.substring(eq + 1)) : "";
      if (values.put(name, value) != null) {
        throw bad(url, "parameter '" + name + "' is given twice");
      }
    }
    return values;
  }
}
