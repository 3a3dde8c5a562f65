package dev.dbprof.read.mysql;

import dev.dbprof.event.Event;
import dev.dbprof.event.EventKind;
import dev.dbprof.read.LogReader;
import dev.dbprof.read.ReadContext;
import dev.dbprof.read.pg.TransactionStatements;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  // word start, possessive: on a long line without ": " a plain (\w+) retries from every letter (quadratic)
  private static final Pattern FIELD = Pattern.compile("\\b(\\w++): +(\\S*)");
  private static final Pattern USER_HOST_ID = Pattern.compile("\\bId:\\s*(\\d+)");
  private static final Pattern USE = Pattern.compile("^use [^;]+;$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SET_TIMESTAMP = Pattern.compile("^SET timestamp=(\\d{1,18});$");

  /** A statement longer than this is given up, so that a broken file cannot fill the memory. */
  static final int MAX_STATEMENT_CHARS = 16 * 1024 * 1024;

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    MySqlLogTimes times = new MySqlLogTimes();
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
        entry = new Entry(number);
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
      if (startsHeader && (entry == null || entry.body.length() > 0 || entry.done(line))) {
        finish(entry, context);
        entry = new Entry(number);
        entry.time = lastTime;
        entry.timeIsEnd = lastTimeIsEnd;
      }
      if (entry == null) {
        context.skip(number, "line outside a slow log entry");
        continue;
      }
      entry.lines++;
      if (line.startsWith("#") && entry.body.length() == 0) {
        entry.header(line);
        continue;
      }
      if (entry.body.length() == 0) {
        if (USE.matcher(line).matches()) {
          continue;
        }
        Matcher ts = SET_TIMESTAMP.matcher(line);
        if (ts.matches()) {
          entry.setTimestamp = Long.parseLong(ts.group(1));
          continue;
        }
        entry.body.append(line);
      } else if (entry.body.length() + line.length() > MAX_STATEMENT_CHARS) {
        entry.tooLong = true;
      } else {
        entry.body.append('\n').append(line);
      }
    }
    finish(entry, context);
  }

  private static final class Entry {
    final long line;
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
    final StringBuilder body = new StringBuilder();

    Entry(long line) {
      this.line = line;
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
        Matcher id = USER_HOST_ID.matcher(line);
        if (id.find()) {
          session = id.group(1);
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
      Matcher f = FIELD.matcher(line);
      while (f.find()) {
        String value = f.group(2);
        switch (f.group(1)) {
          case "Thread_id" -> {
            sawThreadId = true;
            session = value;
          }
          case "Query_time" -> queryNanos = MySqlLogTimes.secondsToNanos(value);
          case "Rows_sent" -> rowsSent = number(value);
          case "Rows_affected" -> rowsAffected = number(value);
          case "Errno" -> errno = Math.max(0, number(value));
          default -> { }
        }
      }
    }
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Event.UNKNOWN;
    }
  }

  private static void finish(Entry e, ReadContext context) {
    if (e == null || e.administrative || e.lines == 0) {
      return;
    }
    if (e.tooLong) {
      context.skip(e.line, e.lines, "statement longer than " + MAX_STATEMENT_CHARS + " characters");
      return;
    }
    if (e.body.length() == 0) {
      context.skip(e.line, e.lines, "slow log entry without a statement");
      return;
    }
    if (e.queryNanos < 0 || e.session == null) {
      context.skip(e.line, e.lines, "slow log entry without Query_time or thread id");
      return;
    }
    String sql = e.body.toString();
    if (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1);
    }
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
