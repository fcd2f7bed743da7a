package io.cachette;

/**
 * A serialized value is larger than the cache's or the backend's limit. Thrown by writes whatever
 * the failure policy, because retrying cannot help: the caller must store less or raise
 * {@link CacheBuilder#maxValueBytes(long)}.
 */
public class ValueTooLargeException extends CacheException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  /** Creates the exception for a key whose serialized value has {@code size} bytes. */
  public ValueTooLargeException(String key, long size, long limit, String limitOwner) {
    super("Value for key '" + key + "' is " + size + " bytes serialized, over the limit of "
        + limit + " bytes set by " + limitOwner
        + "; store a smaller value, add compression (e.g. json+zstd://), or raise the limit");
    this.size = size;
    this.limit = limit;
  }

  /** The size of the refused value in bytes, as serialized. */
  public long size() {
    return size;
  }

  /** The limit it is over, in bytes. */
  public long limit() {
    return limit;
  }
}
