package io.cachette.serial;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one allow-list grammar of Cachette's serializers ({@code java://?allow=...},
 * {@code json://?allow=...}, {@code JavaSerializer.Builder.allowPattern},
 * {@code JsonCoder.Builder.allowPattern}), written as {@link java.io.ObjectInputFilter} does:
 * {@code com.app.User} (one class), {@code com.app.model.*} (a package),
 * {@code com.app.**} (a package and its subpackages) or {@code com.app.Us*} (a name prefix).
 * A bare wildcard is refused: it would turn the allow-list off. Immutable and thread-safe.
 */
final class ClassNamePatterns {
  private static final Pattern PATTERN = Pattern.compile(
      "[\\p{L}\\p{N}_$]+(\\.[\\p{L}\\p{N}_$]+)*(\\.\\*\\*|\\.\\*|\\*)?");

  private final Set<String> names = new HashSet<>();
  private final Set<String> packages = new HashSet<>();
  private final List<String> packageTrees = new ArrayList<>();
  private final List<String> prefixes = new ArrayList<>();

  /** Patterns of this grammar; see {@link #check}. */
  ClassNamePatterns(Collection<String> patterns) {
    for (String pattern : patterns) {
      String p = check(pattern);
      if (p.endsWith(".**")) {
        packageTrees.add(p.substring(0, p.length() - 2));
      } else if (p.endsWith(".*")) {
        packages.add(p.substring(0, p.length() - 2));
      } else if (p.endsWith("*")) {
        prefixes.add(p.substring(0, p.length() - 1));
      } else {
        names.add(p);
      }
    }
  }

  /**
   * Checks a pattern of this grammar.
   *
   * @return the pattern without surrounding blanks
   * @throws IllegalArgumentException when the pattern is not of this grammar
   */
  static String check(String pattern) {
    String p = pattern.strip();
    if (!PATTERN.matcher(p).matches()) {
      throw new IllegalArgumentException("Invalid allow pattern '" + pattern + "': expected a "
          + "class name (com.myapp.User), a package (com.myapp.model.*), a package and its "
          + "subpackages (com.myapp.**) or a name prefix (com.myapp.User*); a bare wildcard is "
          + "refused because it would turn the allow-list off");
    }
    return p;
  }

  /** The patterns of a comma-separated URL parameter value, blanks around them dropped. */
  static List<String> split(String commaSeparated) {
    List<String> patterns = new ArrayList<>();
    for (String pattern : commaSeparated.split(",")) {
      if (!pattern.isBlank()) {
        patterns.add(check(pattern));
      }
    }
    return patterns;
  }

  /** Whether a binary class name ({@code com.app.Outer$Inner}) matches one of the patterns. */
  boolean matches(String className) {
    int dot = className.lastIndexOf('.');
    String pkg = dot < 0 ? "" : className.substring(0, dot);
    if (names.contains(className) || packages.contains(pkg)) {
      return true;
    }
    for (String tree : packageTrees) {
      if (className.startsWith(tree)) {
        return true;
      }
    }
    for (String prefix : prefixes) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
