package dev.dbprof.read.mysql;

import dev.dbprof.event.Event;
import dev.dbprof.event.EventKind;
import dev.dbprof.read.LogReader;
import dev.dbprof.read.ReadContext;
import dev.dbprof.read.TextPool;
import dev.dbprof.read.pg.TransactionStatements;
import java.io.BufferedReader;
import java.io.IOException;

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

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    MySqlLogTimes times = new MySqlLogTimes();
    TextPool sessions = new TextPool();
    Entry entry = null;
    long lastTime = Event.UNKNOWN;
    boolean lastTimeIsEnd = false;
    long number = 0;
    String line;
    while ((line = in.readLine()) != null) {
      number++;
      if (MySqlBanner.isBanner(line)) {
        finish(entry, context);
        entry = null;
        continue;
      }
      if (line.startsWith("# Time: ")) {
        finish(entry, context);
        entry = new Entry(number, sessions);
        String text = line.substring(8).strip();
        long parsed = times.parse(text);
        if (parsed < 0) {
          // counted here, so not again among the entry's lines if the entry is skipped too
          context.skip(number, "unreadable time");
        } else {
          entry.lines++;
          lastTime = parsed;
          // MySQL 8 writes the end time with microseconds; MariaDB's has seconds only
          lastTimeIsEnd = text.indexOf('T') > 0;
        }
        entry.time = lastTime;
        entry.timeIsEnd = lastTimeIsEnd;
        continue;
      }
      boolean startsHeader = line.startsWith("# User@Host:") || line.startsWith("# Thread_id:")
          || line.startsWith("# Query_time:");
      if (startsHeader && (entry == null || entry.bodyLength > 0 || entry.done(line))) {
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
      if (line.startsWith("#") && entry.bodyLength == 0) {
        entry.header(line);
        continue;
      }
      if (entry.bodyLength == 0) {
        if (isUse(line)) {
          continue;
        }
        long timestamp = setTimestamp(line);
        if (timestamp >= 0) {
          entry.setTimestamp = timestamp;
          continue;
        }
        entry.firstBodyLine = line;
        entry.bodyLength = line.length();
      } else if (entry.bodyLength + line.length() > MAX_STATEMENT_CHARS) {
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
    boolean done(String line) {
      return line.startsWith("# User@Host:") && sawUserHost
          || line.startsWith("# Thread_id:") && sawThreadId
          || line.startsWith("# Query_time:") && queryNanos >= 0;
    }

    void header(String line) {
      if (line.startsWith("# User@Host:")) {
        sawUserHost = true;
        String id = connectionId(line, sessions);
        if (id != null) {
          session = id;
        }
        return;
      }
      if (line.startsWith("# administrator command:")) {
        administrative = true;
        return;
      }
      if (!(line.startsWith("# Thread_id:") || line.startsWith("# Query_time:")
          || line.startsWith("# Rows_affected:"))) {
        return; // explain, Full_scan, Filesort, bare "#", Percona extras
      }
      fields(line);
    }

    /**
     * Reads the {@code Name: value} pairs of a header line: a name is a run of word characters
     * that starts a word, then a colon, one or more spaces and the value up to the next white
     * space (possibly empty). By hand, from colon to colon: this runs for every entry.
     */
    private void fields(String line) {
      int n = line.length();
      int colon = line.indexOf(": ");
      while (colon >= 0) {
        int name = colon;
        while (name > 0 && isWordChar(line.charAt(name - 1))) {
          name--;
        }
        if (name == colon) {
          colon = line.indexOf(": ", colon + 1);
          continue;
        }
        int value = colon + 2;
        while (value < n && line.charAt(value) == ' ') {
          value++;
        }
        int valueEnd = value;
        while (valueEnd < n && !isSpace(line.charAt(valueEnd))) {
          valueEnd++;
        }
        field(line, name, colon, value, valueEnd);
        colon = line.indexOf(": ", valueEnd);
      }
    }

    private void field(String line, int name, int nameEnd, int value, int valueEnd) {
      if (is(line, name, nameEnd, "Thread_id")) {
        sawThreadId = true;
        session = sessions.get(line, value, valueEnd);
      } else if (is(line, name, nameEnd, "Query_time")) {
        queryNanos = MySqlLogTimes.secondsToNanos(line, value, valueEnd);
      } else if (is(line, name, nameEnd, "Rows_sent")) {
        rowsSent = number(line, value, valueEnd);
      } else if (is(line, name, nameEnd, "Rows_affected")) {
        rowsAffected = number(line, value, valueEnd);
      } else if (is(line, name, nameEnd, "Errno")) {
        errno = Math.max(0, number(line, value, valueEnd));
      }
    }
  }

  private static boolean is(String line, int start, int end, String name) {
    return end - start == name.length() && line.startsWith(name, start);
  }

  private static boolean isWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static long number(String text, int start, int end) {
    try {
      return Long.parseLong(text, start, end, 10);
    } catch (NumberFormatException e) {
      return Event.UNKNOWN;
    }
  }

  /** The digits after the first word {@code Id:} (and optional white space), or null. */
  static String connectionId(String line, TextPool sessions) {
    int from = 0;
    int at;
    while ((at = line.indexOf("Id:", from)) >= 0) {
      from = at + 3;
      if (at > 0 && isWordChar(line.charAt(at - 1))) {
        continue;
      }
      int digits = from;
      while (digits < line.length() && isSpace(line.charAt(digits))) {
        digits++;
      }
      int end = digits;
      while (end < line.length() && line.charAt(end) >= '0' && line.charAt(end) <= '9') {
        end++;
      }
      if (end > digits) {
        return sessions.get(line, digits, end);
      }
    }
    return null;
  }

  /** Whether the line is {@code use <db>;} (any case), which says nothing about the statement. */
  static boolean isUse(String line) {
    int last = line.length() - 1;
    return last > 4 && line.regionMatches(true, 0, "use ", 0, 4) && line.indexOf(';', 4) == last;
  }

  /** The seconds of a {@code SET timestamp=<1 to 18 digits>;} line, else -1. */
  static long setTimestamp(String line) {
    String prefix = "SET timestamp=";
    int end = line.length() - 1;
    int digits = end - prefix.length();
    if (digits < 1 || digits > 18 || line.charAt(end) != ';' || !line.startsWith(prefix)) {
      return -1;
    }
    long value = 0;
    for (int i = prefix.length(); i < end; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
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
          null, null, 0, Event.UNKNOWN, null, null, e.line));
      case ROLLBACK -> context.emit(new Event(EventKind.ROLLBACK, start, e.queryNanos, e.session,
          null, null, null, 0, Event.UNKNOWN, null, null, e.line));
      default -> {
        long rows = e.rowsAffected > 0 ? e.rowsAffected : e.rowsSent;
        context.emit(new Event(EventKind.STATEMENT, start, e.queryNanos, e.session, null, sql,
            null, 0, rows, e.errno > 0 ? "HY000" : null, null, e.line));
      }
    }
  }
}
