package io.cachette.jdbc;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where an {@code sqlite://} URL puts its database file: {@code ~} expanded, the {@code .sqlite}
 * suffix added to a name without one, and relative paths resolved against the working folder,
 * the user cache folder ({@code use-cache-dir}) or the temporary folder ({@code use-temp}).
 */
final class SqlitePaths {
  static final String SUFFIX = ".sqlite";

  /** The facts about the machine that decide the folders: injectable for tests. */
  record Platform(String osName, Map<String, String> env, String home, String tempDir) {
    boolean isWindows() {
      return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    static Platform current() {
      return new Platform(System.getProperty("os.name", ""), System.getenv(),
          System.getProperty("user.home"), System.getProperty("java.io.tmpdir"));
    }
  }

  /** Which folder a relative path is resolved against. */
  enum Base { WORKING_DIR, USER_CACHE_DIR, TEMP_DIR }

  private SqlitePaths() {}

  /**
   * Resolves the path written in a URL ({@link io.cachette.url.CacheUrl#fileSystemPath()}).
   *
   * @throws IllegalArgumentException when the path is empty, or absolute while a base folder was
   *     asked for
   */
  static Path resolve(String written, Base base, Platform platform) {
    String text = written;
    if (text.isEmpty() || text.equals("/")) {
      throw new IllegalArgumentException("no database file: write sqlite://cache.sqlite (in the"
          + " working folder), sqlite:///var/cache/app.sqlite (absolute), sqlite://~/app.sqlite,"
          + " or sqlite://cache?use-memory=true");
    }
    if (platform.isWindows() && text.matches("/[A-Za-z]:[/\\\\].*")) {
      text = text.substring(1); // sqlite:///C:/cache/app.sqlite
    }
    boolean home = text.equals("~") || text.startsWith("~/");
    if (home) {
      text = platform.home() + text.substring(1);
    }
    Path path = withSuffix(Path.of(text));
    if (base == Base.WORKING_DIR) {
      return path.toAbsolutePath().normalize();
    }
    String option = base == Base.USER_CACHE_DIR ? "use-cache-dir" : "use-temp";
    if (path.isAbsolute() || home) {
      throw new IllegalArgumentException(option + " places a relative path in "
          + (base == Base.USER_CACHE_DIR ? "the user cache folder" : "the temporary folder")
          + ", but '" + written + "' is absolute: write a relative one such as sqlite://"
          + "myapp/cache.sqlite?" + option + "=true, or drop " + option);
    }
    Path folder = base == Base.USER_CACHE_DIR ? userCacheDir(platform) : Path.of(platform.tempDir());
    return folder.resolve(path).toAbsolutePath().normalize();
  }

  /** Adds {@code .sqlite} to a file name with no suffix ({@code cache} but not {@code cache.db}). */
  static Path withSuffix(Path path) {
    Path name = path.getFileName();
    if (name == null) {
      return path;
    }
    String file = name.toString();
    return file.lastIndexOf('.') > 0 ? path : path.resolveSibling(file + SUFFIX);
  }

  /**
   * The user's cache folder: {@code %LOCALAPPDATA%} on Windows, {@code ~/Library/Caches} on macOS,
   * {@code $XDG_CACHE_HOME} (when set to an absolute path) or {@code ~/.cache} elsewhere.
   */
  static Path userCacheDir(Platform platform) {
    String os = platform.osName().toLowerCase(Locale.ROOT);
    if (platform.isWindows()) {
      String local = platform.env().get("LOCALAPPDATA");
      return local != null && !local.isBlank() ? Path.of(local)
          : Path.of(platform.home(), "AppData", "Local");
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return Path.of(platform.home(), "Library", "Caches");
    }
    String xdg = platform.env().get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg);
    }
    return Path.of(platform.home(), ".cache");
  }
}
