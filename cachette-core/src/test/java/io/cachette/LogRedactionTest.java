package io.cachette;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.backend.memory.MemoryBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What reaches the logs when a store fails or holds unreadable bytes: keys only in their redacted
 * form, never stored value contents. Runs the cache in a child JVM so that its real SLF4J output
 * (slf4j-simple, on stderr) is what the assertions read.
 */
class LogRedactionTest {
  static final String SECRET_KEY = "token=sk_live_4f9a8b7c6d5e4f3a2b1c";
  static final String SECRET_VALUE = "VALUE-SECRET-0123456789";

  /** The child: one fail-open read of a secret key, one unreadable entry holding a secret. */
  public static void main(String[] args) {
    FailingBackend failing = new FailingBackend();
    Cache<String> down = Cache.builder(String.class).backend(failing).serializer("string://")
        .build();
    down.get(SECRET_KEY);

    MemoryBackend memory = MemoryBackend.builder().build();
    Cache<Integer> numbers = Cache.builder(Integer.class).backend(memory).serializer("json://")
        .build();
    numbers.set(SECRET_KEY, 1);
    byte[] stored = (byte[]) memory.get("default:" + SECRET_KEY);
    byte[] corrupt = new byte[stored.length - 1 + SECRET_VALUE.length() + 2];
    System.arraycopy(stored, 0, corrupt, 0, stored.length - 1);
    byte[] text = ("\"" + SECRET_VALUE + "\"").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, corrupt, stored.length - 1, text.length);
    memory.set("default:" + SECRET_KEY, corrupt, null);
    if (numbers.get(SECRET_KEY).isPresent()) {
      throw new AssertionError("a string read as an integer");
    }
    System.err.println("child done");
  }

  private static String runChild(String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        LogRedactionTest.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("child done");
    return output;
  }

  @Test
  void warningsCarryRedactedKeysAndNoStoredContents() throws Exception {
    String output = runChild();
    assertThat(output).contains("fail-open").contains("Dropping unreadable entry");
    assertThat(output).contains("default:token=…(" + SECRET_KEY.length() + " chars, #");
    assertThat(output).doesNotContain("sk_live").doesNotContain(SECRET_VALUE);
  }

  @Test
  void theKeysLoggerAtDebugShowsFullKeys() throws Exception {
    String output = runChild("-Dorg.slf4j.simpleLogger.log.io.cachette.Cache.keys=debug");
    assertThat(output).contains("is the key 'default:" + SECRET_KEY + "'");
    assertThat(output).doesNotContain(SECRET_VALUE);
  }
}
