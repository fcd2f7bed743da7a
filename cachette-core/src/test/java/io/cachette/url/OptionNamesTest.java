package io.cachette.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.backend.Backends;
import io.cachette.backend.file.FileBackend;
import io.cachette.backend.memory.MemoryBackend;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One option, one name: a URL parameter is the kebab-case of the builder option it sets. */
class OptionNamesTest {
  private static final Pattern SUPPORTED = Pattern.compile("supported: \\[([^]]*)]");

  @TempDir Path folder;

  @Test
  void kebabCaseJoinsTheWordsOfACamelCaseName() {
    assertThat(UrlParams.kebabCase("maxSize")).isEqualTo("max-size");
    assertThat(UrlParams.kebabCase("loadLease")).isEqualTo("load-lease");
    assertThat(UrlParams.kebabCase("fsync")).isEqualTo("fsync");
    assertThat(UrlParams.kebabCase("maxValueBytes")).isEqualTo("max-value-bytes");
    assertThatThrownBy(() -> UrlParams.kebabCase("MaxSize"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UrlParams.kebabCase("max-size"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMemoryAndFileUrlParametersAreTheirBuildersOptions() {
    assertNamedAsBuilderOptions("memory://", MemoryBackend.Builder.class);
    assertNamedAsBuilderOptions(folder.toUri() + "cache", FileBackend.Builder.class);
  }

  /** Every parameter a URL supports (as its unknown-parameter message lists them) is an option. */
  private static void assertNamedAsBuilderOptions(String url, Class<?> builder) {
    String separator = url.contains("?") ? "&" : "?";
    List<String> parameters;
    try {
      Backends.fromUrl(url + separator + "no-such-parameter=1").close();
      throw new AssertionError(url + " accepted an unknown parameter");
    } catch (IllegalArgumentException e) {
      Matcher m = SUPPORTED.matcher(e.getMessage());
      assertThat(m.find()).as(e.getMessage()).isTrue();
      parameters = Arrays.stream(m.group(1).split(",\\s*")).toList();
    }
    List<String> options = Arrays.stream(builder.getMethods()).map(Method::getName)
        .filter(name -> name.matches("[a-z][A-Za-z0-9]*")).map(UrlParams::kebabCase).toList();
    assertThat(parameters).isNotEmpty();
    assertThat(options).as("the options of " + builder.getName()).containsAll(parameters);
  }
}
