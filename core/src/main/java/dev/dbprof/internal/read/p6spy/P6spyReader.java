package dev.dbprof.internal.read.p6spy;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.internal.read.spi.BoundedLineReader;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ParamValues;
import dev.dbprof.internal.read.spi.ReadContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a p6spy log ({@code spy.log}) in any of its message formats.
 *
 * <p>Categories {@code statement}, {@code batch}, {@code commit} and {@code rollback} become events;
 * the others ({@code result}, {@code resultset}, {@code info}, {@code debug}, {@code error}, {@code
 * outage}) carry no execution and are passed over. p6spy writes one {@code batch} line per {@code
 * addBatch} and one more for {@code executeBatch}, which repeats the last row; these are folded into
 * one BATCH event per {@code executeBatch} (see {@link Batches}). Times are whole milliseconds.
 */
public final class P6spyReader implements LogReader {

  /** A record longer than this (in a multi-line format) is skipped, to keep memory bounded. */
  static final int MAX_RECORD_CHARS = 4 * 1024 * 1024;
  /** Trailing lines tried off a multi-line record that does not parse (foreign log lines). */
  private static final int MAX_TRAILING_LINES = 20;
  private static final String NO_SESSION = "unknown";

  private final P6spyFormat format;

  public P6spyReader(P6spyFormat format) {
    this.format = format;
  }

  public static P6spyReader singleLine() {
    return new P6spyReader(P6spyFormat.compile(P6spyFormat.SINGLE_LINE));
  }

  public static P6spyReader multiLine() {
    return new P6spyReader(P6spyFormat.compile(P6spyFormat.MULTI_LINE));
  }

