package io.cachette.http;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP cache keeps under one key, and its stored form. Three kinds: a {@link Response}; a
 * {@link VaryIndex} that stands at a request's key when its responses vary by request headers (each
 * variant is then stored under its own key, so several variants of one URL live side by side); and
 * a {@link UrlIndex}, one per URL, that lists every key stored for that URL, so that a URL's
 * responses can be found and deleted without listing the store.
 *
 * <p>The stored form starts with a magic number and a format version: bytes written by another
 * format version, truncated or corrupt ones fail {@link #decode} with {@link InvalidEntryException},
 * which the client treats as a miss (and replaces the entry).
 */
sealed interface StoredEntry
    permits StoredEntry.Response, StoredEntry.VaryIndex, StoredEntry.UrlIndex {
  int MAGIC = 0x43485443; // "CHTC"
  /** 2: Vary indexes carry a generation; URL indexes. */
  int FORMAT_VERSION = 2;
  byte KIND_RESPONSE = 1;
  byte KIND_VARY = 2;
  byte KIND_URL = 3;
  /** No single header line or body larger than this is read back (corrupt lengths fail fast). */
  int MAX_FIELD_BYTES = Integer.MAX_VALUE - 8;

  byte[] encode();

  /** A stored response: status, headers, body and the times the freshness rules need. */
  record Response(
      String method,
      String uri,
      int status,
      HttpClient.Version version,
      Map<String, List<String>> headers,
      Map<String, List<String>> varyRequestHeaders,
      Instant requestedAt,
      Instant createdAt,
      long initialAgeMillis,
      @Nullable Instant expiresAt,
      byte[] body) implements StoredEntry {

    public Response {
      headers = sortedCopy(headers);
      varyRequestHeaders = sortedCopy(varyRequestHeaders);
    }

    HttpHeaders httpHeaders() {
      return HttpHeaders.of(headers, (name, value) -> true);
    }

    List<String> header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Nullable String firstHeader(String name) {
      List<String> values = header(name);
      return values.isEmpty() ? null : values.get(0);
    }

    boolean isExpired(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** RFC 9111 §4.2.3: the age now, from the age when stored plus the time spent stored. */
    long ageMillis(Instant now) {
      long resident = Math.max(0, now.toEpochMilli() - createdAt.toEpochMilli());
      return initialAgeMillis + resident;
    }

    Response with(Map<String, List<String>> newHeaders, Instant newRequestedAt,
        Instant newCreatedAt, long newInitialAgeMillis, @Nullable Instant newExpiresAt) {
      return new Response(method, uri, status, version, newHeaders, varyRequestHeaders,
          newRequestedAt, newCreatedAt, newInitialAgeMillis, newExpiresAt, body);
    }

    Response withUri(String newUri) {
      return new Response(method, newUri, status, version, headers, varyRequestHeaders,
          requestedAt, createdAt, initialAgeMillis, expiresAt, body);
    }

    Response withExpiresAt(@Nullable Instant newExpiresAt) {
      return with(headers, requestedAt, createdAt, initialAgeMillis, newExpiresAt);
    }

    @Override
    public byte[] encode() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 512);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        writeHead(out, KIND_RESPONSE);
        writeString(out, method);
        writeString(out, uri);
        out.writeInt(status);
        out.writeByte(version.ordinal());
        writeHeaders(out, headers);
        writeHeaders(out, varyRequestHeaders);
        out.writeLong(requestedAt.toEpochMilli());
        out.writeLong(createdAt.toEpochMilli());
        out.writeLong(initialAgeMillis);
        out.writeLong(expiresAt == null ? Long.MIN_VALUE : expiresAt.toEpochMilli());
        out.writeInt(body.length);
        out.write(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public String toString() {
      return "Response{" + method + " " + uri + " -> " + status + ", " + body.length + " bytes}";
    }
  }

  /**
   * Stands at a request's key when its responses vary: the request headers its {@code Vary} names,
   * the generation that is part of each variant's key, and the key of the URL index that lists the
   * variants. A new generation starts whenever the Vary index is written afresh (no index before,
   * or other header names), so that variants of an earlier generation can never be reached again,
   * even where deleting them failed.
   */
  record VaryIndex(List<String> headerNames, String generation, String urlIndexKey)
      implements StoredEntry {
    public VaryIndex {
      headerNames = List.copyOf(headerNames);
    }

    @Override
    public byte[] encode() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        writeHead(out, KIND_VARY);
        out.writeInt(headerNames.size());
        for (String name : headerNames) {
          writeString(out, name);
        }
        writeString(out, generation);
        writeString(out, urlIndexKey);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  /**
   * Stands at a URL's index key: every key stored for the URL (responses of any method and key
   * settings, Vary indexes and their variants), each with the time until which the store keeps it.
   * Holds keys only, which are digests: nothing of the URL, its headers or its body.
   */
  record UrlIndex(Map<String, Member> members) implements StoredEntry {
    /** One key of the URL: whether it holds a Vary index, and until when it is kept. */
    record Member(boolean varyIndex, long keepUntilMillis) {}

    public UrlIndex {
      members = Collections.unmodifiableMap(new TreeMap<>(members));
    }

    @Override
    public byte[] encode() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        writeHead(out, KIND_URL);
        out.writeInt(members.size());
        for (Map.Entry<String, Member> member : members.entrySet()) {
          writeString(out, member.getKey());
          out.writeBoolean(member.getValue().varyIndex());
          out.writeLong(member.getValue().keepUntilMillis());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  /**
   * Reads a stored entry.
   *
   * @throws InvalidEntryException when the bytes are not an entry of this format version
   */
  static StoredEntry decode(byte[] stored) {
    Reader in = new Reader(stored);
    try {
      if (stored.length < 6 || in.readInt() != MAGIC) {
        throw new InvalidEntryException("not an HTTP cache entry");
      }
      int version = in.readUnsignedByte();
      if (version != FORMAT_VERSION) {
        throw new InvalidEntryException("entry format version " + version + ", this client reads "
            + FORMAT_VERSION);
      }
      byte kind = in.readByte();
      StoredEntry entry;
      if (kind == KIND_VARY) {
        int count = in.count();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          names.add(in.readString());
        }
        entry = new VaryIndex(names, in.readString(), in.readString());
      } else if (kind == KIND_URL) {
        int count = in.count();
        Map<String, UrlIndex.Member> members = new TreeMap<>();
        for (int i = 0; i < count; i++) {
          String key = in.readString();
          members.put(key, new UrlIndex.Member(in.readByte() != 0, in.readLong()));
        }
        entry = new UrlIndex(members);
      } else if (kind == KIND_RESPONSE) {
        String method = in.readString();
        String uri = in.readString();
        int status = in.readInt();
        int versionOrdinal = in.readUnsignedByte();
        HttpClient.Version[] versions = HttpClient.Version.values();
        if (status < 100 || status > 999 || versionOrdinal >= versions.length) {
          throw new InvalidEntryException("invalid status or version");
        }
        Map<String, List<String>> headers = in.readHeaders();
        Map<String, List<String>> vary = in.readHeaders();
        Instant requestedAt = Instant.ofEpochMilli(in.readLong());
        Instant createdAt = Instant.ofEpochMilli(in.readLong());
        long initialAge = in.readLong();
        long expires = in.readLong();
        byte[] body = in.readBytes(in.count());
        entry = new Response(method, uri, status, versions[versionOrdinal], headers, vary,
            requestedAt, createdAt, Math.max(0, initialAge),
            expires == Long.MIN_VALUE ? null : Instant.ofEpochMilli(expires), body);
      } else {
        throw new InvalidEntryException("unknown entry kind " + kind);
      }
      if (in.remaining() != 0) {
        throw new InvalidEntryException("trailing bytes after the entry");
      }
      return entry;
    } catch (InvalidEntryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidEntryException("unreadable entry: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Reads the stored form straight from its array (big-endian, as {@link DataOutputStream} wrote
   * it), checking each length against what is left before allocating. Not thread-safe: one per
   * {@link #decode}.
   */
  final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int remaining() {
      return bytes.length - position;
    }

    private int take(int length) {
      if (length > remaining()) {
        throw new InvalidEntryException("truncated entry");
      }
      int at = position;
      position += length;
      return at;
    }

    byte readByte() {
      return bytes[take(1)];
    }

    int readUnsignedByte() {
      return readByte() & 0xff;
    }

    int readInt() {
      int at = take(4);
      return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16
          | (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff);
    }

    long readLong() {
      long high = readInt() & 0xffffffffL;
      long low = readInt() & 0xffffffffL;
      return high << 32 | low;
    }

    /** A count or length, checked against what the stored bytes could hold before allocating. */
    int count() {
      int count = readInt();
      if (count < 0 || count > bytes.length) {
        throw new InvalidEntryException("invalid length " + count);
      }
      return count;
    }

    byte[] readBytes(int length) {
      int at = take(length);
      return Arrays.copyOfRange(bytes, at, at + length);
    }

    String readString() {
      int length = count();
      int at = take(length);
      return new String(bytes, at, length, StandardCharsets.UTF_8);
    }

    Map<String, List<String>> readHeaders() {
      int count = count();
      Map<String, List<String>> headers = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        String name = readString();
        String[] values = new String[count()];
        for (int v = 0; v < values.length; v++) {
          values[v] = readString();
        }
        headers.put(name, List.of(values)); // immutable: the Response keeps it without a copy
      }
      return headers;
    }
  }

  /** Stored bytes that are not an entry this client can read. */
  final class InvalidEntryException extends RuntimeException {
    InvalidEntryException(String message) {
      super(message, null, false, false);
    }
  }

  private static Map<String, List<String>> sortedCopy(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> copy = new TreeMap<>();
    headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }

  private static void writeHead(DataOutputStream out, byte kind) throws IOException {
    out.writeInt(MAGIC);
    out.writeByte(FORMAT_VERSION);
    out.writeByte(kind);
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static void writeHeaders(DataOutputStream out, Map<String, List<String>> headers)
      throws IOException {
    out.writeInt(headers.size());
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      writeString(out, header.getKey());
      out.writeInt(header.getValue().size());
      for (String value : header.getValue()) {
        writeString(out, value);
      }
    }
  }
}
