package io.cachette.http;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The immutable settings of one {@link CachedHttpClient}, as its builder resolved them. */
record Settings(
    Clock clock,
    Expiration expireAfter,
    List<UrlRule> urlRules,
    boolean cacheControl,
    Set<Integer> allowableCodes,
    Set<String> allowableMethods,
    @Nullable Predicate<StoredResponse> filter,
    boolean alwaysRevalidate,
    boolean readOnly,
    @Nullable Duration staleIfError,
    @Nullable Duration staleWhileRevalidate,
    boolean matchAllHeaders,
    List<String> matchHeaders,
    Set<String> ignoredParameters,
    @Nullable Function<HttpRequest, String> keyFunction,
    boolean onlyIfCached,
    long maxBodyBytes,
    boolean coalesce) {

  /** The expiration from the settings alone: the first matching URL rule, else expireAfter. */
  Expiration expirationFor(java.net.URI uri) {
    for (UrlRule rule : urlRules) {
      if (rule.matches(uri)) {
        return rule.expiration();
      }
    }
    return expireAfter;
  }

  boolean isIgnored(String name) {
    return ignoredParameters.contains(name.toLowerCase(java.util.Locale.ROOT));
  }
}
