package io.cachette.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Cache keys and redaction. A key is a SHA-256 digest (32 hex characters) of the method, the
 * normalized URL (scheme and host lower-cased, default port and fragment dropped, query parameters
 * sorted), the matched request headers and the normalized body, with every ignored parameter left
 * out, so that no secret is ever part of a key. What is stored (the URL, response headers) has
 * ignored parameters replaced by {@value #REDACTED} or removed.
 *
 * <p>Three shapes of key share the namespace: a request's key ({@code <32 hex>}), a Vary variant's
 * ({@code <request key>-<16 hex>}) and a URL index's ({@value #INDEX_PREFIX}{@code <32 hex>}).
 */
final class RequestKeys {
  static final String REDACTED = "REDACTED";
  /** The prefix of a URL index's key. */
  static final String INDEX_PREFIX = "u-";
  private static final HexFormat HEX = HexFormat.of();
  /** Never used itself: each digest is a clone of it (see {@link #sha256}). */
  private static final MessageDigest SHA_256 = newSha256();
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final Settings settings;

  RequestKeys(Settings settings) {
    this.settings = settings;
  }

  /** The key of a request (for HEAD answered from GET, pass method "GET"). */
  String key(HttpRequest request, String method, byte @Nullable [] body) {
    if (settings.keyFunction() != null) {
      String custom = settings.keyFunction().apply(request);
      if (custom == null || custom.isEmpty()) {
        throw new IllegalStateException("the keyFunction returned " + (custom == null ? "null"
            : "an empty key") + " for " + redactUri(request.uri()) + "; return a non-empty key");
      }
      return digest(method + "\n" + custom);
    }
    StringBuilder text = new StringBuilder();
    text.append(method).append('\n').append(normalizedUri(request.uri(), false)).append('\n');
    for (Map.Entry<String, List<String>> header : matchedHeaders(request.headers()).entrySet()) {
      text.append(header.getKey()).append(':').append(String.join(",", header.getValue()))
          .append('\n');
    }
    if (body != null && body.length > 0) {
      String contentType = request.headers().firstValue("content-type").orElse("")
          .toLowerCase(Locale.ROOT);
      text.append(normalizedBody(contentType, body));
    }
    return digest(text.toString());
  }

  /** The key a plain request for this URI would have (invalidation and inspection). */
  String key(String method, URI uri) {
    return key(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
        .build(), method, null);
  }

  /**
   * The key of one variant: the request's key, the Vary index's generation and the values of the
   * request headers Vary names.
   */
  String variantKey(String baseKey, String generation, Map<String, List<String>> varyValues) {
    StringBuilder text = new StringBuilder(baseKey).append('\n').append(generation);
    varyValues.forEach((name, values) -> text.append('\n').append(name).append(':')
        .append(String.join(",", values)));
    return baseKey + "-" + digest(text.toString()).substring(0, 16);
  }

  /** The request key a variant key belongs to, or null when the key is not a variant's. */
  static @Nullable String varyIndexKeyOf(String key) {
    int dash = key.indexOf('-');
    return dash > 0 && !key.startsWith(INDEX_PREFIX) ? key.substring(0, dash) : null;
  }

  /**
   * The key of a URL's index: a digest of the normalized URL without ignored parameters, the same
   * whatever the method, headers, body or key function (and the same for a stored, redacted URL).
   */
  String indexKey(URI uri) {
    return INDEX_PREFIX + digest("url\n" + normalizedUri(uri, false));
  }

  /** The request's values of the headers {@code names}, by lower-case name (absent: empty list). */
  static Map<String, List<String>> varyValues(List<String> names, HttpHeaders requestHeaders) {
    Map<String, List<String>> values = new TreeMap<>();
    for (String name : names) {
      values.put(name, requestHeaders.allValues(name));
    }
    return values;
  }

  /** The URI as it may be stored: the values of ignored query parameters are {@value #REDACTED}. */
  String redactUri(URI uri) {
    return normalizedUri(uri, true);
  }

  private Map<String, List<String>> matchedHeaders(HttpHeaders headers) {
    Map<String, List<String>> matched = new TreeMap<>();
    if (!settings.matchAllHeaders() && settings.matchHeaders().isEmpty()) {
      return matched;
    }
    headers.map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (settings.isIgnored(lower)) {
        return;
      }
      if (settings.matchAllHeaders() || settings.matchHeaders().contains(lower)) {
        matched.put(lower, values);
      }
    });
    return matched;
  }

  private String normalizedUri(URI uri, boolean keepRedacted) {
    StringBuilder text = new StringBuilder();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    text.append(scheme).append("://");
    if (uri.getHost() != null) {
      text.append(uri.getHost().toLowerCase(Locale.ROOT));
    } else if (uri.getRawAuthority() != null) {
      text.append(uri.getRawAuthority());
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80)
        || ("https".equals(scheme) && port == 443);
    if (!defaultPort) {
      text.append(':').append(port);
    }
    String path = uri.getRawPath();
    text.append(path == null || path.isEmpty() ? "/" : path);
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      List<String> kept = new ArrayList<>();
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        if (settings.isIgnored(name)) {
          if (keepRedacted) {
            kept.add(pair.substring(0, eq < 0 ? pair.length() : eq) + "=" + REDACTED);
          }
        } else {
          kept.add(pair);
        }
      }
      if (!keepRedacted) {
        kept.sort(null);
      }
      if (!kept.isEmpty()) {
        text.append('?').append(String.join("&", kept));
      }
    }
    return text.toString();
  }

  private String normalizedBody(String contentType, byte[] body) {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      List<String> kept = new ArrayList<>();
      for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
        int eq = pair.indexOf('=');
        if (!pair.isEmpty() && !settings.isIgnored(decode(eq < 0 ? pair : pair.substring(0, eq)))) {
          kept.add(pair);
        }
      }
      kept.sort(null);
      return String.join("&", kept);
    }
    if (contentType.contains("json")) {
      try {
        JsonNode tree = JSON.readTree(body);
        if (tree != null) {
          return JSON.writeValueAsString(withoutIgnored(tree));
        }
      } catch (IOException e) {
        // not JSON after all: the raw bytes below (the digest hides them)
      }
    }
    return HexFormat.of().formatHex(body);
  }

  private JsonNode withoutIgnored(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      TreeMap<String, JsonNode> kept = new TreeMap<>();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!settings.isIgnored(field.getKey())) {
          kept.put(field.getKey(), withoutIgnored(field.getValue()));
        }
      }
      ObjectNode copy = JSON.createObjectNode();
      kept.forEach(copy::set);
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JSON.createArrayNode();
      array.forEach(element -> copy.add(withoutIgnored(element)));
      return copy;
    }
    return node;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  static String digest(String text) {
    byte[] hash = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(hash, 0, 16);
  }

  /**
   * A fresh SHA-256 digest: a clone of {@link #SHA_256} (cheaper than a provider look-up per key),
   * or a new instance where the provider's digests cannot be cloned.
   */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
