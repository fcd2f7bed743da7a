package io.cachette.jdbc;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The SQL text of every operation on one table, built once from a {@link Dialect}. Statements
 * with a list of keys come in a few padded sizes (1, 2, 4, ... {@link #MAX_BATCH}) so that
 * connections can cache a handful of them; unused slots repeat the last key, which {@code IN}
 * ignores.
 */
final class Statements {
  /** The most keys one statement takes; longer lists are split. */
  static final int MAX_BATCH = 512;

  /** The most rows one page of a scan reads. */
  static final int SCAN_PAGE = 500;

  private final String table;
  private final String key;
  private final String value;
  private final String expires;
  private final String live;

  private final String get;
  private final String exists;
  private final String upsert;
  private final String insertIfAbsent;
  private final String expire;
  private final String delete;
  private final String clearExpiredRange;
  private final String clearLiveRange;
  private final String clearExpiredFrom;
  private final String clearLiveFrom;
  private final String deleteExpiredBatch;
  private final String count;
  private final String size;
  private final String[] scan = new String[4];
  private final AtomicReferenceArray<String> getMany = new AtomicReferenceArray<>(10);
  private final AtomicReferenceArray<String> deleteMany = new AtomicReferenceArray<>(10);

  Statements(Dialect dialect, String table, int deleteExpiredBatchSize) {
    this.table = table;
    this.key = dialect.quote("key");
    this.value = dialect.quote("value");
    this.expires = dialect.quote("expires_at");
    this.live = "(" + expires + " IS NULL OR " + expires + " > ?)";
    String expired = "(" + expires + " IS NOT NULL AND " + expires + " <= ?)";

    get = "SELECT " + value + " FROM " + table + " WHERE " + key + " = ? AND " + live;
    exists = "SELECT 1 FROM " + table + " WHERE " + key + " = ? AND " + live;
    upsert = "INSERT INTO " + table + " (" + key + ", " + value + ", " + expires
        + ") VALUES (?, ?, ?) " + dialect.upsertClause();
    insertIfAbsent = dialect.insertIfAbsent(table);
    expire = "UPDATE " + table + " SET " + expires + " = ? WHERE " + key + " = ? AND " + live;
    delete = "DELETE FROM " + table + " WHERE " + key + " = ? AND " + live;
    String range = key + " >= ? AND " + key + " < ?";
    String from = key + " >= ?";
    clearExpiredRange = "DELETE FROM " + table + " WHERE " + range + " AND " + expired;
    clearLiveRange = "DELETE FROM " + table + " WHERE " + range + " AND " + live;
    clearExpiredFrom = "DELETE FROM " + table + " WHERE " + from + " AND " + expired;
    clearLiveFrom = "DELETE FROM " + table + " WHERE " + from + " AND " + live;
    deleteExpiredBatch = dialect.deleteExpiredBatch(table, deleteExpiredBatchSize);
    for (int i = 0; i < scan.length; i++) {
      boolean after = (i & 1) != 0;
      boolean bounded = (i & 2) != 0;
      scan[i] = "SELECT " + key + ", " + expires + " FROM " + table + " WHERE " + key
          + (after ? " > ?" : " >= ?") + (bounded ? " AND " + key + " < ?" : "") + " AND " + live
          + " ORDER BY " + key + " LIMIT " + SCAN_PAGE;
    }
    count = "SELECT COUNT(*) FROM " + table + " WHERE " + live;
    size = "SELECT COALESCE(SUM(" + dialect.byteLength(key) + " + " + dialect.byteLength(value)
        + "), 0) FROM " + table + " WHERE " + live;
  }

  /** The table name. */
  String table() {
    return table;
  }

  /** Parameters: key, now. */
  String get() {
    return get;
  }

  /** Parameters: key, now. */
  String exists() {
    return exists;
  }

  /** Parameters: key, value, expires_at. */
  String upsert() {
    return upsert;
  }

  /** Parameters: key, value, expires_at, now. */
  String insertIfAbsent() {
    return insertIfAbsent;
  }

  /** Parameters: expires_at, key, now. */
  String expire() {
    return expire;
  }

  /** Parameters: key, now. */
  String delete() {
    return delete;
  }

  /** Parameters: from, to, now; or, when {@code bounded} is false, from, now. */
  String clearExpired(boolean bounded) {
    return bounded ? clearExpiredRange : clearExpiredFrom;
  }

  /** Parameters: from, to, now; or, when {@code bounded} is false, from, now. */
  String clearLive(boolean bounded) {
    return bounded ? clearLiveRange : clearLiveFrom;
  }

  /** Parameters: now. */
  String deleteExpiredBatch() {
    return deleteExpiredBatch;
  }

  /**
   * One page of live keys in key order, selecting key and expires_at. Parameters: the start (the
   * prefix, included, or the last key of the previous page, excluded when {@code after}), the
   * end (excluded; only when {@code bounded}), now.
   */
  String scan(boolean after, boolean bounded) {
    return scan[(after ? 1 : 0) | (bounded ? 2 : 0)];
  }

  /** Parameters: now. */
  String count() {
    return count;
  }

  /** Parameters: now. */
  String size() {
    return size;
  }

  /** Parameters: {@link #padded(int)} keys, now; selects key, value. */
  String getMany(int keys) {
    return listStatement(getMany, keys, "SELECT " + key + ", " + value + " FROM " + table
        + " WHERE " + key + " IN (", ") AND " + live);
  }

  /** Parameters: {@link #padded(int)} keys, now. */
  String deleteMany(int keys) {
    return listStatement(deleteMany, keys, "DELETE FROM " + table + " WHERE " + key + " IN (",
        ") AND " + live);
  }

  /** The number of key parameters a list statement for {@code keys} keys has. */
  static int padded(int keys) {
    if (keys < 1 || keys > MAX_BATCH) {
      throw new IllegalArgumentException("1.." + MAX_BATCH + " keys per statement, was " + keys);
    }
    return Integer.highestOneBit(keys) == keys ? keys : Integer.highestOneBit(keys) << 1;
  }

  private static String listStatement(AtomicReferenceArray<String> cache, int keys, String head,
      String tail) {
    int size = padded(keys);
    int slot = Integer.numberOfTrailingZeros(size);
    String sql = cache.get(slot);
    if (sql == null) {
      StringBuilder text = new StringBuilder(head.length() + tail.length() + size * 3).append(head);
      for (int i = 0; i < size; i++) {
        text.append(i == 0 ? "?" : ", ?");
      }
      sql = text.append(tail).toString();
      cache.set(slot, sql);
    }
    return sql;
  }
}
