package dev.dbprof.read.capture;

import dev.dbprof.event.CallSite;
import dev.dbprof.event.Event;
import dev.dbprof.event.EventKind;
import dev.dbprof.read.InputException;
import dev.dbprof.read.LogReader;
import dev.dbprof.read.ReadContext;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads a dbprof capture file ({@code dbprof-capture/1}, see {@code docs/capture-format.md}).
 *
 * <p>Fields this version does not know are ignored, so that newer minor versions read; a header of
 * another major version stops the read with an {@link InputException}. A line that is not a JSON
 * object of a known event type is skipped and counted; a bad last line is reported as truncated
 * (a capture that crashed loses at most that line). {@code dropped} lines are summed into
 * {@link ReadContext#dropped(long)}.
 */
public final class CaptureFileReader implements LogReader {

  static final String FORMAT_NAME = "dbprof-capture/";
  static final int MAJOR_VERSION = 1;

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    Line line = new Line();
    JsonLine json = new JsonLine();
    int headers = 0;
    String text;
    long number = 0;
    // A failure is reported one line late: only then is it known whether it was the last line.
    long failedAt = 0;
    String failure = null;
    while ((text = in.readLine()) != null) {
      number++;
      if (failure != null) {
        context.skip(failedAt, failure);
        failure = null;
      }
      if (text.isBlank()) {
        continue;
      }
      String problem = parse(text, line, json);
      if (problem != null) {
        failedAt = number;
        failure = problem;
        continue;
      }
      String type = line.type;
      if (type.equals("header")) {
        checkVersion(line.format, context.path());
        headers++;
        continue;
      }
      if (type.equals("dropped")) {
        context.dropped(Math.max(0, line.count));
        continue;
      }
      EventKind kind = kindOf(type);
      if (kind == null) {
        context.skip(number, "unknown event type '" + type + "'");
        continue;
      }
      if (line.conn == null) {
        context.skip(number, type + " event without 'conn'");
        continue;
      }
      boolean execution = kind == EventKind.STATEMENT || kind == EventKind.BATCH;
      if (execution && line.sql == null) {
        context.skip(number, type + " event without 'sql'");
        continue;
      }
      String session = headers > 1 ? headers + ":" + line.conn : line.conn;
      CallSite site = line.siteClass == null && line.siteMethod == null ? null
          : new CallSite(line.siteClass, line.siteMethod, line.siteFile, (int) line.siteLine);
      context.emit(new Event(kind, line.ts, line.ns, session, line.thread,
          execution ? line.sql : null, execution ? line.params : null,
          kind == EventKind.BATCH ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, line.size)) : 0,
          line.rows, line.state, site, number));
    }
    if (failure != null) {
      context.skip(failedAt, "truncated or malformed last line (" + failure
          + "); the capture was probably cut off");
    }
  }

  private static EventKind kindOf(String type) {
    return switch (type) {
      case "stmt" -> EventKind.STATEMENT;
      case "batch" -> EventKind.BATCH;
      case "commit" -> EventKind.COMMIT;
      case "rollback" -> EventKind.ROLLBACK;
      case "open" -> EventKind.CONNECT;
      case "close" -> EventKind.DISCONNECT;
      default -> null;
    };
  }

  static void checkVersion(String format, String path) {
    if (format == null || !format.startsWith(FORMAT_NAME)) {
      throw new InputException(path + " has a header of format '" + format
          + "', not a dbprof capture file.");
    }
    String version = format.substring(FORMAT_NAME.length());
    int dot = version.indexOf('.');
    String major = dot < 0 ? version : version.substring(0, dot);
    if (!major.equals(Integer.toString(MAJOR_VERSION))) {
      throw new InputException(path + " is a " + format + " capture; this dbprof reads "
          + FORMAT_NAME + MAJOR_VERSION + " only, so use the dbprof version that wrote it.");
    }
  }

  /** Parses one line into {@code out}; returns why it cannot be read, or null. */
  static String parse(String text, Line out, JsonLine json) {
    out.clear();
    json.reset(text);
    try {
      if (!json.consume('{')) {
        return "not a JSON object";
      }
      if (!json.consume('}')) {
        do {
          String name = json.string();
          json.expect(':');
          switch (name) {
            case "type" -> out.type = json.stringOrNull();
            case "ts" -> out.ts = json.number();
            case "conn" -> out.conn = json.peek() == '"' ? json.string() : numberText(json);
            case "thread" -> out.thread = json.stringOrNull();
            case "ns" -> out.ns = json.number();
            case "sql" -> out.sql = json.stringOrNull();
            case "params" -> out.params = params(json);
            case "rows" -> out.rows = json.number();
            case "state" -> out.state = json.stringOrNull();
            case "size" -> out.size = json.number();
            case "count" -> out.count = json.number();
            case "format" -> out.format = json.stringOrNull();
            case "site" -> site(json, out);
            default -> json.skipValue();
          }
        } while (json.more('}'));
      }
      if (!json.atEnd()) {
        return "text after the JSON object";
      }
    } catch (JsonLine.Malformed e) {
      return "malformed JSON: " + e.getMessage();
    }
    if (out.type == null) {
      return "no 'type'";
    }
    return null;
  }

  private static String numberText(JsonLine json) throws JsonLine.Malformed {
    int c = json.peek();
    if (c == '-' || c >= '0' && c <= '9') {
      return Long.toString(json.number());
    }
    json.skipValue();
    return null;
  }

  /** The canonical form shared with the other readers: SQL string literals joined by ", ". */
  private static String params(JsonLine json) throws JsonLine.Malformed {
    if (json.peek() != '[') {
      json.skipValue();
      return null;
    }
    json.consume('[');
    if (json.consume(']')) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    do {
      if (out.length() > 0) {
        out.append(", ");
      }
      int c = json.peek();
      if (c == '"') {
        String v = json.string();
        out.append('\'');
        for (int i = 0; i < v.length(); i++) {
          char ch = v.charAt(i);
          out.append(ch);
          if (ch == '\'') {
            out.append('\'');
          }
        }
        out.append('\'');
      } else if (json.nullValue()) {
        out.append("NULL");
      } else {
        json.skipValue();
        out.append('?');
      }
    } while (json.more(']'));
    return out.toString();
  }

  private static void site(JsonLine json, Line out) throws JsonLine.Malformed {
    if (json.peek() != '{') {
      json.skipValue();
      return;
    }
    json.consume('{');
    if (json.consume('}')) {
      return;
    }
    do {
      String name = json.string();
      json.expect(':');
      switch (name) {
        case "class" -> out.siteClass = json.stringOrNull();
        case "method" -> out.siteMethod = json.stringOrNull();
        case "file" -> out.siteFile = json.stringOrNull();
        case "line" -> out.siteLine = Math.max(0, json.number());
        default -> json.skipValue();
      }
    } while (json.more('}'));
  }

  /** The fields of one line, reused from line to line. */
  static final class Line {
    String type;
    String format;
    long ts;
    String conn;
    String thread;
    long ns;
    String sql;
    String params;
    long rows;
    String state;
    long size;
    long count;
    String siteClass;
    String siteMethod;
    String siteFile;
    long siteLine;

    void clear() {
      type = format = conn = thread = sql = params = state = null;
      siteClass = siteMethod = siteFile = null;
      ts = ns = rows = Event.UNKNOWN;
      size = count = siteLine = 0;
    }
  }
}
