package io.cachette.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * HTTP dates (RFC 9110 §5.6.7): the IMF-fixdate form, and the obsolete RFC 850 and asctime forms a
 * recipient must still accept. Anything else is invalid (null), which the cache treats as the RFC
 * says for each header (an invalid {@code Expires} is a time in the past).
 */
final class HttpDates {
  private static final DateTimeFormatter IMF = DateTimeFormatter.RFC_1123_DATE_TIME;
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  private HttpDates() {}

  static @Nullable Instant parse(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String text = value.trim();
    if (text.isEmpty() || text.length() > 64) {
      return null;
    }
    try {
      return ZonedDateTime.parse(text, IMF).toInstant();
    } catch (DateTimeParseException e) {
      // the obsolete forms below
    }
    try {
      return ZonedDateTime.parse(text, RFC_850).toInstant();
    } catch (DateTimeParseException e) {
      // asctime below
    }
    try {
      return LocalDateTime.parse(text, ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static @Nullable Instant first(List<String> values) {
    return values.isEmpty() ? null : parse(values.get(0));
  }

  static String format(Instant instant) {
    return IMF.format(instant.atZone(ZoneOffset.UTC));
  }

  static Optional<Instant> parseOptional(@Nullable String value) {
    return Optional.ofNullable(parse(value));
  }
}
