package io.cachette.dynamodb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * dynalite (an open-source DynamoDB API server, from npm) on an ephemeral port of 127.0.0.1, one
 * per test class: {@code @RegisterExtension static final DynaliteServer DYNALITE = ...}.
 *
 * <p>dynalite is installed on first use into {@code .tools/dynalite} at the repository root, from
 * the pinned {@code src/test/dynalite/package-lock.json} ({@code npm ci}; {@code
 * scripts/services.sh} does the same), and run with {@code node}. Tables are in memory unless the
 * server is {@link #persistent()} (LevelDB in a temporary folder, so that a restarted server keeps
 * its tables).
 *
 * <p>Set {@code CACHETTE_DYNAMODB_URL} (for example {@code dynamodb://cachette-test?region=eu-west-1
 * &create-table=true}) to run the tests that accept any server against that DynamoDB instead;
 * no dynalite is started then, and tests that stop the server are skipped.
 *
 * <p>Public for the tests of other modules (cachette-http's run the HTTP cache on dynalite, from
 * this module's test-jar); they install it from this module's pinned lock file too.
 */
public final class DynaliteServer implements BeforeAllCallback, AfterAllCallback {
  /** A URL of a real DynamoDB to test against instead of dynalite. */
  static final String REAL_URL = System.getenv("CACHETTE_DYNAMODB_URL");
  /** The secret key the tests sign with against dynalite: it must never show in describe(). */
  static final String SECRET = "cachette-test-secret-9f3c1b7e";

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path INSTALL = MODULE.getParent().resolve(".tools/dynalite");
  private static final Path CLI = INSTALL.resolve("node_modules/dynalite/cli.js");
  private static final Duration START_DEADLINE = Duration.ofSeconds(30);

  private final boolean persistent;
  private Path dataDir;
  private Process process;
  private int port;

  private DynaliteServer(boolean persistent) {
    this.persistent = persistent;
  }

  /** A server whose tables live in memory (lost when it stops). */
  public static DynaliteServer inMemory() {
    return new DynaliteServer(false);
  }

  /** A server whose tables live in a LevelDB folder, kept across {@link #kill()} and start. */
  static DynaliteServer persistent() {
    return new DynaliteServer(true);
  }

  /** Whether the tests run against a real DynamoDB ({@code CACHETTE_DYNAMODB_URL}). */
  static boolean real() {
    return REAL_URL != null && !REAL_URL.isBlank();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (real()) {
      return;
    }
    // dynalite checks no signature, but the SDK signs every request: any key will do.
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "cachette-test-key");
      System.setProperty("aws.secretAccessKey", SECRET);
    }
    install();
    if (persistent) {
      dataDir = Files.createTempDirectory("cachette-dynalite");
    }
    port = freePort();
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    kill();
    if (dataDir != null) {
      try (var files = Files.walk(dataDir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
      }
    }
  }

  /** The endpoint to give the SDK: {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** A {@code dynamodb://} URL of a table on this server (or the real DynamoDB's URL). */
  public String url(String table, String extraParams) {
    if (real()) {
      return REAL_URL;
    }
    return "dynamodb://" + table + "?region=us-east-1&endpoint=" + endpoint() + "&create-table=true"
        + (extraParams.isEmpty() ? "" : "&" + extraParams);
  }

  /** Skips the calling test when it runs against a real DynamoDB (it needs to stop the server). */
  static void requireDynalite() {
    assumeTrue(!real(), "stops the server: dynalite only");
  }

  /** Starts the server on its port (again, after {@link #kill()}) and waits until it answers. */
  void start() throws IOException {
    List<String> command = new ArrayList<>(List.of("node", CLI.toString(), "--host", "127.0.0.1",
        "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0",
        "--updateTableMs", "0"));
    if (persistent) {
      command.add("--path");
      command.add(dataDir.toString());
    }
    Path log = MODULE.resolve("target/dynalite-" + port + ".log");
    Files.createDirectories(log.getParent());
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (!answers(port)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("dynalite exited with " + process.exitValue()
            + " on port " + port + "; see " + log);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("dynalite did not listen on port " + port + " within "
            + START_DEADLINE + "; see " + log);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /** Stops the server at once (SIGKILL) and waits until it is gone and its port is closed. */
  void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    process = null;
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Installs the pinned dynalite into {@code .tools/dynalite} unless it is there, under a file
   * lock so that test JVMs starting together install it once.
   */
  @SuppressWarnings("try") // the lock is held by the try, not used in it
  private static void install() throws IOException, InterruptedException {
    if (Files.exists(CLI)) {
      return;
    }
    Files.createDirectories(INSTALL);
    try (FileChannel channel = FileChannel.open(INSTALL.resolve(".install.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      if (Files.exists(CLI)) {
        return;
      }
      // This module's pinned files, whichever module's tests install it first.
      Path pinned = MODULE.getParent().resolve("cachette-dynamodb/src/test/dynalite");
      for (String file : List.of("package.json", "package-lock.json")) {
        Files.copy(pinned.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      Process npm;
      try {
        npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
            .directory(INSTALL.toFile()).redirectErrorStream(true)
            .redirectOutput(INSTALL.resolve("npm-ci.log").toFile()).start();
      } catch (IOException e) {
        throw new UncheckedIOException("npm is not on the PATH: install Node.js and npm (bash"
            + " scripts/services.sh does), the cachette-dynamodb tests run dynalite from npm", e);
      }
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        throw new IllegalStateException("npm ci of dynalite failed in " + INSTALL + "; see "
            + INSTALL.resolve("npm-ci.log"));
      }
    }
  }
}
