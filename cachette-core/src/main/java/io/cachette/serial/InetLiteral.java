package io.cachette.serial;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads IP address literals, never a host name: nothing here can start a DNS lookup. Accepted
 * are a dotted IPv4 address ({@code 192.168.1.20}, no leading zeros) and an IPv6 address in any
 * RFC 4291 text form ({@code 2001:db8::1}, {@code ::ffff:1.2.3.4}), optionally with a zone
 * ({@code fe80::1%2} or {@code fe80::1%eth0}, the interface looked up locally) as
 * {@link InetAddress#getHostAddress()} writes it.
 */
final class InetLiteral {
  /** Longer than any literal, with room for an interface name. */
  private static final int MAX_LENGTH = 100;
  private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern NUMERIC_ZONE = Pattern.compile("[0-9]{1,9}");

  private InetLiteral() {}

  /**
   * The address a literal denotes.
   *
   * @throws IllegalArgumentException when the text is not a literal address, or its zone names
   *     no interface of this host
   */
  static InetAddress parse(String text) {
    int percent = text.indexOf('%');
    String address = percent < 0 ? text : text.substring(0, percent);
    byte @Nullable [] bytes = text.length() > MAX_LENGTH ? null
        : address.indexOf(':') >= 0 ? ipv6(address) : ipv4(address);
    if (bytes == null) {
      throw new IllegalArgumentException("not a literal IP address (host names are never looked "
          + "up on read)");
    }
    try {
      if (percent < 0) {
        return InetAddress.getByAddress(bytes);
      }
      String zone = text.substring(percent + 1);
      if (bytes.length != 16 || !ZONE.matcher(zone).matches()) {
        throw new IllegalArgumentException("not a literal IP address: bad zone");
      }
      if (NUMERIC_ZONE.matcher(zone).matches()) {
        return Inet6Address.getByAddress(null, bytes, Integer.parseInt(zone));
      }
      NetworkInterface network = NetworkInterface.getByName(zone);
      if (network == null) {
        throw new IllegalArgumentException("the zone of the IPv6 address names no network "
            + "interface of this host");
      }
      return Inet6Address.getByAddress(null, bytes, network);
    } catch (UnknownHostException | SocketException e) {
      throw new IllegalArgumentException("cannot make an address of the literal: " + e, e);
    }
  }

  /** Four decimal bytes without leading zeros, or null. */
  private static byte @Nullable [] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = decimalByte(parts[i]);
      if (value < 0) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  private static int decimalByte(String part) {
    if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  /** Eight 16-bit groups, at most one {@code ::} and an optional IPv4 tail; or null. */
  private static byte @Nullable [] ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = new int[8];
    int[] tail = new int[8];
    int headCount =
        gap < 0 ? groups(text, head, true) : groups(text.substring(0, gap), head, false);
    int tailCount = gap < 0 ? 0 : groups(text.substring(gap + 2), tail, true);
    if (headCount < 0 || tailCount < 0
        || (gap < 0 ? headCount != 8 : headCount + tailCount > 7)) {
      return null;
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < headCount; i++) {
      put(bytes, i, head[i]);
    }
    for (int i = 0; i < tailCount; i++) {
      put(bytes, 8 - tailCount + i, tail[i]);
    }
    return bytes;
  }

  private static void put(byte[] bytes, int group, int value) {
    bytes[2 * group] = (byte) (value >> 8);
    bytes[2 * group + 1] = (byte) value;
  }

  /**
   * Reads colon-separated hex groups into {@code into}; the last may be a dotted IPv4 address
   * (two groups) when {@code last}. Returns the number of groups, or -1 when malformed.
   */
  private static int groups(String text, int[] into, boolean last) {
    if (text.isEmpty()) {
      return 0;
    }
    String[] fields = text.split(":", -1);
    int count = 0;
    for (int i = 0; i < fields.length; i++) {
      String field = fields[i];
      if (last && i == fields.length - 1 && field.indexOf('.') >= 0) {
        byte[] v4 = ipv4(field);
        if (v4 == null || count + 2 > into.length) {
          return -1;
        }
        into[count++] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
        into[count++] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
        continue;
      }
      int value = hexGroup(field);
      if (value < 0 || count == into.length) {
        return -1;
      }
      into[count++] = value;
    }
    return count;
  }

  private static int hexGroup(String field) {
    if (field.isEmpty() || field.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      int digit = c >= '0' && c <= '9' ? c - '0'
          : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
