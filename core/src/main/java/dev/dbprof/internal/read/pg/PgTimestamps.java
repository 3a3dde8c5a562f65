package dev.dbprof.internal.read.pg;

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
  /** The last {@code yyyy-mm-dd hh:mm:ss} read and its epoch seconds before the zone offset. */
  private String cachedSecond;
  private long cachedSecondBase;
  /** The last zone text read as it stood (before stripping) and its offset. */
  private String cachedZone;
  private long cachedZoneOffset;
  private final Map<String, Long> zoneOffsets = new HashMap<>();

  /** Epoch microseconds, or -1 when {@code text} is not a timestamp. */
  long parse(String text) {
    return text == null ? -1 : parse(text, 0, text.length());
  }

  /** As {@link #parse(String)} for {@code text} from {@code from} to {@code to}, without copying. */
  long parse(String text, int from, int to) {
    if (to - from < 19 || text.charAt(from + 4) != '-' || text.charAt(from + 10) != ' '
        || text.charAt(from + 13) != ':' || text.charAt(from + 16) != ':') {
      return -1;
    }
    try {
      long base;
      if (cachedSecond != null && text.regionMatches(from, cachedSecond, 0, 19)) {
        base = cachedSecondBase; // most lines share their second with the line before
      } else {
        if (cachedDate == null || !text.regionMatches(from, cachedDate, 0, 10)) {
          String date = text.substring(from, from + 10);
          cachedEpochDay = LocalDate.parse(date).toEpochDay();
          cachedDate = date;
        }
        int hour = digits(text, from + 11, from + 13);
        int minute = digits(text, from + 14, from + 16);
        int second = digits(text, from + 17, from + 19);
        base = cachedEpochDay * 86_400L + hour * 3600L + minute * 60L + second;
        cachedSecond = text.substring(from, from + 19);
        cachedSecondBase = base;
      }
      int i = from + 19;
      long micros = 0;
      if (i < to && text.charAt(i) == '.') {
        int start = ++i;
        while (i < to && Character.isDigit(text.charAt(i))) {
          i++;
        }
        long fraction = digits(text, start, Math.min(i, start + 6));
        for (int k = Math.min(i, start + 6) - start; k < 6; k++) {
          fraction *= 10;
        }
        micros = fraction;
      }
      long offsetSeconds = 0;
      if (i < to && text.charAt(i) == ' ') {
        int zoneLength = to - i - 1;
        if (cachedZone != null && cachedZone.length() == zoneLength
            && text.regionMatches(i + 1, cachedZone, 0, zoneLength)) {
          offsetSeconds = cachedZoneOffset;
        } else {
          String zone = text.substring(i + 1, to);
          offsetSeconds = offset(zone.strip());
          cachedZone = zone;
          cachedZoneOffset = offsetSeconds;
        }
      }
      long seconds = base - offsetSeconds;
      return seconds * 1_000_000L + micros;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** {@code %n}: seconds since the epoch with milliseconds. */
  static long parseEpoch(String text) {
    if (text == null) {
      return -1; // %n inside a %q part that the line left out
    }
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
