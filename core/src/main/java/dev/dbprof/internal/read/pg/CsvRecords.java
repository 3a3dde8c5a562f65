package dev.dbprof.internal.read.pg;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * RFC 4180 records from a line stream: fields in double quotes may hold commas, doubled quotes
 * and line breaks. A record that does not close its quote within {@link #MAX_RECORD_LINES} lines
 * or {@link #MAX_RECORD_CHARS} characters is given up: its first line is reported and the
 * following lines are read again as the start of new records, so one line cut in the middle of a
 * quote costs that line only.
 */
final class CsvRecords {

  static final int MAX_RECORD_LINES = 5_000;
  static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;

  /**
   * A parsed record: the line it starts on, its text (its lines joined with {@code \n}), where
   * each field sits in that text, and its raw lines after the first. Fields are cut out only when
   * asked for: a reader needs a third of them. One instance serves every record of a reader.
   */
  static final class Record {
    private static final byte UNQUOTED = 0;
    private static final byte QUOTED = 1;
    /** Quoted, with doubled quotes inside. */
    private static final byte ESCAPED = 2;

    private long line;
    private String text;
    private int size;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private byte[] kinds = new byte[32];
    private List<String> linesAfterFirst;

    long line() {
      return line;
    }

    int size() {
      return size;
    }

    /** The record's text, which holds every field that {@link #isRegion} says is a plain region. */
    String text() {
      return text;
    }

    /** The field's value: null when it is empty and not quoted. */
    String field(int k) {
      if (kinds[k] == UNQUOTED && starts[k] == ends[k]) {
        return null;
      }
      if (kinds[k] != ESCAPED) {
        return text.substring(starts[k], ends[k]);
      }
      // quotes inside a quoted field come doubled: keep one of each pair
      StringBuilder out = new StringBuilder(ends[k] - starts[k]);
      int i = starts[k];
      while (true) {
        int quote = text.indexOf('"', i);
        if (quote < 0 || quote >= ends[k]) {
          return out.append(text, i, ends[k]).toString();
        }
        out.append(text, i, quote + 1);
        i = quote + 2;
      }
    }

    boolean isNull(int k) {
      return kinds[k] == UNQUOTED && starts[k] == ends[k];
    }

    /** Whether the field's value is {@code text()} from {@link #start} to {@link #end} as it stands. */
    boolean isRegion(int k) {
      return kinds[k] != ESCAPED;
    }

    int start(int k) {
      return starts[k];
    }

    int end(int k) {
      return ends[k];
    }

    List<String> linesAfterFirst() {
      return linesAfterFirst;
    }

    private void add(int start, int end, byte kind) {
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        ends = Arrays.copyOf(ends, size * 2);
        kinds = Arrays.copyOf(kinds, size * 2);
      }
      starts[size] = start;
      ends[size] = end;
      kinds[size] = kind;
      size++;
    }
  }

  /** Reports a line that cannot start a record. */
  interface BadLine {
    void bad(long line, String reason);
  }

  private final BufferedReader in;
  private final BadLine badLine;
  private final Deque<String> replay = new ArrayDeque<>();
  private long nextLineNumber = 1;
  private final Record record = new Record();

  CsvRecords(BufferedReader in, BadLine badLine) {
    this.in = in;
    this.badLine = badLine;
  }

  private String nextLine() throws IOException {
    return replay.isEmpty() ? in.readLine() : replay.pollFirst();
  }

  /** The next record, or null at the end of the input; the same instance every time. */
  Record next() throws IOException {
    while (true) {
      String first = nextLine();
      if (first == null) {
        return null;
      }
      long start = nextLineNumber;
      Record r = record;
      r.size = 0;
      List<String> after = null;
      StringBuilder joined = null;
      String text = first;
      // positions count in the record's text: the lines joined with \n; base is where text starts
      int base = 0;
      int i = 0;
      int lines = 1;
      int chars = first.length();
      int fieldStart = 0;
      boolean quoted = false;
      boolean inQuotes = false;
      boolean escaped = false;
      int quoteEnd = -1;
      String failure = null;
      while (true) {
        if (i >= text.length()) {
          if (inQuotes) {
            String more = lines >= MAX_RECORD_LINES || chars > MAX_RECORD_CHARS ? null : nextLine();
            if (more == null) {
              failure = "quoted field not closed";
              break;
            }
            if (after == null) {
              after = new ArrayList<>();
              joined = new StringBuilder(first);
            }
            after.add(more);
            lines++;
            chars += more.length();
            joined.append('\n').append(more);
            base += text.length() + 1;
            text = more;
            i = 0;
            continue;
          }
          r.add(fieldStart, quoted ? quoteEnd : base + i, kind(quoted, escaped));
          break;
        }
        if (inQuotes) {
          // jump to the next quote: quoted fields are long (messages, statements)
          int quote = text.indexOf('"', i);
          if (quote < 0) {
            i = text.length();
            continue;
          }
          i = quote + 1;
          if (i < text.length() && text.charAt(i) == '"') {
            escaped = true;
            i++;
          } else {
            inQuotes = false;
            quoteEnd = base + quote;
          }
          continue;
        }
        if (quoted) {
          // a quoted field has closed: a comma must follow (or the end of the record)
          if (text.charAt(i) != ',') {
            failure = "text after a closing quote";
            break;
          }
          r.add(fieldStart, quoteEnd, kind(true, escaped));
          i++;
          fieldStart = base + i;
          quoted = false;
          escaped = false;
        } else if (base + i == fieldStart && text.charAt(i) == '"') {
          quoted = true;
          inQuotes = true;
          i++;
          fieldStart = base + i;
        } else {
          // an unquoted field (a quote inside it is just a character) runs to the next comma
          int comma = text.indexOf(',', i);
          if (comma < 0) {
            i = text.length();
          } else {
            r.add(fieldStart, base + comma, Record.UNQUOTED);
            i = comma + 1;
            fieldStart = base + i;
          }
        }
      }
      if (failure != null) {
        badLine.bad(start, failure);
        nextLineNumber = start + 1;
        if (after != null) {
          for (int k = after.size() - 1; k >= 0; k--) {
            replay.addFirst(after.get(k));
          }
        }
        continue;
      }
      nextLineNumber = start + lines;
      r.line = start;
      r.text = joined == null ? first : joined.toString();
      r.linesAfterFirst = after == null ? List.of() : after;
      return r;
    }
  }

  private static byte kind(boolean quoted, boolean escaped) {
    return !quoted ? Record.UNQUOTED : escaped ? Record.ESCAPED : Record.QUOTED;
  }

  /**
   * Gives a record up after its fields turned out wrong: its first line is reported by the
   * caller, the lines after it are read again.
   */
  void reject(Record record) {
    List<String> after = record.linesAfterFirst();
    for (int k = after.size() - 1; k >= 0; k--) {
      replay.addFirst(after.get(k));
    }
    nextLineNumber = record.line() + 1;
  }
}
