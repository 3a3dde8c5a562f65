package dev.dbprof.read.pg;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses the timestamps PostgreSQL writes ({@code 2026-11-24 05:14:07.223 UTC}, without
 * milliseconds for {@code %t}, epoch seconds for {@code %n}) into epoch microseconds, by hand
 * because this runs once per log line.
 */
final class PgTimestamps {

  private static final int MAX_CACHED_ZONES = 64;

  private String cachedDate;
  private long cachedEpochDay;
  private final Map<String, Long> zoneOffsets = new HashMap<>();

  /** Epoch microseconds, or -1 when {@code text} is not a timestamp. */
  long parse(String text) {
    if (text == null || text.length() < 19 || text.charAt(4) != '-' || text.charAt(10) != ' '
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return -1;
    }
    try {
      String date = text.substring(0, 10);
      if (!date.equals(cachedDate)) {
        cachedEpochDay = LocalDate.parse(date).toEpochDay();
        cachedDate = date;
      }
      int hour = digits(text, 11, 13);
      int minute = digits(text, 14, 16);
      int second = digits(text, 17, 19);
      int i = 19;
      long micros = 0;
      if (i < text.length() && text.charAt(i) == '.') {
        int start = ++i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          i++;
        }
        long fraction = digits(text, start, Math.min(i, start + 6));
        for (int k = Math.min(i, start + 6) - start; k < 6; k++) {
          fraction *= 10;
        }
        micros = fraction;
      }
      long offsetSeconds = 0;
      if (i < text.length() && text.charAt(i) == ' ') {
        offsetSeconds = offset(text.substring(i + 1).strip());
      }
      long seconds = cachedEpochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
      return seconds * 1_000_000L + micros;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** {@code %n}: seconds since the epoch with milliseconds. */
  static long parseEpoch(String text) {
    try {
      int dot = text.indexOf('.');
      if (dot < 0) {
        return Long.parseLong(text) * 1_000_000L;
      }
      long seconds = Long.parseLong(text.substring(0, dot));
      String fraction = (text.substring(dot + 1) + "000000").substring(0, 6);
      return seconds * 1_000_000L + Long.parseLong(fraction);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private long offset(String zone) {
    Long cached = zoneOffsets.get(zone);
    if (cached != null) {
      return cached;
    }
    long seconds;
    try {
      if (zone.startsWith("+") || zone.startsWith("-")) {
        seconds = ZoneOffset.of(zone.length() == 3 ? zone + ":00" : zone).getTotalSeconds();
      } else {
        String id = ZoneId.SHORT_IDS.getOrDefault(zone, zone);
        // abbreviations PostgreSQL prints but Java does not know count as UTC: time only orders
        // events and measures gaps within one log
        seconds = ZoneId.of(id).getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds();
      }
    } catch (RuntimeException e) {
      seconds = 0;
    }
    if (zoneOffsets.size() < MAX_CACHED_ZONES) {
      zoneOffsets.put(zone, seconds);
    }
    return seconds;
  }

  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(s);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
