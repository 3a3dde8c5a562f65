package dev.dbprof.internal.read.pg;

import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.internal.read.spi.TextPool;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PostgreSQL's stderr log (also what {@code logging_collector} writes to {@code .log}
 * files). Every message starts with the {@code log_line_prefix}; continuation lines of a message
 * start with a tab; {@code DETAIL:} and {@code STATEMENT:} come on lines of their own right after
 * the message they belong to.
 *
 * <p>Without a prefix the reader tries the common ones on the first lines and, when none fits,
 * falls back to reading up to the first severity marker and picking the session ({@code %c} or
 * {@code [pid]}) and time out of whatever precedes it.
 */
public final class PgStderrReader implements LogReader {

  static final int DETECTION_LINES = 200;

  /** A message longer than this is given up, so that a broken file cannot fill the memory. */
  static final int MAX_MESSAGE_CHARS = 16 * 1024 * 1024;

  private static final Pattern SEVERITY = Pattern.compile(LogLinePrefix.SEVERITIES);
  private static final Pattern GENERIC_SESSION = Pattern.compile("\\b([0-9a-f]{6,}\\.[0-9a-f]{1,8})\\b");
  private static final Pattern GENERIC_PID = Pattern.compile("\\[(\\d+)(?:-\\d+)?\\]");
  private static final Pattern GENERIC_NUMBER = Pattern.compile("(?<![\\d.])(\\d+)(?![\\d.])");
  private static final Pattern GENERIC_TIME =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?: [A-Za-z][A-Za-z0-9+\\-]*| [+\\-]\\d\\d(?::?\\d\\d)?)?");

  private final LogLinePrefix configured;
  private LogLinePrefix used;

  /** Detects the prefix from the first lines of the log. */
  public PgStderrReader() {
    this.configured = null;
  }

  /** Reads lines written with this {@code log_line_prefix} (PostgreSQL's {@code %} notation). */
  public PgStderrReader(String logLinePrefix) {
    this.configured = LogLinePrefix.compile(logLinePrefix);
  }

  /** The prefix the last read used; null when it fell back to the generic heuristic. */
  public LogLinePrefix prefixUsed() {
    return used;
  }

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    List<String> head = new ArrayList<>();
    if (configured == null) {
      String line;
      while (head.size() < DETECTION_LINES && (line = in.readLine()) != null) {
        head.add(line);
      }
      used = detect(head);
    } else {
      used = configured;
    }
    Parser parser = new Parser(used, new PgEventBuilder(context), context);
    long lineNumber = 0;
    for (String line : head) {
      parser.line(line, ++lineNumber);
    }
    String line;
    while ((line = in.readLine()) != null) {
      parser.line(line, ++lineNumber);
    }
    parser.finish();
  }

  private static LogLinePrefix detect(List<String> head) {
    LogLinePrefix best = LogLinePrefix.detect(head);
    if (best == null) {
      return null;
    }
    long bestMatches = head.stream().filter(l -> best.matcher(l).matches()).count();
    long generic = head.stream().filter(l -> !l.startsWith("\t") && severityAt(l) >= 0).count();
    return bestMatches >= generic ? best : null;
  }

  /**
   * Where the first severity marker ({@code LOG:  }, {@code ERROR:  }, …) of a line starts, or
   * -1: whatever precedes it is the prefix.
   */
  static int severityAt(String line) {
    int from = 0;
    while (true) {
      int colon = line.indexOf(":  ", from);
      if (colon < 0) {
        return -1;
      }
      int start = colon;
      while (start > 0 && Character.isLetterOrDigit(line.charAt(start - 1))) {
        start--;
      }
      if (colon > start && SEVERITY.matcher(line).region(start, colon).matches()) {
        return start;
      }
      from = colon + 1;
    }
  }

  /** Groups lines into messages and hands complete messages to the event builder. */
  private static final class Parser {
    private final LogLinePrefix prefix;
    private final PrefixMatcher matcher;
    private final PgEventBuilder builder;
    private final ReadContext context;
    private final PgTimestamps timestamps = new PgTimestamps();
    private final TextPool sessions = new TextPool();

    private long line;
    private long time;
    private String session;
    private String severity;
    private String state;
    /** Whether a message is open: its parts wait for their continuation lines. */
    private boolean open;
    private final Part message = new Part();
    private final Part detail = new Part();
    private final Part statement = new Part();
    /** The part continuation lines extend: the message, its detail, its statement, or none. */
    private Part current;
    private long lines;
    private boolean tooLong;
    /** The last line was skipped: its continuation lines are skipped with it. */
    private boolean skipping;

    Parser(LogLinePrefix prefix, PgEventBuilder builder, ReadContext context) {
      this.prefix = prefix;
      this.matcher = prefix == null ? null : prefix.newMatcher();
      this.builder = builder;
      this.context = context;
    }

    void line(String text, long number) {
      if (!text.isEmpty() && text.charAt(0) == '\t') {
        if (current != null) {
          lines++;
          if (current.length() + text.length() > MAX_MESSAGE_CHARS) {
            tooLong = true;
          } else {
            current.append(text);
          }
        } else if (skipping) {
          context.skip(number, "continuation of a skipped line");
        } else if (!open) {
          context.skip(number, "continuation line without a message before it");
        }
        // else: a HINT or CONTEXT line going on, which dbprof does not need
        return;
      }
      boolean matched;
      int severityStart = -1;
      if (prefix == null) {
        severityStart = severityAt(text);
        matched = severityStart >= 0;
      } else {
        matched = matcher.matches(text);
      }
      if (!matched) {
        context.skip(number, text.isEmpty() ? "empty line" : "line does not start with the log_line_prefix");
        current = null;
        skipping = true;
        return;
      }
      skipping = false;
      String sev;
      int msgStart;
      String sessionOfLine;
      String stateOfLine = null;
      long timeOfLine = -1;
      if (prefix == null) {
        int colon = text.indexOf(":  ", severityStart);
        sev = Severities.of(text, severityStart, colon);
        msgStart = colon + 3;
        String pre = text.substring(0, severityStart);
        Matcher t = GENERIC_TIME.matcher(pre);
        if (t.find()) {
          timeOfLine = timestamps.parse(t.group());
          pre = pre.substring(0, t.start()) + pre.substring(t.end());
        }
        sessionOfLine = genericSession(pre);
      } else {
        sev = Severities.of(text, matcher.start(PrefixMatcher.SEV), matcher.end(PrefixMatcher.SEV));
        msgStart = matcher.messageStart();
        int group = prefix.hasSession() ? PrefixMatcher.SESSION : prefix.hasPid() ? PrefixMatcher.PID : -1;
        sessionOfLine = group < 0 || matcher.start(group) < 0 ? null
            : sessions.get(text, matcher.start(group), matcher.end(group));
        if (prefix.hasState() && matcher.start(PrefixMatcher.STATE) >= 0) {
          stateOfLine = text.substring(matcher.start(PrefixMatcher.STATE), matcher.end(PrefixMatcher.STATE));
        }
        if (prefix.hasTime()) {
          int ts = matcher.start(PrefixMatcher.TS);
          timeOfLine = ts < 0 ? -1 : timestamps.parse(text, ts, matcher.end(PrefixMatcher.TS));
        } else if (prefix.hasEpoch()) {
          int epoch = matcher.start(PrefixMatcher.EPOCH);
          timeOfLine = PgTimestamps.parseEpoch(epoch < 0 ? null : text.substring(epoch, matcher.end(PrefixMatcher.EPOCH)));
        }
      }
      if (sessionOfLine == null) {
        sessionOfLine = "";
      }
      boolean part = isPart(sev);
      if (part) {
        if (open && sessionOfLine.equals(session)) {
          lines++;
          if ("DETAIL".equals(sev)) {
            detail.start(text, msgStart);
            current = detail;
          } else if ("STATEMENT".equals(sev)) {
            statement.start(text, msgStart);
            current = statement;
          } else {
            current = null;
          }
        } else {
          current = null;
        }
        return;
      }
      finishMessage();
      line = number;
      time = timeOfLine;
      session = sessionOfLine;
      severity = sev;
      state = stateOfLine;
      open = true;
      message.start(text, msgStart);
      lines = 1;
      tooLong = false;
      detail.clear();
      statement.clear();
      current = message;
    }

    void finish() {
      finishMessage();
      builder.finish();
    }

    private void finishMessage() {
      if (!open) {
        return;
      }
      open = false;
      current = null;
      if (tooLong) {
        context.skip(line, lines, "message longer than " + MAX_MESSAGE_CHARS + " characters");
        return;
      }
      String text = message.text();
      int from = message.joined == null ? message.from : 0;
      builder.accept(new PgEntry(line, time, session, severity, state, text, from, text.length(),
          detail.textOrNull(), statement.textOrNull()));
    }

    private static boolean isPart(String sev) {
      return switch (sev) {
        case "DETAIL", "STATEMENT", "HINT", "CONTEXT", "QUERY", "LOCATION" -> true;
        default -> false;
      };
    }

    private static String genericSession(String pre) {
      Matcher s = GENERIC_SESSION.matcher(pre);
      if (s.find()) {
        return s.group(1);
      }
      Matcher p = GENERIC_PID.matcher(pre);
      if (p.find()) {
        return p.group(1);
      }
      // an unknown prefix: the first number that is not part of the time is most likely the pid
      Matcher n = GENERIC_NUMBER.matcher(pre);
      return n.find() ? n.group(1) : null;
    }
  }

  /**
   * One part of a message (the message, its detail, its statement): the region of the line it
   * started on, copied into a builder only when continuation lines extend it.
   */
  private static final class Part {
    String line;
    int from;
    StringBuilder joined;

    void start(String text, int from) {
      this.line = text;
      this.from = from;
      this.joined = null;
    }

    void clear() {
      line = null;
      joined = null;
    }

    int length() {
      return joined != null ? joined.length() : line.length() - from;
    }

    /** Adds a continuation line without its leading tab. */
    void append(String continuation) {
      if (joined == null) {
        joined = new StringBuilder(line.length() - from + continuation.length() + 64).append(line, from, line.length());
      }
      joined.append('\n').append(continuation, 1, continuation.length());
    }

    String text() {
      return joined != null ? joined.toString() : line;
    }

    String textOrNull() {
      if (line == null) {
        return null;
      }
      return joined != null ? joined.toString() : line.substring(from);
    }
  }
}
