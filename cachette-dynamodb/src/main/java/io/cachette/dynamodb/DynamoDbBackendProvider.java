package io.cachette.dynamodb;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.url.CacheUrl;
import io.cachette.url.UrlParams;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/**
 * Opens DynamoDB backends by URL (registered with {@link java.util.ServiceLoader}):
 * {@code dynamodb://table?region=us-east-1&endpoint=http://127.0.0.1:8000&create-table=true}.
 *
 * <p>Parameters: {@code region} (default: the SDK's region chain, such as {@code AWS_REGION});
 * {@code endpoint} (an {@code http://} or {@code https://} URL, for a DynamoDB-compatible server
 * or a VPC endpoint; default the region's); {@code create-table} (default false);
 * {@code consistent-read} (default true); {@code timeout} (per request, default 2s). Unknown
 * parameters are refused. Credentials come from the SDK's default chain (environment, system
 * properties, profile, container or instance role) and never from the URL: a URL with a user or
 * password is refused, so that no secret ends up in configuration files or logs.
 */
public final class DynamoDbBackendProvider implements BackendProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("dynamodb");
  }

  /**
   * Opens the backend a URL names, with a client of its own (the AWS CRT HTTP client) that it
   * closes with itself. Nothing is sent until the first operation.
   *
   * @throws IllegalArgumentException when the URL or a parameter is invalid, or no region is given
   *     or configured
   */
  @Override
  public Backend open(CacheUrl url) {
    if (url.user() != null || url.password() != null) {
      throw new IllegalArgumentException("dynamodb:// takes no credentials in the URL ('" + url
          + "'): they come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, a profile, or a role)");
    }
    if (url.hosts().size() != 1 || url.hosts().get(0).port() != CacheUrl.HostAndPort.NO_PORT
        || !url.path().isEmpty()) {
      throw new IllegalArgumentException("Malformed URL '" + url + "': expected"
          + " dynamodb://<table>?region=<region>, with the table name as the host (no port, no"
          + " path); give a server's address as endpoint=http://host:port");
    }
    String table = DynamoDbBackend.checkTable(url.authority());
    UrlParams params = url.params();
    String regionText = params.string("region");
    String endpointText = params.string("endpoint");
    boolean createTable = params.bool("create-table", false);
    boolean consistentRead = params.bool("consistent-read", true);
    Duration timeout = Objects.requireNonNull(
        params.duration("timeout", DynamoDbBackend.DEFAULT_TIMEOUT), "timeout");
    params.rejectUnknown("dynamodb://");

    Region region = region(regionText);
    URI endpoint = endpointText == null ? null : endpoint(url, endpointText);
    String description = "dynamodb://" + table + "?region=" + region.id()
        + (endpoint == null ? "" : "&endpoint=" + endpoint);

    DynamoDbAsyncClientBuilder clientBuilder = DynamoDbAsyncClient.builder()
        .region(region)
        .httpClientBuilder(AwsCrtAsyncHttpClient.builder().connectionTimeout(timeout))
        .overrideConfiguration(c -> c.apiCallTimeout(timeout));
    if (endpoint != null) {
      clientBuilder.endpointOverride(endpoint);
    }
    DynamoDbAsyncClient client = clientBuilder.build();
    try {
      DynamoDbBackend.Builder builder = DynamoDbBackend.builder(client, table)
          .createTable(createTable).consistentRead(consistentRead).timeout(timeout)
          .opened(description, client);
      return builder.build();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static Region region(@Nullable String text) {
    if (text != null) {
      if (!text.matches("[a-z0-9][a-z0-9\\-]*[a-z0-9]")) {
        throw new IllegalArgumentException("Invalid value '" + text + "' for parameter 'region'"
            + " of dynamodb://: expected an AWS region such as us-east-1");
      }
      return Region.of(text);
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException("dynamodb:// needs a region: add region=us-east-1 (or"
          + " yours) to the URL, or set AWS_REGION", e);
    }
  }

  /** The endpoint as scheme, host and port only: user info, path or query are refused. */
  private static URI endpoint(CacheUrl url, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw badEndpoint(url, text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
        || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw badEndpoint(url, text);
    }
    try {
      return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
    } catch (URISyntaxException e) {
      throw badEndpoint(url, text);
    }
  }

  private static IllegalArgumentException badEndpoint(CacheUrl url, String text) {
    // The URL is not quoted: an endpoint with user info would show its password there.
    return new IllegalArgumentException("Invalid value '" + CacheUrl.mask(text) + "' for parameter"
        + " 'endpoint' of dynamodb://" + url.authority() + ": expected http://host:port or"
        + " https://host[:port] (no user info, path or query)");
  }
}
