package io.cachette;

/** Thrown by {@link Cache#getRequired(String)} when the key is absent or expired. */
public class KeyNotFoundException extends CacheException {
  private static final long serialVersionUID = 1L;
  private final String key;

  /** Creates the exception for a key (and the namespace it was looked up in). */
  public KeyNotFoundException(String namespace, String key) {
    super("No live entry for key '" + key + "' in namespace '" + namespace
        + "'; use get(key) for an Optional, or getOrDefault(key, fallback)");
    this.key = key;
  }

  /** The key that was not found, as the caller gave it (without the namespace). */
  public String key() {
    return key;
  }
}
