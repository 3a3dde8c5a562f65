package dev.dbprof.internal.read;

import dev.dbprof.options.ReaderOptions;
import dev.dbprof.capture.CaptureFormat;

import dev.dbprof.model.InputFormat;
import dev.dbprof.internal.read.p6spy.P6spyFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells the format of an input from its first non-blank lines.
 *
 * <p>Every line votes for the formats it looks like; the format with most votes wins, ties going to
 * the more specific format (the order of {@link #PRIORITY}). Server-log banners alone (MySQL's
 * {@code started with:} lines are shared by the general and the slow log) count only when nothing
 * else does.
 */
final class FormatDetector {

  /** Non-blank lines looked at. */
  static final int SNIFF_LINES = 50;
  /** Bytes looked at, at most: enough for 50 ordinary lines, bounded for one enormous line. */
  static final int SNIFF_BYTES = 256 * 1024;

  private static final List<InputFormat> PRIORITY = List.of(
      InputFormat.DBPROF, InputFormat.PG_JSONLOG, InputFormat.PG_CSVLOG, InputFormat.P6SPY_CUSTOM,
      InputFormat.P6SPY, InputFormat.P6SPY_MULTILINE, InputFormat.PG_STDERR,
      InputFormat.MYSQL_SLOW, InputFormat.MYSQL_GENERAL);

  private static final Pattern PG_CSV = Pattern.compile(
      "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?: [A-Za-z0-9+:_/-]+)?,.*,"
          + "(?:LOG|ERROR|WARNING|FATAL|PANIC|NOTICE|INFO|DEBUG[1-5]?),[0-9A-Z]{5},");
  private static final Pattern PG_STDERR = Pattern.compile(
      "(?:LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DETAIL|STATEMENT|HINT|CONTEXT):  \\S");
  private static final Pattern P6SPY_SINGLE = Pattern.compile(
      "^[^|]*\\|-?\\d+\\|[a-z]+\\|connection -?\\d+\\|url ");
  private static final Pattern P6SPY_DEFAULT_CUSTOM = Pattern.compile(
      "^[^|]*\\|-?\\d+\\|[a-z]+\\|connection-?\\d+\\|");
  private static final Pattern P6SPY_MULTI = Pattern.compile(
      "#[^|]{0,64}\\| took -?\\d+ms \\| [a-z]+ \\| connection -?\\d+\\| url ");
  private static final Pattern MYSQL_BANNER = Pattern.compile(
      "(?:, Version: .*started with:$|^Tcp port: \\d+|^Time\\s+Id\\s+Command\\s+Argument)");
  private static final Pattern MYSQL_GENERAL = Pattern.compile(
      "^[^\\t]*\\t\\s*\\d+ (?:Query|Connect|Quit|Prepare|Execute|Init DB|Close stmt|Reset stmt"
          + "|Field List|Statistics|Ping|Change user|Long Data|Fetch)(?:\\t|$)");
  private static final Pattern MYSQL_SLOW = Pattern.compile(
      "^(?:# Time: |# User@Host: |# Query_time: |# Thread_id: |# Rows_affected: |SET timestamp=\\d+;)");

  private FormatDetector() {
  }

  /**
   * Reads the first lines of {@code in} and resets it, so that the caller reads from the start.
   * Malformed UTF-8 is replaced; a line cut by the byte limit is kept (its start is what counts).
   */
  public static List<String> sniff(BufferedInputStream in) throws IOException {
    in.mark(SNIFF_BYTES + 1);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    String text = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .decode(ByteBuffer.wrap(head)).toString();
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length() && lines.size() < SNIFF_LINES) {
      int end = text.indexOf('\n', start);
      int stop = end < 0 ? text.length() : end;
      String line = text.substring(start, stop > start && text.charAt(stop - 1) == '\r' ? stop - 1 : stop);
      if (!line.isBlank()) {
        lines.add(line);
      }
      start = end < 0 ? text.length() : end + 1;
    }
    return lines;
  }

  /** The format these lines are in, if any is recognised. */
  public static Optional<InputFormat> detect(List<String> lines, ReaderOptions options) {
    P6spyFormat custom = null;
    if (options != null && options.p6spyCustomFormat() != null) {
      custom = P6spyFormat.compile(options.p6spyCustomFormat());
    }
    Map<InputFormat, Integer> votes = new EnumMap<>(InputFormat.class);
    int mysqlBanner = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      boolean json = line.stripLeading().startsWith("{");
      if (json && (hasField(line, CaptureFormat.FORMAT, CaptureFormat.NAME) || hasCaptureType(line))) {
        vote(votes, InputFormat.DBPROF);
      } else if (json && hasField(line, "error_severity", "") && hasField(line, "message", "")) {
        vote(votes, InputFormat.PG_JSONLOG);
      } else if (PG_CSV.matcher(line).find()) {
        vote(votes, InputFormat.PG_CSVLOG);
      }
      if (custom != null && custom.startsRecord(line)) {
        vote(votes, InputFormat.P6SPY_CUSTOM);
      }
      if (P6SPY_SINGLE.matcher(line).find()) {
        vote(votes, InputFormat.P6SPY);
      } else if (P6SPY_DEFAULT_CUSTOM.matcher(line).find()) {
        vote(votes, InputFormat.P6SPY_CUSTOM);
      } else if (P6SPY_MULTI.matcher(line).find()) {
        vote(votes, InputFormat.P6SPY_MULTILINE);
      }
      if (PG_STDERR.matcher(line).find() && !line.startsWith("{")) {
        vote(votes, InputFormat.PG_STDERR);
      }
      if (MYSQL_SLOW.matcher(line).find()) {
        vote(votes, InputFormat.MYSQL_SLOW);
      } else if (MYSQL_GENERAL.matcher(line).find()) {
        vote(votes, InputFormat.MYSQL_GENERAL);
      } else if (MYSQL_BANNER.matcher(line).find()) {
        mysqlBanner++;
      }
    }
    InputFormat best = null;
    int bestVotes = 0;
    for (InputFormat format : PRIORITY) {
      int n = votes.getOrDefault(format, 0);
      if (n > bestVotes) {
        best = format;
        bestVotes = n;
      }
    }
    if (best == null && mysqlBanner > 0) {
      // A banner without records: a freshly started general log (the slow log has the same banner).
      best = InputFormat.MYSQL_GENERAL;
    }
    return Optional.ofNullable(best);
  }

  /** Every event type but the header, which is told by its format. */
  private static final List<String> CAPTURE_TYPES = CaptureFormat.TYPES.stream()
      .filter(type -> !type.equals(CaptureFormat.HEADER)).toList();

  private static boolean hasCaptureType(String line) {
    for (String type : CAPTURE_TYPES) {
      if (hasField(line, CaptureFormat.TYPE, type + "\"")) {
        return line.contains("\"" + CaptureFormat.CONN + "\"")
            || line.contains("\"" + CaptureFormat.COUNT + "\"")
            || line.contains("\"" + CaptureFormat.PHASE + "\""); // unit lines have no connection
      }
    }
    return false;
  }

  /**
   * Whether the line has {@code "key": "valuePrefix…"} (string value), in linear time: sniffed
   * lines can be long, and backtracking regular expressions over them are not.
   */
  static boolean hasField(String line, String key, String valuePrefix) {
    String quotedKey = "\"" + key + "\"";
    for (int at = line.indexOf(quotedKey); at >= 0; at = line.indexOf(quotedKey, at + 1)) {
      int i = at + quotedKey.length();
      while (i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
      if (i >= line.length() || line.charAt(i) != ':') {
        continue;
      }
      i++;
      while (i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
      if (line.startsWith("\"" + valuePrefix, i)) {
        return true;
      }
    }
    return false;
  }

  private static void vote(Map<InputFormat, Integer> votes, InputFormat format) {
    votes.merge(format, 1, Integer::sum);
  }
}
