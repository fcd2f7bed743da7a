package io.cachette.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.backend.Backends;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code dynamodb://} URLs: the ServiceLoader registration, the parameters and their defaults, bad
 * URLs refused before any client is made, and descriptions without credentials. Nothing here
 * talks to a server (a backend sends nothing until its first operation).
 */
class DynamoDbUrlTest {

  @Test
  void theSchemeIsRegisteredThroughServiceLoader() {
    assertThat(ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::type).collect(Collectors.toList()))
        .contains(DynamoDbBackendProvider.class);
    try (Backend backend = Backends.fromUrl("dynamodb://my-table?region=eu-west-1")) {
      assertThat(backend).isInstanceOf(DynamoDbBackend.class);
      assertThat(backend.describe()).isEqualTo("dynamodb://my-table?region=eu-west-1");
      assertThat(backend.maxValueBytes()).isEqualTo(DynamoDbAsyncBackend.MAX_VALUE_BYTES);
    }
  }

  @Test
  void theEndpointIsDescribedWithoutUserInfoPathOrQuery() {
    try (Backend backend = Backends.fromUrl("dynamodb://Cache_Table.v2?region=us-east-1"
        + "&endpoint=http://127.0.0.1:8000&create-table=true&consistent-read=false&timeout=250ms")) {
      assertThat(backend.describe())
          .isEqualTo("dynamodb://Cache_Table.v2?region=us-east-1&endpoint=http://127.0.0.1:8000");
    }
  }

  @Test
  void credentialsInTheUrlAreRefusedWithoutRepeatingTheSecret() {
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://AKIAEXAMPLE:s3cr3t-key@my-table"
        + "?region=us-east-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default chain")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-key"));
  }

  @Test
  void credentialsFromTheDefaultChainNeverShowInTheDescription() {
    String key = System.getProperty("aws.accessKeyId");
    String secret = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.accessKeyId", "AKIA-URL-TEST");
    System.setProperty("aws.secretAccessKey", "url-test-secret-value");
    try (Backend backend = Backends.fromUrl("dynamodb://my-table?region=us-east-1")) {
      assertThat(backend.describe() + backend).doesNotContain("AKIA-URL-TEST")
          .doesNotContain("url-test-secret-value");
    } finally {
      restore("aws.accessKeyId", key);
      restore("aws.secretAccessKey", secret);
    }
  }

  @Test
  void badUrlsAndParametersAreRefusedNamingWhatToWrite() {
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://my-table?region=us-east-1&ttl=5"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl")
        .hasMessageContaining("create-table");
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://ab?region=us-east-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 to 255");
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://my-table:8000?region=us-east-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint=");
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://my-table/x?region=us-east-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path");
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://?region=us-east-1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://my-table?region=US_EAST"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("us-east-1");
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://my-table?region=us-east-1"
        + "&endpoint=ftp://host"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://host:port");
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://my-table?region=us-east-1"
        + "&endpoint=http://user:pw@host:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":pw@"));
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://my-table?region=us-east-1"
        + "&timeout=0s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> Backends.fromUrl("dynamodb://my-table?region=us-east-1"
        + "&create-table=maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true or false");
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
