package dev.dbprof.internal.read.mysql;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * The times MySQL and MariaDB logs print: MySQL 8's ISO-8601 ({@code 2026-11-24T05:14:42.123456Z})
 * and the older {@code 261124  5:14:42} (YYMMDD H:MM:SS) that MariaDB still writes, in the
 * server's local time zone, which the log does not name; it is read as UTC.
 */
final class MySqlLogTimes {

  private String lastText;
  private long lastMicros = -1;

  /** Epoch microseconds, or -1 when {@code text} is neither form. */
  long parse(String text) {
    if (text.equals(lastText)) {
      return lastMicros;
    }
    long micros = text.indexOf('T') > 0 ? isoCached(text) : compact(text.strip());
    lastText = text;
    lastMicros = micros;
    return micros;
  }

  private String lastSecondText;
  private long lastSecondMicros;
  /** {@link #lastSecondText} as bytes, when it is ASCII (it always is from a real log). */
  private final byte[] lastSecondBytes = new byte[19];
  private boolean lastSecondBytesKnown;

  /** What {@link #parseCached} answers when it cannot: decode the text and call {@link #parse}. */
  static final long NOT_CACHED = -2;

  /**
   * {@link #parse(String)} of MySQL 8's time where it lies in a line's bytes, {@code b[s, e)}
   * without white space around it, when its second is the one parsed last (almost every entry):
   * no String is made. Otherwise {@link #NOT_CACHED}.
   */
  long parseCached(byte[] b, int s, int e) {
    int length = e - s;
    int digits = length - 21;
    if (!lastSecondBytesKnown || length < 22 || digits > 9 || b[s + 10] != 'T' || b[s + 19] != '.'
        || b[e - 1] != 'Z' || !Arrays.equals(b, s, s + 19, lastSecondBytes, 0, 19)) {
      return NOT_CACHED;
    }
    long fraction = 0;
    for (int i = s + 20; i < e - 1; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return NOT_CACHED;
      }
      fraction = fraction * 10 + (b[i] - '0');
    }
    for (int k = digits; k < 9; k++) {
      fraction *= 10;
    }
    return lastSecondMicros < 0 ? -1 : lastSecondMicros + fraction / 1000;
  }

  /**
   * MySQL 8 writes a new microsecond time on every entry, but the second changes rarely: parse
   * {@code yyyy-MM-ddTHH:mm:ss} once per second and the digits of {@code .ffffffZ} by hand.
   */
  private long isoCached(String text) {
    int length = text.length();
    int digits = length - 21;
    if (length < 22 || text.charAt(19) != '.' || text.charAt(length - 1) != 'Z' || digits > 9) {
      return iso(text);
    }
    long fraction = 0;
    for (int i = 20; i < length - 1; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return iso(text);
      }
      fraction = fraction * 10 + (c - '0');
    }
    for (int k = digits; k < 9; k++) {
      fraction *= 10;
    }
    if (lastSecondText == null || !text.regionMatches(0, lastSecondText, 0, 19)) {
      lastSecondText = text.substring(0, 19);
      lastSecondMicros = secondMicros(lastSecondText);
      lastSecondBytesKnown = true;
      for (int i = 0; i < 19; i++) {
        char c = lastSecondText.charAt(i);
        lastSecondBytesKnown &= c < 128;
        lastSecondBytes[i] = (byte) c;
      }
    }
    return lastSecondMicros < 0 ? -1 : lastSecondMicros + fraction / 1000;
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss} as UTC epoch microseconds, read digit by digit (the text parser is
   * heavy enough that the JIT spends time on it); anything else goes to the full parser.
   */
  private static long secondMicros(String text) {
    if (text.length() != 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return iso(text + "Z");
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if ((year | month | day | hour | minute | second) < 0) {
      return iso(text + "Z");
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    } catch (DateTimeException e) {
      return -1;
    }
  }

  /** The number in {@code text[start, end)}, or -1 when a character is not a digit. */
  private static int digits(String text, int start, int end) {
    int value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static long iso(String text) {
    try {
      String withZone = text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$") ? text : text + "Z";
      OffsetDateTime time = OffsetDateTime.parse(withZone);
      return time.toEpochSecond() * 1_000_000L + time.getNano() / 1000;
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  private static long compact(String text) {
    try {
      // YYMMDD H:MM:SS with one or two spaces between, as the server pads the hour
      int space = text.indexOf(' ');
      if (space != 6) {
        return -1;
      }
      String date = text.substring(0, 6);
      String[] clock = text.substring(space).strip().split(":");
      if (clock.length != 3) {
        return -1;
      }
      LocalDate day = LocalDate.of(2000 + Integer.parseInt(date.substring(0, 2)),
          Integer.parseInt(date.substring(2, 4)), Integer.parseInt(date.substring(4, 6)));
      long seconds = day.toEpochDay() * 86_400L + Integer.parseInt(clock[0]) * 3600L
          + Integer.parseInt(clock[1]) * 60L + Integer.parseInt(clock[2]);
      return seconds * 1_000_000L;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /**
   * {@code 0.000120} seconds, the text {@code bytes[start, end)}, as nanoseconds, exactly; -1 when
   * it is not a number.
   */
  static long secondsToNanos(byte[] bytes, int start, int end) {
    long whole = 0;
    long fraction = 0;
    int digits = 0;
    boolean dot = false;
    if (start >= end) {
      return -1;
    }
    for (int i = start; i < end; i++) {
      byte c = bytes[i];
      if (c == '.' && !dot) {
        dot = true;
      } else if (c >= '0' && c <= '9') {
        if (!dot) {
          whole = whole * 10 + (c - '0');
        } else if (digits < 9) {
          fraction = fraction * 10 + (c - '0');
          digits++;
        }
      } else {
        return -1;
      }
    }
    for (int k = digits; k < 9; k++) {
      fraction *= 10;
    }
    return whole * 1_000_000_000L + fraction;
  }
}
