package dev.dbprof.internal.read.capture;

import static dev.dbprof.capture.CaptureFormat.BATCH;
import static dev.dbprof.capture.CaptureFormat.BEGIN;
import static dev.dbprof.capture.CaptureFormat.CHECKIN;
import static dev.dbprof.capture.CaptureFormat.CHECKOUT;
import static dev.dbprof.capture.CaptureFormat.CLOSE;
import static dev.dbprof.capture.CaptureFormat.COMMIT;
import static dev.dbprof.capture.CaptureFormat.CONN;
import static dev.dbprof.capture.CaptureFormat.COUNT;
import static dev.dbprof.capture.CaptureFormat.DROPPED;
import static dev.dbprof.capture.CaptureFormat.END;
import static dev.dbprof.capture.CaptureFormat.FORMAT;
import static dev.dbprof.capture.CaptureFormat.HEADER;
import static dev.dbprof.capture.CaptureFormat.ID;
import static dev.dbprof.capture.CaptureFormat.MAJOR_VERSION;
import static dev.dbprof.capture.CaptureFormat.NAME;
import static dev.dbprof.capture.CaptureFormat.NS;
import static dev.dbprof.capture.CaptureFormat.OPEN;
import static dev.dbprof.capture.CaptureFormat.PARAMS;
import static dev.dbprof.capture.CaptureFormat.PHASE;
import static dev.dbprof.capture.CaptureFormat.ROLLBACK;
import static dev.dbprof.capture.CaptureFormat.ROWS;
import static dev.dbprof.capture.CaptureFormat.SITE;
import static dev.dbprof.capture.CaptureFormat.SITE_CLASS;
import static dev.dbprof.capture.CaptureFormat.SITE_FILE;
import static dev.dbprof.capture.CaptureFormat.SITE_LINE;
import static dev.dbprof.capture.CaptureFormat.SITE_METHOD;
import static dev.dbprof.capture.CaptureFormat.SIZE;
import static dev.dbprof.capture.CaptureFormat.SQL;
import static dev.dbprof.capture.CaptureFormat.STARTUP;
import static dev.dbprof.capture.CaptureFormat.STATE;
import static dev.dbprof.capture.CaptureFormat.STATEMENT;
import static dev.dbprof.capture.CaptureFormat.THREAD;
import static dev.dbprof.capture.CaptureFormat.TRACE;
import static dev.dbprof.capture.CaptureFormat.TS;
import static dev.dbprof.capture.CaptureFormat.TYPE;
import static dev.dbprof.capture.CaptureFormat.UNIT;
import static dev.dbprof.capture.CaptureFormat.UNIT_ID;
import static dev.dbprof.capture.CaptureFormat.UNIT_NAME;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.UnitTag;
import dev.dbprof.internal.read.spi.BoundedLineReader;
import dev.dbprof.model.InputException;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a dbprof capture file ({@code dbprof-capture/1.x}, see {@code docs/capture-format.md}).
 *
 * <p>{@code unit} lines become {@link EventKind#UNIT_BEGIN}/{@link EventKind#UNIT_END} events (no
 * session: a unit is the application's, not a connection's), and the events that carry a unit, a
 * trace or a start-up runner get its {@link UnitTag}; start-up work wins over the unit it runs in.
 * Unit ids, like connection ids, start afresh with each header.
 *
 * <p>Fields this version does not know are ignored, so that newer minor versions read; a header of
 * another major version stops the read with an {@link InputException}. A line that is not a JSON
 * object of a known event type is skipped and counted; a bad last line is reported as truncated
 * (a capture that crashed loses at most that line). {@code dropped} lines are summed into
 * {@link ReadContext#dropped(long)}.
 */
public final class CaptureFileReader implements LogReader {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** False only in tests: every line through the reference parser, none through the scanner. */
  private final boolean scanFirst;

  public CaptureFileReader() {
    this(true);
  }

  CaptureFileReader(boolean scanFirst) {
    this.scanFirst = scanFirst;
  }

  /** Steps through the lines as bytes: only a line the scanner cannot read is decoded. */
  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    BoundedLineReader lines = BoundedLineReader.of(in, context);
    Line line = new Line();
    CaptureLineScanner scanner = new CaptureLineScanner();
    CallSites callSites = new CallSites();
    UnitTags tags = new UnitTags();
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
      String problem = scanFirst && scanner.scan(bytes, start, end, line)
          ? (line.type == null ? "no '" + TYPE + "'" : null) : parse(lines.text(), line);
      if (problem != null) {
        failedAt = number;
        failure = problem;
        continue;
      }
      String type = line.type;
      if (type.equals(HEADER)) {
        checkVersion(line.format, context.path());
        headers++;
        continue;
      }
      if (type.equals(DROPPED)) {
        context.dropped(Math.max(0, line.count));
        continue;
      }
      if (type.equals(UNIT)) {
        unit(line, headers, number, tags, context);
        continue;
      }
      EventKind kind = kindOf(type);
      if (kind == null) {
        context.skip(number, "unknown event type '" + type + "'");
        continue;
      }
      if (line.conn == null) {
        context.skip(number, type + " event without '" + CONN + "'");
        continue;
      }
      boolean execution = kind == EventKind.STATEMENT || kind == EventKind.BATCH;
      if (execution && line.sql == null) {
        context.skip(number, type + " event without '" + SQL + "'");
        continue;
      }
      String session = headers > 1 ? headers + ":" + line.conn : line.conn;
      CallSite site = line.siteClass == null && line.siteMethod == null ? null
          : callSites.get(line.siteClass, line.siteMethod, line.siteFile, (int) line.siteLine);
      context.emit(new Event(kind, line.ts, line.ns, session, line.thread,
          execution ? line.sql : null, execution ? line.params : null,
          kind == EventKind.BATCH ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, line.size)) : 0,
          line.rows, line.state, site, tags.of(line, headers), number));
    }
    if (failure != null) {
      context.skip(failedAt, "truncated or malformed last line (" + failure
          + "); the capture was probably cut off");
    }
  }

  private static EventKind kindOf(String type) {
    return switch (type) {
      case STATEMENT -> EventKind.STATEMENT;
      case BATCH -> EventKind.BATCH;
      case COMMIT -> EventKind.COMMIT;
      case ROLLBACK -> EventKind.ROLLBACK;
      case OPEN -> EventKind.CONNECT;
      case CLOSE -> EventKind.DISCONNECT;
      case CHECKOUT -> EventKind.CHECKOUT;
      case CHECKIN -> EventKind.CHECKIN;
      default -> null;
    };
  }

  private static void unit(Line line, int headers, long number, UnitTags tags, ReadContext context) {
    boolean begin = BEGIN.equals(line.phase);
    if (!begin && !END.equals(line.phase)) {
      context.skip(number, UNIT + " event with '" + PHASE + "' neither " + BEGIN + " nor " + END);
      return;
    }
    if (line.id == null) {
      context.skip(number, UNIT + " event without '" + ID + "'");
      return;
    }
    String id = UnitTags.scoped(line.id, headers);
    UnitTag tag = begin ? tags.begin(id, line.name) : tags.end(id);
    context.emit(new Event(begin ? EventKind.UNIT_BEGIN : EventKind.UNIT_END, line.ts, begin ? Event.UNKNOWN : line.ns,
        null, line.thread, null, null, 0, Event.UNKNOWN, null, null, tag, number));
  }

  /**
   * The unit tags of a capture: the same instance for the same unit, trace or runner. Names are
   * kept for open units only (forgotten at their end), and at most {@value #MAX_OPEN} of them.
   */
  static final class UnitTags {

    static final int MAX_OPEN = 4096;
    private static final int MAX_RUNNERS = 64;

    private final Map<String, UnitTag> open = new LinkedHashMap<>(64, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, UnitTag> eldest) {
        return size() > MAX_OPEN; // units that never ended
      }
    };
    private final Map<String, UnitTag> runners = new HashMap<>();
    private UnitTag lastTrace;

    /** Units begun and not yet ended (or forgotten), whose names are kept. */
    int openUnits() {
      return open.size();
    }

    static String scoped(String id, int headers) {
      return headers > 1 ? headers + ":" + id : id;
    }

    UnitTag begin(String id, String name) {
      UnitTag tag = new UnitTag(id, name, UnitTag.Source.MARKER);
      open.put(id, tag);
      return tag;
    }

    UnitTag end(String id) {
      UnitTag tag = open.remove(id);
      return tag != null ? tag : new UnitTag(id, null, UnitTag.Source.MARKER);
    }

    /** The tag of an event line, or null. */
    UnitTag of(Line line, int headers) {
      if (line.startup != null) {
        return startup(line.startup);
      }
      if (line.unit != null) {
        String id = scoped(line.unit, headers);
        UnitTag tag = open.get(id);
        return tag != null ? tag : begin(id, null); // its begin line was lost: the id still tells it apart
      }
      if (line.trace != null) {
        UnitTag last = lastTrace;
        if (last == null || !last.id().equals(line.trace)) {
          last = new UnitTag(line.trace, null, UnitTag.Source.TRACE);
          lastTrace = last;
        }
        return last;
      }
      return null;
    }

    private UnitTag startup(String runner) {
      UnitTag tag = runners.get(runner);
      if (tag == null) {
        tag = new UnitTag("startup:" + runner, runner, UnitTag.Source.STARTUP);
        if (runners.size() < MAX_RUNNERS) {
          runners.put(runner, tag);
        }
      }
      return tag;
    }
  }

  static void checkVersion(String format, String path) {
    if (format == null || !format.startsWith(NAME)) {
      throw new InputException(path + " has a header of format '" + format
          + "', not a dbprof capture file.");
    }
    String version = format.substring(NAME.length());
    int dot = version.indexOf('.');
    String major = dot < 0 ? version : version.substring(0, dot);
    if (!major.equals(Integer.toString(MAJOR_VERSION))) {
      throw new InputException(path + " is a " + format + " capture; this dbprof reads "
          + NAME + MAJOR_VERSION + ".x only, so use the dbprof version that wrote it.");
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
          case TYPE -> out.type = text(p, value);
          case TS -> out.ts = number(p, value);
          case CONN -> out.conn = text(p, value);
          case THREAD -> out.thread = text(p, value);
          case NS -> out.ns = number(p, value);
          case SQL -> out.sql = text(p, value);
          case PARAMS -> out.params = params(p, value);
          case ROWS -> out.rows = number(p, value);
          case STATE -> out.state = text(p, value);
          case SIZE -> out.size = number(p, value);
          case COUNT -> out.count = number(p, value);
          case FORMAT -> out.format = text(p, value);
          case SITE -> site(p, value, out);
          case PHASE -> out.phase = text(p, value);
          case ID -> out.id = text(p, value);
          case UNIT_NAME -> out.name = text(p, value);
          case UNIT_ID -> out.unit = text(p, value);
          case TRACE -> out.trace = text(p, value);
          case STARTUP -> out.startup = text(p, value);
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
      return "no '" + TYPE + "'";
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
        case SITE_CLASS -> out.siteClass = text(p, v);
        case SITE_METHOD -> out.siteMethod = text(p, v);
        case SITE_FILE -> out.siteFile = text(p, v);
        case SITE_LINE -> out.siteLine = Math.max(0, number(p, v));
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
    String phase;
    String id;
    String name;
    String unit;
    String trace;
    String startup;

    void clear() {
      type = format = conn = thread = sql = params = state = null;
      siteClass = siteMethod = siteFile = null;
      phase = id = name = unit = trace = startup = null;
      ts = ns = rows = Event.UNKNOWN;
      size = count = siteLine = 0;
    }
  }
}
