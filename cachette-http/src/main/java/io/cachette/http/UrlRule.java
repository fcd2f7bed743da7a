package io.cachette.http;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * One entry of {@code urlsExpireAfter}: a glob or a regular expression, and the expiration of the
 * URLs it matches. A glob matches the URL without its scheme, with {@code **} appended (so
 * {@code site.com/static} matches everything under it); {@code *} and {@code **} match any
 * characters, {@code ?} one, and {@code *} alone matches every URL. A regular expression is searched
 * for anywhere in the full URL.
 */
record UrlRule(String pattern, Pattern regex, boolean glob, Expiration expiration) {

  static UrlRule glob(String glob, Expiration expiration) {
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("a URL glob must not be empty; use \"*\" to match every URL");
    }
    StringBuilder regex = new StringBuilder();
    String withSuffix = glob + "**";
    for (int i = 0; i < withSuffix.length(); i++) {
      char c = withSuffix.charAt(i);
      if (c == '*') {
        regex.append(".*");
        while (i + 1 < withSuffix.length() && withSuffix.charAt(i + 1) == '*') {
          i++;
        }
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new UrlRule(glob, Pattern.compile(regex.toString(), Pattern.DOTALL), true, expiration);
  }

  static UrlRule regex(Pattern pattern, Expiration expiration) {
    return new UrlRule(pattern.pattern(), pattern, false, expiration);
  }

  boolean matches(URI uri) {
    String full = uri.toString();
    if (!glob) {
      return regex.matcher(full).find();
    }
    int schemeEnd = full.indexOf("://");
    String withoutScheme = schemeEnd >= 0 ? full.substring(schemeEnd + 3) : full;
    return regex.matcher(withoutScheme).matches();
  }

  @Override
  public String toString() {
    return (glob ? pattern : "regex:" + pattern) + "=" + expiration;
  }
}
