package dev.dbprof.capture;

import java.util.List;

/**
 * The capture file's vocabulary, in one place: its format version, the name of every field and
 * every event type. The capture's writer and core's readers (the fast line scanner and the
 * reference JSON parser) use these names, and a test checks that {@code docs/capture-format.md}
 * documents exactly these.
 */
public final class CaptureFormat {

  /** The format's name before its version, as in {@code dbprof-capture/1.1}. */
  public static final String NAME = "dbprof-capture/";
  /** Readers of a major version read every minor version of it (they ignore fields they do not know). */
  public static final int MAJOR_VERSION = 1;
  /** 1.1: unit begin/end lines, {@code unit}, {@code trace} and {@code startup} fields, pool checkouts. */
  public static final int MINOR_VERSION = 1;
  /** The header's {@code format} value this capture writes. */
  public static final String VERSION = NAME + MAJOR_VERSION + "." + MINOR_VERSION;

  // Event types (the "type" field).
  public static final String HEADER = "header";
  public static final String STATEMENT = "stmt";
  public static final String BATCH = "batch";
  public static final String COMMIT = "commit";
  public static final String ROLLBACK = "rollback";
  public static final String OPEN = "open";
  public static final String CLOSE = "close";
  public static final String DROPPED = "dropped";
  /** A pooled connection handed out ({@code checkout}) and given back ({@code checkin}): no physical connect. */
  public static final String CHECKOUT = "checkout";
  public static final String CHECKIN = "checkin";
  /** The begin or end ({@link #PHASE}) of a unit of work the application marked. */
  public static final String UNIT = "unit";

  // Values of "phase".
  public static final String BEGIN = "begin";
  public static final String END = "end";

  // Header fields.
  public static final String FORMAT = "format";
  public static final String TOOL = "tool";
  public static final String TOOL_VERSION = "version";
  public static final String START = "start";
  public static final String DB = "db";
  public static final String URL = "url";
  public static final String PARAM_MODE = "params";
  public static final String PID = "pid";

  // Event fields.
  public static final String TYPE = "type";
  public static final String TS = "ts";
  public static final String CONN = "conn";
  public static final String THREAD = "thread";
  public static final String NS = "ns";
  public static final String SQL = "sql";
  public static final String SQLS = "sqls";
  public static final String PARAMS = "params";
  public static final String ROWS = "rows";
  public static final String STATE = "state";
  public static final String SIZE = "size";
  public static final String SITE = "site";
  public static final String COUNT = "count";
  /** On {@code unit} lines: {@link #BEGIN} or {@link #END}. */
  public static final String PHASE = "phase";
  /** On {@code unit} lines: the unit's id, unique within the process. */
  public static final String ID = "id";
  /** On {@code unit} begin lines: what the application called the unit. */
  public static final String UNIT_NAME = "name";
  /** On statements, batches, commits and rollbacks: the id of the unit open on the thread ({@link #UNIT}). */
  public static final String UNIT_ID = UNIT;
  /** The W3C trace id of the thread's current OpenTelemetry span, when no unit is open. */
  public static final String TRACE = "trace";
  /** The start-up runner on the stack of a statement or batch ({@code flyway}, {@code hibernate-schema}…). */
  public static final String STARTUP = "startup";

  // Fields of "site".
  public static final String SITE_CLASS = "class";
  public static final String SITE_METHOD = "method";
  public static final String SITE_FILE = "file";
  public static final String SITE_LINE = "line";

  /** The {@code tool} value this capture writes in its header. */
  public static final String TOOL_NAME = "dbprof-capture";

  /** Every event type, the header first. */
  public static final List<String> TYPES =
      List.of(HEADER, STATEMENT, BATCH, COMMIT, ROLLBACK, OPEN, CLOSE, DROPPED, CHECKOUT, CHECKIN, UNIT);

  /** Every field of a header line. */
  public static final List<String> HEADER_FIELDS =
      List.of(TYPE, FORMAT, TOOL, TOOL_VERSION, START, DB, URL, PARAM_MODE, PID);

  /** Every top-level field of an event line. */
  public static final List<String> EVENT_FIELDS =
      List.of(TYPE, TS, CONN, THREAD, NS, SQL, SQLS, PARAMS, ROWS, STATE, SIZE, SITE, COUNT, PHASE, ID,
          UNIT_NAME, UNIT_ID, TRACE, STARTUP);

  /** Every field of the {@code site} object. */
  public static final List<String> SITE_FIELDS = List.of(SITE_CLASS, SITE_METHOD, SITE_FILE, SITE_LINE);

  private CaptureFormat() {
  }
}
