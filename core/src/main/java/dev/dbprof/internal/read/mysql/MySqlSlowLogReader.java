package dev.dbprof.internal.read.mysql;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.internal.read.spi.BoundedLineReader;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.internal.read.spi.TextPool;
import dev.dbprof.internal.read.spi.TransactionStatements;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the MySQL/MariaDB slow query log. An entry is a block of {@code #} header lines (MySQL 8:
 * {@code # Time}, {@code # User@Host … Id: N}, {@code # Query_time …}; MariaDB adds
 * {@code # Thread_id}, {@code # Rows_affected}, {@code # Full_scan}, {@code # explain} and prints
 * {@code # Time} only when the second changes), then optional {@code use db;} and
 * {@code SET timestamp=…;} lines, then the statement ending in {@code ;}.
 *
 * <p>{@code rows} is the rows changed for a write, else the rows sent. A non-zero {@code Errno}
 * (MySQL's {@code log_slow_extra}) marks the statement failed with SQLSTATE {@code HY000}; the
 * log carries no SQLSTATE.
 */
public final class MySqlSlowLogReader implements LogReader {

  /** A statement longer than this is given up, so that a broken file cannot fill the memory. */
  static final int MAX_STATEMENT_CHARS = 16 * 1024 * 1024;

  private static final byte[] TIME = ascii("# Time: ");
  private static final byte[] USER_HOST = ascii("# User@Host:");
  private static final byte[] THREAD_ID = ascii("# Thread_id:");
  private static final byte[] QUERY_TIME = ascii("# Query_time:");
  private static final byte[] ROWS_AFFECTED = ascii("# Rows_affected:");
  private static final byte[] ADMINISTRATOR = ascii("# administrator command:");
  private static final byte[] SET_TIMESTAMP = ascii("SET timestamp=");
  private static final byte[] STARTED_WITH = ascii("started with:");

  // What a line is, decided once from its first bytes.
  private static final int OTHER_LINE = 0;
  private static final int TIME_LINE = 1;
  private static final int USER_HOST_LINE = 2;
  private static final int THREAD_ID_LINE = 3;
  private static final int QUERY_TIME_LINE = 4;
  private static final int ROWS_AFFECTED_LINE = 5;
  private static final int ADMINISTRATOR_LINE = 6;

  /**
   * Steps through the lines as bytes: four of an entry's five lines are headers, read where they
   * lie; only the statement and the time become strings.
   */
  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    BoundedLineReader lines = BoundedLineReader.of(in, context);
    MySqlLogTimes times = new MySqlLogTimes();
    TextPool sessions = new TextPool();
    Entry entry = null;
    long lastTime = Event.UNKNOWN;
    boolean lastTimeIsEnd = false;
    long number = 0;
    while (lines.next()) {
      number++;
      byte[] b = lines.bytes();
      int s = lines.start();
      int e = lines.end();
      if (mayBeBanner(b, s, e) && MySqlBanner.isBanner(lines.text())) {
        finish(entry, context);
        entry = null;
        continue;
      }
      int kind = kind(b, s, e);
      if (kind == TIME_LINE) {
        finish(entry, context);
        entry = new Entry(number, sessions);
        int from = s + TIME.length;
        int to = e;
        while (from < to && isWhitespace(b[from])) {
          from++;
        }
        while (to > from && isWhitespace(b[to - 1])) {
          to--;
        }
        long parsed = times.parseCached(b, from, to);
        // MySQL 8 writes the end time with microseconds; MariaDB's has seconds only
        boolean isEnd = true;
        if (parsed == MySqlLogTimes.NOT_CACHED) {
          String text = new String(b, s + TIME.length, e - s - TIME.length, StandardCharsets.UTF_8).strip();
          parsed = times.parse(text);
          isEnd = text.indexOf('T') > 0;
        }
        if (parsed < 0) {
          // counted here, so not again among the entry's lines if the entry is skipped too
          context.skip(number, "unreadable time");
        } else {
          entry.lines++;
          lastTime = parsed;
          lastTimeIsEnd = isEnd;
        }
        entry.time = lastTime;
        entry.timeIsEnd = lastTimeIsEnd;
        continue;
      }
      boolean startsHeader = kind == USER_HOST_LINE || kind == THREAD_ID_LINE || kind == QUERY_TIME_LINE;
      if (startsHeader && (entry == null || entry.bodyLength > 0 || entry.done(kind))) {
        finish(entry, context);
        entry = new Entry(number, sessions);
        entry.time = lastTime;
        entry.timeIsEnd = lastTimeIsEnd;
      }
      if (entry == null) {
        context.skip(number, "line outside a slow log entry");
        continue;
      }
      entry.lines++;
      if (e > s && b[s] == '#' && entry.bodyLength == 0) {
        entry.header(kind, b, s, e);
        continue;
      }
      if (entry.bodyLength == 0) {
        if (isUse(b, s, e)) {
          continue;
        }
        long timestamp = setTimestamp(b, s, e);
        if (timestamp >= 0) {
          entry.setTimestamp = timestamp;
          continue;
        }
        String line = lines.text();
        entry.firstBodyLine = line;
        entry.bodyLength = line.length();
        continue;
      }
      String line = lines.text();
      if (entry.bodyLength + line.length() > MAX_STATEMENT_CHARS) {
        entry.tooLong = true;
      } else {
        if (entry.body == null) {
          entry.body = new StringBuilder(entry.firstBodyLine);
        }
        entry.body.append('\n').append(line);
        entry.bodyLength = entry.body.length();
      }
    }
    finish(entry, context);
  }

  private static final class Entry {
    final long line;
    final TextPool sessions;
    int lines;
    long time = Event.UNKNOWN;
    boolean timeIsEnd;
    long setTimestamp = -1;
    String session;
    long queryNanos = -1;
    long rowsSent = Event.UNKNOWN;
    long rowsAffected = Event.UNKNOWN;
    long errno;
    boolean sawUserHost;
    boolean sawThreadId;
    boolean administrative;
    boolean tooLong;
    /** The statement: most are one line, kept as is; a builder only from the second line on. */
    String firstBodyLine;
    StringBuilder body;
    int bodyLength;

    Entry(long line, TextPool sessions) {
      this.line = line;
      this.sessions = sessions;
    }

    /** A second header of a kind already seen means a new entry without a body in between. */
    boolean done(int kind) {
      return kind == USER_HOST_LINE && sawUserHost
          || kind == THREAD_ID_LINE && sawThreadId
          || kind == QUERY_TIME_LINE && queryNanos >= 0;
    }

    void header(int kind, byte[] b, int s, int e) {
      if (kind == USER_HOST_LINE) {
        sawUserHost = true;
        String id = connectionId(b, s, e, sessions);
        if (id != null) {
          session = id;
        }
        return;
      }
      if (kind == ADMINISTRATOR_LINE) {
        administrative = true;
        return;
      }
      if (!(kind == THREAD_ID_LINE || kind == QUERY_TIME_LINE || kind == ROWS_AFFECTED_LINE)) {
        return; // explain, Full_scan, Filesort, bare "#", Percona extras
      }
      fields(b, s, e);
    }

    /**
     * Reads the {@code Name: value} pairs of a header line: a name is a run of word characters
     * that starts a word, then a colon, one or more spaces and the value up to the next white
     * space (possibly empty). By hand, from colon to colon: this runs for every entry.
     */
    private void fields(byte[] b, int s, int e) {
      int colon = colonSpace(b, s, e);
      while (colon >= 0) {
        int name = colon;
        while (name > s && isWordChar(b[name - 1])) {
          name--;
        }
        if (name == colon) {
          colon = colonSpace(b, colon + 1, e);
          continue;
        }
        int value = colon + 2;
        while (value < e && b[value] == ' ') {
          value++;
        }
        int valueEnd = value;
        while (valueEnd < e && !isSpace(b[valueEnd])) {
          valueEnd++;
        }
        field(b, name, colon, value, valueEnd);
        colon = colonSpace(b, valueEnd, e);
      }
    }

    private void field(byte[] b, int name, int nameEnd, int value, int valueEnd) {
      if (is(b, name, nameEnd, "Thread_id")) {
        sawThreadId = true;
        session = sessions.get(b, value, valueEnd);
      } else if (is(b, name, nameEnd, "Query_time")) {
        queryNanos = MySqlLogTimes.secondsToNanos(b, value, valueEnd);
      } else if (is(b, name, nameEnd, "Rows_sent")) {
        rowsSent = number(b, value, valueEnd);
      } else if (is(b, name, nameEnd, "Rows_affected")) {
        rowsAffected = number(b, value, valueEnd);
      } else if (is(b, name, nameEnd, "Errno")) {
        errno = Math.max(0, number(b, value, valueEnd));
      }
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Which header the line is, from its third byte and then one prefix comparison. */
  private static int kind(byte[] b, int s, int e) {
    if (e - s < 8 || b[s] != '#' || b[s + 1] != ' ') {
      return OTHER_LINE;
    }
    return switch (b[s + 2]) {
      case 'T' -> startsWith(b, s, e, TIME) ? TIME_LINE
          : startsWith(b, s, e, THREAD_ID) ? THREAD_ID_LINE : OTHER_LINE;
      case 'U' -> startsWith(b, s, e, USER_HOST) ? USER_HOST_LINE : OTHER_LINE;
      case 'Q' -> startsWith(b, s, e, QUERY_TIME) ? QUERY_TIME_LINE : OTHER_LINE;
      case 'R' -> startsWith(b, s, e, ROWS_AFFECTED) ? ROWS_AFFECTED_LINE : OTHER_LINE;
      case 'a' -> startsWith(b, s, e, ADMINISTRATOR) ? ADMINISTRATOR_LINE : OTHER_LINE;
      default -> OTHER_LINE;
    };
  }

  private static boolean startsWith(byte[] b, int s, int e, byte[] prefix) {
    if (e - s < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[s + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean is(byte[] b, int start, int end, String name) {
    if (end - start != name.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (b[start + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Index of the next {@code ": "} in {@code b[from, e)}, or -1. */
  private static int colonSpace(byte[] b, int from, int e) {
    for (int i = from; i < e - 1; i++) {
      if (b[i] == ':' && b[i + 1] == ' ') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isWordChar(byte c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
  }

  /** The ASCII characters {@link Character#isWhitespace} accepts (what {@code String.strip} removes). */
  private static boolean isWhitespace(byte c) {
    return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1C && c <= 0x1F;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** {@code Long.parseLong} of the value; {@link Event#UNKNOWN} when it is not a number. */
  private static long number(byte[] b, int start, int end) {
    int length = end - start;
    if (length > 0 && length <= 18) {
      long value = 0;
      int i = start;
      for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
        value = value * 10 + (b[i] - '0');
      }
      if (i == end) {
        return value;
      }
    }
    try {
      return Long.parseLong(new String(b, start, length, StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return Event.UNKNOWN;
    }
  }

  /**
   * Whether the line could be one of the banner's: only those go to {@link MySqlBanner}, so
   * that a statement line is never decoded for it or searched from its start.
   */
  private static boolean mayBeBanner(byte[] b, int s, int e) {
    if (e - s >= 4 && b[s] == 'T') {
      return true; // "Time …" or "Tcp port: …"
    }
    int end = e;
    while (end > s && isWhitespace(b[end - 1])) {
      end--;
    }
    return end - STARTED_WITH.length >= s && startsWith(b, end - STARTED_WITH.length, end, STARTED_WITH);
  }

  /** The digits after the first word {@code Id:} (and optional white space), or null. */
  static String connectionId(byte[] b, int s, int e, TextPool sessions) {
    for (int at = s; at + 3 <= e; at++) {
      if (b[at] != 'I' || b[at + 1] != 'd' || b[at + 2] != ':' || (at > s && isWordChar(b[at - 1]))) {
        continue;
      }
      int digits = at + 3;
      while (digits < e && isSpace(b[digits])) {
        digits++;
      }
      int end = digits;
      while (end < e && b[end] >= '0' && b[end] <= '9') {
        end++;
      }
      if (end > digits) {
        return sessions.get(b, digits, end);
      }
    }
    return null;
  }

  /** Whether the line is {@code use <db>;} (any case), which says nothing about the statement. */
  static boolean isUse(byte[] b, int s, int e) {
    if (e - s < 6 || (b[s] | 0x20) != 'u' || (b[s + 1] | 0x20) != 's' || (b[s + 2] | 0x20) != 'e'
        || b[s + 3] != ' ' || b[e - 1] != ';') {
      return false;
    }
    for (int i = s + 4; i < e - 1; i++) {
      if (b[i] == ';') {
        return false;
      }
    }
    return true;
  }

  /** The seconds of a {@code SET timestamp=<1 to 18 digits>;} line, else -1. */
  static long setTimestamp(byte[] b, int s, int e) {
    int last = e - 1;
    int digits = last - s - SET_TIMESTAMP.length;
    if (digits < 1 || digits > 18 || b[last] != ';' || !startsWith(b, s, e, SET_TIMESTAMP)) {
      return -1;
    }
    long value = 0;
    for (int i = s + SET_TIMESTAMP.length; i < last; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return -1;
      }
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }

  private static void finish(Entry e, ReadContext context) {
    if (e == null || e.administrative || e.lines == 0) {
      return;
    }
    if (e.tooLong) {
      context.skip(e.line, e.lines, "statement longer than " + MAX_STATEMENT_CHARS + " characters");
      return;
    }
    if (e.bodyLength == 0) {
      context.skip(e.line, e.lines, "slow log entry without a statement");
      return;
    }
    if (e.queryNanos < 0 || e.session == null) {
      context.skip(e.line, e.lines, "slow log entry without Query_time or thread id");
      return;
    }
    CharSequence body = e.body == null ? e.firstBodyLine : e.body;
    int end = body.charAt(body.length() - 1) == ';' ? body.length() - 1 : body.length();
    String sql = body instanceof String line ? line.substring(0, end) : body.subSequence(0, end).toString();
    long start;
    if (e.time >= 0 && e.timeIsEnd) {
      start = e.time - e.queryNanos / 1000;
    } else if (e.setTimestamp >= 0) {
      start = e.setTimestamp * 1_000_000L;
    } else {
      start = e.time;
    }
    switch (TransactionStatements.classify(sql)) {
      case BEGIN -> { }
      case COMMIT -> context.emit(new Event(EventKind.COMMIT, start, e.queryNanos, e.session, null,
          null, null, 0, Event.UNKNOWN, null, null, null, e.line));
      case ROLLBACK -> context.emit(new Event(EventKind.ROLLBACK, start, e.queryNanos, e.session,
          null, null, null, 0, Event.UNKNOWN, null, null, null, e.line));
      default -> {
        long rows = e.rowsAffected > 0 ? e.rowsAffected : e.rowsSent;
        context.emit(new Event(EventKind.STATEMENT, start, e.queryNanos, e.session, null, sql,
            null, 0, rows, e.errno > 0 ? "HY000" : null, null, null, e.line));
      }
    }
  }
}
