package io.cachette.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Real Redis servers for the tests: each one a {@code redis-server} process started on a free
 * loopback port (or a socket) under a temporary folder, and stopped by the test. The binaries come
 * from the PATH; when they are missing the tests fail, saying what to install, never skip.
 */
final class RedisServers {
  private static final Duration START_DEADLINE = Duration.ofSeconds(20);

  private RedisServers() {}

  /** A running {@code redis-server} (or sentinel) process. */
  static final class Server implements AutoCloseable {
    final Path dir;
    final int port;
    final List<String> args;
    final List<String> cliArgs;
    private Process process;

    private Server(Path dir, int port, List<String> args, List<String> cliArgs) {
      this.dir = dir;
      this.port = port;
      this.args = args;
      this.cliArgs = cliArgs;
    }

    /**
     * Freezes ({@code SIGSTOP}) or thaws ({@code SIGCONT}) the process: while frozen the server
     * keeps its connections open and answers nothing, as a hung server does.
     */
    void signal(String signal) {
      run(List.of("kill", "-" + signal, Long.toString(process.pid())), Duration.ofSeconds(10));
    }

    /** Starts (or restarts) the process with its arguments, and waits until it answers PING. */
    Server start() {
      List<String> command = new ArrayList<>();
      command.add(binary("redis-server"));
      command.addAll(args);
      try {
        process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server-" + port + ".log").toFile())
            .start();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start " + command + ": " + e, e);
      }
      Process started = process;
      // A test JVM that ends without stopping its servers still takes them along.
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      long deadline = System.nanoTime() + START_DEADLINE.toNanos();
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server " + args + " exited at once with "
              + process.exitValue() + ": " + log());
        }
        if (cliQuietly("PING").strip().equals("PONG")) {
          return this;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("redis-server " + args + " did not answer PING within "
              + START_DEADLINE + ": " + log());
        }
        pause(50);
      }
    }

    /** Stops the process at once (SIGKILL: no save, no goodbye to clients). */
    void kill() {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Runs redis-cli against this server and returns its output; fails on a non-zero exit. */
    String cli(String... command) {
      List<String> all = new ArrayList<>();
      all.add(binary("redis-cli"));
      all.addAll(cliArgs);
      all.addAll(Arrays.asList(command));
      return RedisServers.run(all, Duration.ofSeconds(30));
    }

    private String cliQuietly(String... command) {
      try {
        return cli(command);
      } catch (IllegalStateException e) {
        return "";
      }
    }

    String log() {
      try {
        return Files.readString(dir.resolve("server-" + port + ".log"));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    @Override
    public void close() {
      kill();
    }
  }

  /** A plain server on a free loopback port, with no persistence. */
  static Server plain(Path dir, String... extra) {
    int port = freePort(false);
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    args.addAll(Arrays.asList(extra));
    return new Server(dir, port, args, List.of("-h", "127.0.0.1", "-p", String.valueOf(port)))
        .start();
  }

  /** A server listening only on a unix socket in {@code dir}. */
  static Server unixSocket(Path dir) {
    Path socket = dir.resolve("redis.sock");
    List<String> args = List.of("--port", "0", "--unixsocket", socket.toString(),
        "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir", dir.toString());
    return new Server(dir, 0, args, List.of("-s", socket.toString())).start();
  }

  /**
   * A server listening only over TLS on a free port, with a certificate for 127.0.0.1 and
   * localhost signed by a test CA ({@code ca.crt} in {@code dir}); clients need no certificate.
   */
  static Server tls(Path dir) {
    Certificates.write(dir);
    int port = freePort(false);
    List<String> args = List.of("--port", "0", "--tls-port", String.valueOf(port),
        "--bind", "127.0.0.1",
        "--tls-cert-file", dir.resolve("server.crt").toString(),
        "--tls-key-file", dir.resolve("server.key").toString(),
        "--tls-ca-cert-file", dir.resolve("ca.crt").toString(),
        "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--dir", dir.toString());
    List<String> cli = List.of("--tls", "--cacert", dir.resolve("ca.crt").toString(),
        "-h", "127.0.0.1", "-p", String.valueOf(port));
    try {
      return new Server(dir, port, args, cli).start();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("Could not start redis-server with TLS; it must be built"
          + " with TLS support (Debian's redis-server is): " + e.getMessage(), e);
    }
  }

  /**
   * A Redis Cluster of three masters on loopback ports (each port and its bus port, +10000, free),
   * made with {@code redis-cli --cluster create}; returns once every node reports cluster_state:ok.
   */
  static List<Server> cluster(Path dir, int masters) {
    List<Server> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        int port = freePort(true);
        Path nodeDir = Files.createDirectories(dir.resolve("node-" + port));
        List<String> args = List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--cluster-enabled", "yes", "--cluster-config-file",
            nodeDir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "5000",
            "--save", "", "--appendonly", "no", "--dir", nodeDir.toString());
        nodes.add(new Server(nodeDir, port, args,
            List.of("-h", "127.0.0.1", "-p", String.valueOf(port))).start());
      }
      List<String> create = new ArrayList<>(List.of(binary("redis-cli"), "--cluster", "create"));
      nodes.forEach(n -> create.add("127.0.0.1:" + n.port));
      create.add("--cluster-yes");
      run(create, Duration.ofSeconds(60));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (Server node : nodes) {
        while (!node.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("cluster not ok: " + node.cli("CLUSTER", "INFO"));
          }
          pause(100);
        }
      }
      return nodes;
    } catch (IOException | RuntimeException e) {
      nodes.forEach(Server::kill);
      throw new IllegalStateException("Could not start a Redis Cluster: " + e.getMessage(), e);
    }
  }

  /** A sentinel on a free port monitoring {@code master} under the name {@code name}. */
  static Server sentinel(Path dir, Server master, String name) {
    int port = freePort(false);
    Path config = dir.resolve("sentinel-" + port + ".conf");
    try {
      Files.writeString(config, "port " + port + "\nbind 127.0.0.1\n"
          + "dir " + dir + "\n"
          + "sentinel monitor " + name + " 127.0.0.1 " + master.port + " 1\n"
          + "sentinel down-after-milliseconds " + name + " 5000\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new Server(dir, port, List.of(config.toString(), "--sentinel"),
        List.of("-h", "127.0.0.1", "-p", String.valueOf(port))).start();
  }

  /** The path of a binary on the PATH; fails, saying what to install, when it is missing. */
  static String binary(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String folder : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(folder, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException("'" + name + "' is not on the PATH: the Redis tests start"
        + " real servers. Install it (Debian/Ubuntu: apt-get install redis-server redis-tools"
        + " openssl; .ci/run does this) and run the tests again.");
  }

  static String run(List<String> command, Duration deadline) {
    List<String> full = List.copyOf(command);
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(full + " did not finish within " + deadline);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(full + " exited with " + process.exitValue() + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + full + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A loopback port free now (and, for cluster nodes, with its bus port +10000 free too). */
  static int freePort(boolean withBusPort) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = withBusPort ? ThreadLocalRandom.current().nextInt(20000, 30000)
          : ThreadLocalRandom.current().nextInt(30000, 60000);
      if (isFree(port) && (!withBusPort || isFree(port + 10000))) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port found");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A test CA and a server certificate for 127.0.0.1 and localhost, made with openssl. */
  static final class Certificates {
    private Certificates() {}

    static void write(Path dir) {
      String openssl = binary("openssl");
      Path ext = dir.resolve("server.ext");
      try {
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Duration limit = Duration.ofSeconds(60);
      run(List.of(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
          "-subj", "/CN=Cachette test CA", "-keyout", dir.resolve("ca.key").toString(),
          "-out", dir.resolve("ca.crt").toString()), limit);
      run(List.of(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
          "-keyout", dir.resolve("server.key").toString(),
          "-out", dir.resolve("server.csr").toString()), limit);
      run(List.of(openssl, "x509", "-req", "-in", dir.resolve("server.csr").toString(),
          "-CA", dir.resolve("ca.crt").toString(), "-CAkey", dir.resolve("ca.key").toString(),
          "-CAcreateserial", "-days", "2", "-extfile", ext.toString(),
          "-out", dir.resolve("server.crt").toString()), limit);
    }
  }
}
