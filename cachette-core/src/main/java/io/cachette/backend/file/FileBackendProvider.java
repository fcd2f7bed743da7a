package io.cachette.backend.file;

import io.cachette.backend.Backend;
import io.cachette.backend.BackendProvider;
import io.cachette.url.CacheUrl;
import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens {@code file:///absolute/folder}, {@code file://relative/folder} and {@code file://~/folder}
 * ({@code ~} is the user's home), with the parameters {@code max-bytes} (a positive size bound in
 * bytes; unbounded when absent) and {@code fsync} (force each write to disk; false by default).
 * See {@link FileBackend}.
 */
public final class FileBackendProvider implements BackendProvider {
  private static final String FORMS =
      "write file:///absolute/folder, file://relative/folder or file://~/folder";

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public Backend open(CacheUrl url) {
    if (url.user() != null) {
      throw new IllegalArgumentException("file:// takes no user name or password, in '" + url
          + "': " + FORMS);
    }
    Path folder = folder(url);
    FileBackend.Builder builder = FileBackend.builder(folder);
    long maxBytes = url.params().longValue("max-bytes", -1, 1, Long.MAX_VALUE);
    if (maxBytes > 0) {
      builder.maxBytes(maxBytes);
    }
    builder.fsync(url.params().bool("fsync", false));
    url.params().rejectUnknown("file://");
    return builder.build();
  }

  private static Path folder(CacheUrl url) {
    String path = url.fileSystemPath();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("file:// needs a folder in '" + url + "': " + FORMS);
    }
    if (path.equals("~") || path.startsWith("~/")) {
      path = System.getProperty("user.home") + path.substring(1);
    } else if (path.startsWith("~")) {
      throw new IllegalArgumentException("'" + path.split("/", 2)[0] + "' in '" + url
          + "' names another user's home, which file:// does not expand: write the full path");
    }
    if (File.separatorChar == '\\' && path.matches("/[A-Za-z]:[/\\\\].*")) {
      path = path.substring(1); // file:///C:/cache
    }
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("'" + path + "' in '" + url
          + "' is not a valid path here: " + e.getReason(), e);
    }
  }
}
