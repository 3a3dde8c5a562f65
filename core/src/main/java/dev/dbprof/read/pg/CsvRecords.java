package dev.dbprof.read.pg;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
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

  /** A parsed record, the line it starts on, and its raw lines after the first. */
  record Record(long line, List<String> fields, List<String> linesAfterFirst) {}

  /** Reports a line that cannot start a record. */
  interface BadLine {
    void bad(long line, String reason);
  }

  private final BufferedReader in;
  private final BadLine badLine;
  private final Deque<String> replay = new ArrayDeque<>();
  private long nextLineNumber = 1;

  CsvRecords(BufferedReader in, BadLine badLine) {
    this.in = in;
    this.badLine = badLine;
  }

  private String nextLine() throws IOException {
    return replay.isEmpty() ? in.readLine() : replay.pollFirst();
  }

  /** The next record, or null at the end of the input. */
  Record next() throws IOException {
    while (true) {
      String first = nextLine();
      if (first == null) {
        return null;
      }
      long start = nextLineNumber;
      List<String> consumed = new ArrayList<>(1);
      consumed.add(first);
      List<String> fields = new ArrayList<>(26);
      StringBuilder field = new StringBuilder();
      String text = first;
      int i = 0;
      boolean quoted = false;
      boolean inQuotes = false;
      int chars = first.length();
      boolean failed = false;
      String failure = null;
      while (true) {
        if (i >= text.length()) {
          if (inQuotes) {
            String more = consumed.size() >= MAX_RECORD_LINES || chars > MAX_RECORD_CHARS ? null : nextLine();
            if (more == null) {
              failed = true;
              failure = "quoted field not closed";
              break;
            }
            consumed.add(more);
            chars += more.length();
            field.append('\n');
            text = more;
            i = 0;
            continue;
          }
          fields.add(quoted || field.length() > 0 ? field.toString() : null);
          break;
        }
        if (inQuotes) {
          // copy up to the next quote in one go: quoted fields are long (messages, statements)
          int quote = text.indexOf('"', i);
          if (quote < 0) {
            field.append(text, i, text.length());
            i = text.length();
            continue;
          }
          field.append(text, i, quote);
          i = quote + 1;
          if (i < text.length() && text.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            inQuotes = false;
          }
          continue;
        }
        char c = text.charAt(i++);
        if (c == ',') {
          fields.add(quoted || field.length() > 0 ? field.toString() : null);
          field.setLength(0);
          quoted = false;
        } else if (c == '"' && field.length() == 0 && !quoted) {
          quoted = true;
          inQuotes = true;
        } else if (quoted) {
          failed = true;
          failure = "text after a closing quote";
          break;
        } else {
          field.append(c);
        }
      }
      if (failed) {
        badLine.bad(start, failure);
        nextLineNumber = start + 1;
        for (int k = consumed.size() - 1; k >= 1; k--) {
          replay.addFirst(consumed.get(k));
        }
        continue;
      }
      nextLineNumber = start + consumed.size();
      return new Record(start, fields,
          consumed.size() == 1 ? List.of() : consumed.subList(1, consumed.size()));
    }
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
