package dev.dbprof.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.internal.analysis.Analyzer;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Problem;
import dev.dbprof.model.Report;
import dev.dbprof.options.ReaderOptions;
import dev.dbprof.internal.read.Readers;
import dev.dbprof.report.JsonRenderer;
import dev.dbprof.report.TextRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one input through the real pipeline (reader, analyzer with every rule, both renderers) and
 * checks what must hold for any input at all: skipped lines never exceed the input's lines, every
 * skipped line is named with its file and a line number inside the file, and the summary agrees
 * with the events that came out.
 */
final class ReadCheck {

  record Result(InputSummary summary, long events, Report report) {}

  private ReadCheck() {
  }

  static Result read(Path file, ReaderOptions options, long inputLines) {
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("test"));
    int index = analyzer.addInput();
    long[] events = {0};
    InputSummary summary = Readers.read(file.toString(), options, event -> {
      events[0]++;
      analyzer.accept(index, event);
    }, format -> analyzer.inputFormat(index, format));
    Report report = analyzer.finish(List.of(summary));
    try {
      new TextRenderer(false).render(report, new StringBuilder());
      new JsonRenderer().render(report, new StringBuilder());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    assertThat(summary.path()).isEqualTo(file.toString());
    assertThat(summary.events()).isEqualTo(events[0]);
    assertThat(summary.skippedLines()).as("skipped lines of %s", file).isBetween(0L, inputLines);
    assertThat(summary.problems()).hasSizeLessThanOrEqualTo((int) Math.min(20, summary.skippedLines()));
    if (summary.skippedLines() > 0) {
      assertThat(summary.problems()).as("skipped lines are named").isNotEmpty();
    }
    for (Problem p : summary.problems()) {
      assertThat(p.path()).isEqualTo(file.toString());
      // +1: a cut-off .gz is reported one past its last line
      assertThat(p.line()).as("line of %s", p).isBetween(1L, inputLines + 1);
      assertThat(p.reason()).isNotBlank();
    }
    return new Result(summary, events[0], report);
  }
}
