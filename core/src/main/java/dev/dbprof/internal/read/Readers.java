package dev.dbprof.internal.read;

import dev.dbprof.options.ReaderOptions;
import dev.dbprof.model.Event;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputSummary;
import dev.dbprof.internal.read.capture.CaptureFileReader;
import dev.dbprof.internal.read.mysql.MySqlGeneralLogReader;
import dev.dbprof.internal.read.mysql.MySqlSlowLogReader;
import dev.dbprof.internal.read.p6spy.P6spyReader;
import dev.dbprof.internal.read.pg.PgCsvLogReader;
import dev.dbprof.internal.read.pg.PgJsonLogReader;
import dev.dbprof.internal.read.pg.PgStderrReader;
import dev.dbprof.internal.read.spi.BoundedLineReader;
import dev.dbprof.model.InputException;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.internal.sql.SqlDialect;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
    return read(pathOrDash, options, (event, fingerprinted) -> sink.accept(event), detected);
  }

  /**
   * As {@link #read(String, ReaderOptions, Consumer, Consumer)}, handing on with each event its
   * fingerprint when the reading thread computed it ahead.
   */
  public static InputSummary read(String pathOrDash, ReaderOptions options, EventSink sink,
      Consumer<InputFormat> detected) {
    return read(pathOrDash, options, sink, detected, parallel() ? Threading.PIPELINE : Threading.ONE_THREAD);
  }

  /** How {@link #read} uses threads; every way gives the sink the same events in the same order. */
  enum Threading {
    /** Read and sink on the caller's thread. */
    ONE_THREAD,
    /** Read on a thread of its own; fingerprint ahead there when the sink falls behind. */
    PIPELINE,
    /** As {@link #PIPELINE}, always fingerprinting ahead (for tests of the hand-over). */
    PIPELINE_PRENORMALIZING
  }

  static InputSummary read(String pathOrDash, ReaderOptions options, EventSink sink,
      Consumer<InputFormat> detected, Threading threading) {
    return read(Inputs.displayName(pathOrDash), () -> Inputs.open(pathOrDash), options, sink, detected, threading);
  }

  /**
   * As {@link #read(String, ReaderOptions, EventSink, Consumer)} for a stream the caller opened
   * (and closes), named {@code name} in the report.
   */
  public static InputSummary read(String name, InputStream stream, ReaderOptions options, EventSink sink,
      Consumer<InputFormat> detected) {
    return read(name, () -> Inputs.openStream(name, stream), options, sink, detected,
        parallel() ? Threading.PIPELINE : Threading.ONE_THREAD);
  }

  private static InputSummary read(String name, Supplier<Inputs.Opened> opener, ReaderOptions options,
      EventSink sink, Consumer<InputFormat> detected, Threading threading) {
    ReaderOptions opts = options == null ? ReaderOptions.defaults() : options;
    try (Inputs.Opened input = opener.get()) {
      List<String> head = FormatDetector.sniff(input.stream());
      InputFormat format = opts.format();
      if (format == null) {
        if (head.isEmpty()) {
          return new InputSummary(name, null, 0, 0, 0, List.of());
        }
        format = FormatDetector.detect(head, opts)
            .orElseThrow(() -> new InputException(unknownFormat(name)));
      }
      LogReader reader = readerFor(format, opts, name);
      detected.accept(format);
      BoundedLineReader lines;
      ReadContext context;
      TagComments tags = new TagComments(); // every format's events pass here: tag comments read once for all
      if (threading != Threading.ONE_THREAD) {
        EventPipe pipe = new EventPipe(threading == Threading.PIPELINE_PRENORMALIZING, SqlDialect.of(format));
        context = new ReadContext(name, event -> pipe.add(tags.tagged(event)));
        lines = Inputs.lines(input.stream(), context);
        readInParallel(reader, lines, context, pipe, sink);
      } else {
        context = new ReadContext(name, event -> sink.accept(tags.tagged(event), null));
        lines = Inputs.lines(input.stream(), context);
        reader.read(lines, context);
      }
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

  /**
   * Epoch microseconds of the input's first timed event, or -1 when it has none; reads only as far
   * as that event. Rotated logs given together are put in time order with it.
   */
  public static long firstTimestamp(String path, ReaderOptions options) {
    try {
      read(path, options, event -> {
        if (event.startMicros() >= 0) {
          throw new FirstTimestamp(event.startMicros());
        }
      });
      return -1;
    } catch (FirstTimestamp found) {
      return found.micros;
    }
  }

  /** Stops a read at the first timed event; carries no stack trace, it is not an error. */
  private static final class FirstTimestamp extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long micros;

    FirstTimestamp(long micros) {
      super(null, null, false, false);
      this.micros = micros;
    }
  }

  /**
   * Whether to read on a thread of its own while the caller's thread runs the sink: yes when the
   * machine has more than one core, unless the system property {@value #THREADS_PROPERTY} is 1.
   * The sink sees the same events in the same order either way.
   */
  static boolean parallel() {
    String threads = System.getProperty(THREADS_PROPERTY);
    if (threads != null && !threads.isBlank()) {
      return !threads.strip().equals("1");
    }
    return Runtime.getRuntime().availableProcessors() > 1;
  }

  /** System property: {@code 1} reads and analyzes on one thread (the output is the same). */
  public static final String THREADS_PROPERTY = "dbprof.threads";

  private static void readInParallel(LogReader reader, BoundedLineReader lines, ReadContext context,
      EventPipe pipe, EventSink sink) throws IOException {
    Thread thread = new Thread(() -> {
      Throwable failure = null;
      try {
        reader.read(lines, context);
      } catch (Throwable t) {
        failure = t;
      }
      try {
        pipe.end(failure);
      } catch (CancellationException stopped) {
        // the sink failed and the caller reports that; nothing is waiting for these events
      } catch (Throwable endFailed) { // e.g. out of memory handing over the last batch
        pipe.abandon(failure != null ? failure : endFailed);
      }
    }, "dbprof-reader");
    thread.setDaemon(true);
    thread.start();
    Throwable failure;
    try {
      failure = pipe.drain(sink);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException("Reading " + context.path() + " was interrupted.", e);
    }
    if (failure instanceof IOException io) {
      throw io;
    } else if (failure instanceof RuntimeException runtime) {
      throw runtime;
    } else if (failure instanceof Error error) {
      throw error;
    } else if (failure != null) {
      throw new IllegalStateException(failure);
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

  /**
   * Names the file and what was expected, never the content: the first lines of a log may hold
   * {@code ALTER USER … PASSWORD '…'} or a JDBC URL with its password, and this reaches stderr and CI logs.
   */
  private static String unknownFormat(String name) {
    String ids = Arrays.stream(InputFormat.values()).map(InputFormat::id)
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "%s is not in a format dbprof recognises: none of its first %d non-blank"
        + " lines, from line 1, is a line of a dbprof capture, a p6spy log, a PostgreSQL server log (stderr,"
        + " csvlog, jsonlog) or a MySQL/MariaDB general or slow log; name the format with --input-format"
        + " (one of %s).", name, FormatDetector.SNIFF_LINES, ids);
  }
}