  /** For {@code CustomLineFormat}; null means p6spy's default {@code customLogMessageFormat}. */
  public static P6spyReader custom(String customLogMessageFormat) {
    return new P6spyReader(P6spyFormat.compile(customLogMessageFormat == null
        ? P6spyFormat.P6SPY_DEFAULT_CUSTOM : customLogMessageFormat));
  }

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    Batches batches = new Batches(context);
    if (format.multiLine()) {
      readRecords(in, context, batches);
    } else {
      String line;
      long number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        if (in instanceof BoundedLineReader lines && !lines.lastLineTerminated()) {
          handleLast(line, number, context, batches);
        } else {
          handle(line, number, 1, context, batches);
        }
      }
    }
    batches.flushAll();
  }

  private void readRecords(BufferedReader in, ReadContext context, Batches batches)
      throws IOException {
    Pending record = new Pending();
    String line;
    long number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      if (in instanceof BoundedLineReader lines && lines.lastLineTooLong()) {
        // Already reported (and counted once, see ReadContext.skip); the message it belongs to
        // cannot be read whole, so it goes too.
        if (record.lines > 0) {
          record.lines++;
          record.overflow = true;
        }
        continue;
      }
      if (format.startsRecord(line)) {
        if (record.lines > 0) {
          finish(record, context, batches);
        }
        record.start(line, number);
      } else if (record.lines > 0) {
        record.lines++;
        if (!record.overflow && record.text.length() + line.length() + 1 > MAX_RECORD_CHARS) {
          record.overflow = true;
        }
        if (!record.overflow) {
          record.text.append('\n').append(line);
        }
      } else if (!line.isBlank()) {
        context.skip(number, "not part of a p6spy log message");
      }
    }
    if (record.lines > 0) {
      finish(record, context, batches);
    }
  }

  /** The multi-line message being collected. */
  private static final class Pending {
    final StringBuilder text = new StringBuilder();
    long line;
    int lines;
    boolean overflow;

    void start(String first, long number) {
      text.setLength(0);
      text.append(first);
      line = number;
      lines = 1;
      overflow = false;
    }
  }

  private void finish(Pending record, ReadContext context, Batches batches) {
    long line = record.line;
    int lines = record.lines;
    if (record.overflow) {
      context.skip(line, lines, "p6spy log message too long to read; skipped");
      record.text.setLength(0);
      return;
    }
    StringBuilder buffer = record.text;
    int end = buffer.length();
    while (end > 0 && Character.isWhitespace(buffer.charAt(end - 1))) {
      end--;
    }
    String text = buffer.substring(0, end);
    if (handle(text, line, 0, context, batches)) {
      return;
    }
    // Foreign lines (an application log around SLF4J output) may follow the message: drop them.
    for (int tries = 0; tries < MAX_TRAILING_LINES; tries++) {
      int cut = text.lastIndexOf('\n');
      if (cut < 0) {
        break;
      }
      text = text.substring(0, cut);
      if (handle(text, line, 0, context, batches)) {
        long kept = text.chars().filter(c -> c == '\n').count() + 1;
        context.skip(line + kept, lines - kept, "not part of a p6spy log message");
        return;
      }
    }
    context.skip(line, lines, "not a p6spy log message in the format " + describe());
  }

  /**
   * p6spy ends every message with a line break; a last line without one was cut off while being
   * written. It is read only when it is complete in itself (its two SQL texts agree).
   */
  private void handleLast(String line, long number, ReadContext context, Batches batches) {
    P6spyRecord record = format.parse(line);
    if (record == null || !record.consistent()) {
      context.skip(number, "truncated last line (no line end; the log was cut off)");
      return;
    }
    handle(line, number, 1, context, batches);
  }

  /** Handles one record; with {@code skipLines > 0} an unreadable record is reported here. */
  private boolean handle(String text, long line, int skipLines, ReadContext context,
      Batches batches) {
    P6spyRecord record = format.parse(text);
    if (record == null) {
      if (skipLines > 0) {
        context.skip(line, skipLines, "not a p6spy log message in the format " + describe());
      }
      return record != null;
    }
    String session = record.connection() == null ? NO_SESSION : record.connection();
    long elapsedMillis = record.elapsedMillis();
    long nowMillis = record.timeMillis();
    long startMicros = nowMillis == P6spyTime.UNKNOWN ? Event.UNKNOWN
        : (nowMillis - Math.max(0, elapsedMillis)) * 1000;
    long elapsedNanos = elapsedMillis < 0 ? Event.UNKNOWN : elapsedMillis * 1_000_000;
    String category = record.category() == null ? "statement" : record.category();
    switch (category) {
      case "statement" -> {
        String sql = record.sql();
        if (sql == null || sql.isBlank()) {
          return true;
        }
        batches.flush(session);
        String params = record.literals() == null ? null : ParamValues.ofLiterals(record.literals());
        context.emit(new Event(EventKind.STATEMENT, startMicros, elapsedNanos, session, null, sql,
            params, 0, Event.UNKNOWN, null, null, null, line));
      }
      case "batch" -> batches.add(session, record, startMicros, elapsedNanos, line);
      case "commit", "rollback" -> {
        batches.flush(session);
        EventKind kind = category.equals("commit") ? EventKind.COMMIT : EventKind.ROLLBACK;
        context.emit(new Event(kind, startMicros, elapsedNanos, session, null, null, null, 0,
            Event.UNKNOWN, null, null, null, line));
      }
      default -> {
        // result, resultset, info, debug, error, outage: no execution to count
      }
    }
    return true;
  }

  private String describe() {
    String source = format.source();
    if (source.equals(P6spyFormat.SINGLE_LINE)) {
      return "SingleLineFormat";
    }
    if (source.equals(P6spyFormat.MULTI_LINE)) {
      return "MultiLineFormat";
    }
    return "'" + source.replace("\n", "\\n") + "'";
  }

  /**
   * Folds p6spy's batch lines into BATCH events. Per connection, batch lines accumulate; a line that
   * repeats the previous one exactly is the {@code executeBatch} line (p6spy logs the statement as it
   * stands, with the last row's values), which closes the batch. A batch still open when its
   * connection does something else, or at the end, is closed with the rows seen.
   */
  static final class Batches {
    private final ReadContext context;
    private final Map<String, Pending> open = new HashMap<>();

    Batches(ReadContext context) {
      this.context = context;
    }

    void add(String session, P6spyRecord record, long startMicros, long elapsedNanos, long line) {
      String key = record.prepared() + '\u0000' + record.values();
      Pending pending = open.get(session);
      if (pending == null) {
        String sql = record.sql();
        open.put(session, new Pending(session, sql == null ? "" : sql, key, startMicros,
            elapsedNanos, line));
        return;
      }
      pending.elapsedNanos = sum(pending.elapsedNanos, elapsedNanos);
      if (key.equals(pending.lastKey)) {
        open.remove(session);
        emit(pending, pending.rows);
      } else {
        pending.rows++;
        pending.lastKey = key;
      }
    }

    void flush(String session) {
      if (!open.isEmpty()) {
        Pending pending = open.remove(session);
        if (pending != null) {
          emit(pending, pending.rows);
        }
      }
    }

    void flushAll() {
      List<Pending> rest = new ArrayList<>(open.values());
      rest.sort(Comparator.comparingLong(p -> p.line));
      open.clear();
      for (Pending pending : rest) {
        emit(pending, pending.rows);
      }
    }

    private void emit(Pending pending, int size) {
      context.emit(new Event(EventKind.BATCH, pending.startMicros, pending.elapsedNanos,
          pending.session, null, pending.sql, null, size, Event.UNKNOWN, null, null, null, pending.line));
    }

    private static long sum(long a, long b) {
      return a == Event.UNKNOWN || b == Event.UNKNOWN ? Event.UNKNOWN : a + b;
    }

    private static final class Pending {
      final String session;
      final String sql;
      final long startMicros;
      final long line;
      long elapsedNanos;
      String lastKey;
      int rows = 1;

      Pending(String session, String sql, String lastKey, long startMicros, long elapsedNanos,
          long line) {
        this.session = session;
        this.sql = sql;
        this.lastKey = lastKey;
        this.startMicros = startMicros;
        this.elapsedNanos = elapsedNanos;
        this.line = line;
      }
    }
  }
}
