package dev.dbprof.read.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.read.spi.BoundedLineReader;
import dev.dbprof.read.spi.InputException;
import dev.dbprof.read.spi.LogReader;
import dev.dbprof.read.spi.ReadContext;
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

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** Steps through the lines as bytes: only a line the scanner cannot read is decoded. */
  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    BoundedLineReader lines = BoundedLineReader.of(in, context);
    Line line = new Line();
    CaptureLineScanner scanner = new CaptureLineScanner();
    CallSites callSites = new CallSites();
    int headers = 0;
    long number = 0;
    // A failure is reported one line late: only then is it known whether it was the last line.
    long failedAt = 0;
    String failure = null;
    while (lines.next()) {
      number++;
      if (failure != null) {
        context.skip(failedAt, failure);
        failure = null;
      }
      byte[] bytes = lines.bytes();
      int start = lines.start();
      int end = lines.end();
      if (start == end || bytes[start] != '{' && lines.text().isBlank()) {
        continue;
      }
      String problem = scanner.scan(bytes, start, end, line)
          ? (line.type == null ? "no 'type'" : null) : parse(lines.text(), line);
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
          : callSites.get(line.siteClass, line.siteMethod, line.siteFile, (int) line.siteLine);
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

  /**
   * Parses one line into {@code out} with a general JSON parser; returns why it cannot be read, or
   * null. {@link CaptureLineScanner} reads the lines the capture writes faster, and leaves the
   * rest to this.
   */
  static String parse(String text, Line out) {
    out.clear();
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "not a JSON object";
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "type" -> out.type = text(p, value);
          case "ts" -> out.ts = number(p, value);
          case "conn" -> out.conn = text(p, value);
          case "thread" -> out.thread = text(p, value);
          case "ns" -> out.ns = number(p, value);
          case "sql" -> out.sql = text(p, value);
          case "params" -> out.params = params(p, value);
          case "rows" -> out.rows = number(p, value);
          case "state" -> out.state = text(p, value);
          case "size" -> out.size = number(p, value);
          case "count" -> out.count = number(p, value);
          case "format" -> out.format = text(p, value);
          case "site" -> site(p, value, out);
          default -> p.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT) {
        return "not a JSON object";
      }
      long end = p.currentLocation().getCharOffset();
      for (long i = Math.max(0, end); i < text.length(); i++) {
        if (!Character.isWhitespace(text.charAt((int) i))) {
          return "text after the JSON object";
        }
      }
    } catch (JsonParseException | InputCoercionException e) {
      // the parser's own message quotes the token it stopped at, which may be part of a statement
      return "malformed JSON at column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr());
    } catch (IOException e) {
      return "malformed JSON";
    }
    if (out.type == null) {
      return "no 'type'";
    }
    return null;
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value.isStructStart()) {
      p.skipChildren();
      return null;
    }
    return p.getText();
  }

  private static long number(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      return (long) p.getDoubleValue();
    }
    if (value.isStructStart()) {
      p.skipChildren();
    }
    return Event.UNKNOWN;
  }

  /** The canonical form shared with the other readers: SQL string literals joined by ", ". */
  private static String params(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      if (value.isStructStart()) {
        p.skipChildren();
      }
      return null;
    }
    StringBuilder out = new StringBuilder();
    JsonToken token;
    boolean first = true;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY && token != null) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      if (token == JsonToken.VALUE_NULL) {
        out.append("NULL");
      } else if (token.isStructStart()) {
        p.skipChildren();
        out.append("?");
      } else {
        String v = p.getText();
        out.append('\'');
        for (int i = 0; i < v.length(); i++) {
          char c = v.charAt(i);
          out.append(c);
          if (c == '\'') {
            out.append('\'');
          }
        }
        out.append('\'');
      }
    }
    return out.toString();
  }

  private static void site(JsonParser p, JsonToken value, Line out) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      if (value.isStructStart()) {
        p.skipChildren();
      }
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "class" -> out.siteClass = text(p, v);
        case "method" -> out.siteMethod = text(p, v);
        case "file" -> out.siteFile = text(p, v);
        case "line" -> out.siteLine = Math.max(0, number(p, v));
        default -> p.skipChildren();
      }
    }
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
