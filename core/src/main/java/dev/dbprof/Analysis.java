package dev.dbprof;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.internal.analysis.Analyzer;
import dev.dbprof.model.Event;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Report;
import dev.dbprof.options.ReaderOptions;
import dev.dbprof.internal.read.Readers;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one way to run dbprof's analysis: add inputs, then take the {@link Report}. Each input is
 * streamed through the engine as it is added, so memory grows with distinct statement shapes and
 * open units of work, never with the number of statements. Used by the CLI, the demo, the tests
 * and every integration.
 *
 * <pre>{@code
 * Report report = Analysis.of(AnalysisOptions.defaults(Version.get()))
 *     .read("postgresql.log")
 *     .read("capture.jsonl")
 *     .report();
 * }</pre>
 *
 * <p>Not thread-safe. {@link #report()} ends the analysis and may be called once; an input that
 * cannot be read ends it too (its exception says why).
 */
public final class Analysis {

  private final Analyzer analyzer;
  private final ReaderOptions readerOptions;
  private final Consumer<InputSummary> onRead;
  private final List<InputSummary> inputs = new ArrayList<>();
  private boolean finished;

  private Analysis(AnalysisOptions options, ReaderOptions readerOptions, Consumer<InputSummary> onRead) {
    this.analyzer = new Analyzer(options);
    this.readerOptions = readerOptions;
    this.onRead = onRead;
  }

  /** An analysis with these options, reading inputs with the default reader options. */
  public static Analysis of(AnalysisOptions options) {
    return of(options, ReaderOptions.defaults(), summary -> { });
  }

  /**
   * An analysis with these options and reader options; {@code onRead} hears each input's summary as
   * soon as it is read (the CLI reports skipped lines there).
   */
  public static Analysis of(AnalysisOptions options, ReaderOptions readerOptions, Consumer<InputSummary> onRead) {
    return new Analysis(Objects.requireNonNull(options, "options"),
        readerOptions == null ? ReaderOptions.defaults() : readerOptions, Objects.requireNonNull(onRead, "onRead"));
  }

  /**
   * Reads one input, a file path or {@code -} for stdin, in any format dbprof knows (detected unless
   * the reader options force one), and analyzes its events as they are read.
   *
   * @throws dev.dbprof.model.InputException when the input cannot be opened or read, or its format is unknown
   */
  public Analysis read(String pathOrDash) {
    checkOpen();
    int index = analyzer.addInput();
    added(ended(() -> Readers.read(pathOrDash, readerOptions,
        (event, fingerprinted) -> analyzer.accept(index, event, fingerprinted),
        format -> analyzer.inputFormat(index, format))));
    return this;
  }

  /**
   * Reads one input from a stream the caller opened and closes (a socket, an upload, a Spark
   * partition), named {@code name} in the report, in any format dbprof knows; streamed as
   * {@link #read(String)} is.
   *
   * @throws dev.dbprof.model.InputException when the stream cannot be read or its format is unknown
   */
  public Analysis read(String name, InputStream stream) {
    checkOpen();
    int index = analyzer.addInput();
    added(ended(() -> Readers.read(name, stream, readerOptions,
        (event, fingerprinted) -> analyzer.accept(index, event, fingerprinted),
        format -> analyzer.inputFormat(index, format))));
    return this;
  }

  /**
   * Analyzes events another component has already read (a test's events, a live capture),
   * as one input named {@code name} in {@code format} (null when unknown).
   */
  public Analysis events(String name, InputFormat format, Iterable<Event> events) {
    checkOpen();
    int index = analyzer.addInput(format);
    long count = 0;
    for (Event event : events) {
      analyzer.accept(index, event);
      count++;
    }
    added(new InputSummary(name, format, count, 0, 0, List.of()));
    return this;
  }

  /** Ends the analysis: the ranked report of every input added. */
  public Report report() {
    checkOpen();
    finished = true;
    return analyzer.finish(List.copyOf(inputs));
  }

  /**
   * Reads one input; if reading fails, the analysis ends with it: part of the input reached the
   * engine, so no report would be true.
   */
  private InputSummary ended(Supplier<InputSummary> reading) {
    try {
      return reading.get();
    } catch (RuntimeException | Error e) {
      finished = true;
      throw e;
    }
  }

  private void added(InputSummary summary) {
    inputs.add(summary);
    onRead.accept(summary);
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("the analysis has ended: report() was called, or an input could not be read");
    }
  }
}
