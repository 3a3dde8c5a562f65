package dev.dbprof.internal.read.p6spy;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * p6spy's {@code now}: epoch milliseconds by default, or whatever {@code dateformat} (a
 * SimpleDateFormat pattern) made of it. Common date shapes are read; a date without a zone is taken
 * as UTC (only gaps between statements matter). Anything else is unknown, never an error.
 */
final class P6spyTime {

  static final long UNKNOWN = -1;

  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{2}):(\\d{2})(?:[.,:](\\d{1,9}))?"
          + "\\s*(Z|[+-]\\d{2}:?\\d{2})?");
  private static final Pattern US = Pattern.compile(
      "(\\d{1,2})-(\\d{1,2})-(\\d{2}|\\d{4}) (\\d{1,2}):(\\d{2}):(\\d{2})(?:[.,:](\\d{1,9}))?");

  private P6spyTime() {
  }

  /** {@link #millis(String)} of {@code text[start, end)}; p6spy's default epoch millis are read in place. */
  static long millis(String text, int start, int end) {
    int length = end - start;
    if (length >= 9 && length <= 15) {
      long value = 0;
      int i = start;
      for (; i < end; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
      }
      if (i == end) {
        return value;
      }
    }
    return millis(text.substring(start, end));
  }

  static long millis(String text) {
    if (text == null) {
      return UNKNOWN;
    }
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      return UNKNOWN;
    }
    // A logging framework may have put its own prefix before p6spy's epoch millis.
    int space = trimmed.lastIndexOf(' ');
    String last = space < 0 ? trimmed : trimmed.substring(space + 1);
    if (isDigits(last) && last.length() >= 9 && last.length() <= 15) {
      return Long.parseLong(last);
    }
    Matcher iso = ISO.matcher(trimmed);
    if (iso.find()) {
      return toMillis(iso.group(1), iso.group(2), iso.group(3), iso.group(4), iso.group(5),
          iso.group(6), iso.group(7), iso.group(8));
    }
    Matcher us = US.matcher(trimmed);
    if (us.find()) {
      String year = us.group(3).length() == 2 ? "20" + us.group(3) : us.group(3);
      return toMillis(year, us.group(1), us.group(2), us.group(4), us.group(5), us.group(6),
          us.group(7), null);
    }
    return UNKNOWN;
  }

  private static long toMillis(String year, String month, String day, String hour, String minute,
      String second, String fraction, String zone) {
    try {
      int nanos = 0;
      if (fraction != null) {
        nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
      }
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(year), Integer.parseInt(month),
          Integer.parseInt(day), Integer.parseInt(hour), Integer.parseInt(minute),
          Integer.parseInt(second), nanos);
      ZoneOffset offset = ZoneOffset.UTC;
      if (zone != null && !zone.equals("Z")) {
        String z = zone.replace(":", "");
        offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(z.substring(0, 3)),
            Integer.parseInt(z.charAt(0) + z.substring(3, 5)));
      }
      return local.toInstant(offset).toEpochMilli();
    } catch (RuntimeException e) {
      return UNKNOWN;
    }
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
