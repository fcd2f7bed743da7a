package io.cachette.http;

import java.net.http.HttpResponse;
import java.util.Objects;

/**
 * Reads the cache metadata of a response returned by a {@link CachedHttpClient}:
 *
 * <pre>{@code
 * HttpResponse<String> r = http.send(request, BodyHandlers.ofString());
 * if (CachedResponses.of(r).fromCache()) { ... }
 * }</pre>
 */
public final class CachedResponses {
  private CachedResponses() {}

  /**
   * The metadata of a response from {@link CachedHttpClient#send} or {@link CachedHttpClient#sendAsync}.
   *
   * @throws NullPointerException when {@code response} is null
   * @throws IllegalArgumentException when the response did not come from a {@link CachedHttpClient}
   *     (for example from the client it delegates to)
   */
  public static CacheInfo of(HttpResponse<?> response) {
    Objects.requireNonNull(response, "response");
    if (response instanceof CachedHttpResponse<?> cached) {
      return cached.info();
    }
    throw new IllegalArgumentException("this response (" + response.getClass().getName()
        + ") was not returned by a CachedHttpClient; send the request with CachedHttpClient.send"
        + " or sendAsync to get its cache metadata");
  }
}
