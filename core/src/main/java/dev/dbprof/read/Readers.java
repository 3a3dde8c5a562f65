package dev.dbprof.read;

import dev.dbprof.event.Event;
import dev.dbprof.read.capture.CaptureFileReader;
import dev.dbprof.read.mysql.MySqlGeneralLogReader;
import dev.dbprof.read.mysql.MySqlSlowLogReader;
import dev.dbprof.read.p6spy.P6spyReader;
import dev.dbprof.read.pg.PgCsvLogReader;
import dev.dbprof.read.pg.PgJsonLogReader;
import dev.dbprof.read.pg.PgStderrReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads one input of any format: opens it, detects the format, streams events to a consumer. */
public final class Readers {

  private Readers() {
  }

  /**
   * Reads {@code pathOrDash} ({@code -} for stdin) and hands every event to {@code sink}.
   *
   * @throws InputException when the input cannot be opened or read, or its format is unknown; an
   *     empty input is not an error (a summary with no events)
   */
  public static InputSummary read(String pathOrDash, ReaderOptions options, Consumer<Event> sink) {
    return read(pathOrDash, options, sink, format -> { });
  }

  /**
   * As {@link #read(String, ReaderOptions, Consumer)}, telling {@code detected} the input's format
   * before the first event (rules want to know what the input can show while they run).
   */
  public static InputSummary read(String pathOrDash, ReaderOptions options, Consumer<Event> sink,
      Consumer<InputFormat> detected) {
    ReaderOptions opts = options == null ? ReaderOptions.defaults() : options;
    String name = Inputs.displayName(pathOrDash);
    try (Inputs.Opened input = Inputs.open(pathOrDash)) {
      List<String> head = FormatDetector.sniff(input.stream());
      InputFormat format = opts.format();
      if (format == null) {
        if (head.isEmpty()) {
          return new InputSummary(name, null, 0, 0, 0, List.of());
        }
        format = FormatDetector.detect(head, opts)
            .orElseThrow(() -> new InputException(unknownFormat(name, head.get(0))));
      }
      LogReader reader = readerFor(format, opts, name);
      detected.accept(format);
      ReadContext context = new ReadContext(name, sink);
      BoundedLineReader lines = Inputs.lines(input.stream(), context);
      reader.read(lines, context);
      if (input.truncated()) {
        context.skip(lines.lineNumber() + 1, "compressed data ends early (a cut-off .gz file); "
            + "read up to here");
      }
      return new InputSummary(name, format, context.events(), context.skippedLines(),
          context.droppedEvents(), context.problems());
    } catch (IOException e) {
      throw new InputException("Cannot read " + name + ": " + e.getMessage() + ".", e);
    }
  }

  /** The reader for a format. */
  static LogReader readerFor(InputFormat format, ReaderOptions options, String name) {
    return switch (format) {
      case DBPROF -> new CaptureFileReader();
      case P6SPY -> P6spyReader.singleLine();
      case P6SPY_MULTILINE -> P6spyReader.multiLine();
      case P6SPY_CUSTOM -> P6spyReader.custom(options.p6spyCustomFormat());
      case PG_STDERR -> options.pgLogLinePrefix() == null ? new PgStderrReader()
          : new PgStderrReader(options.pgLogLinePrefix());
      case PG_CSVLOG -> new PgCsvLogReader();
      case PG_JSONLOG -> new PgJsonLogReader();
      case MYSQL_GENERAL -> new MySqlGeneralLogReader();
      case MYSQL_SLOW -> new MySqlSlowLogReader();
    };
  }

  private static String unknownFormat(String name, String firstLine) {
    String line = withoutPasswords(firstLine.length() > 4096 ? firstLine.substring(0, 4096) : firstLine);
    String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
    String ids = Arrays.stream(InputFormat.values()).map(InputFormat::id)
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "%s is not in a format dbprof recognises (first line: \"%s\"); "
        + "name the format with --input-format (one of %s).", name, printable(shown), ids);
  }

  private static final Pattern PASSWORD_PROPERTY =
      Pattern.compile("(?i)((?:password|pwd|secret|token)\\w*=)[^&;\\s\"]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:\\s]*:)[^/@\\s]*@");

  /** The first line is echoed to stderr and CI logs: a JDBC URL in it must not carry its password there. */
  static String withoutPasswords(String line) {
    return USER_INFO.matcher(PASSWORD_PROPERTY.matcher(line).replaceAll("$1***")).replaceAll("$1***@");
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
