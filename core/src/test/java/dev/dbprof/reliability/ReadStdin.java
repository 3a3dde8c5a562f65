package dev.dbprof.reliability;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.internal.analysis.Analyzer;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputSummary;
import dev.dbprof.options.ReaderOptions;
import dev.dbprof.internal.read.Readers;
import dev.dbprof.report.JsonRenderer;
import java.util.List;

/** Run by {@link BoundedMemoryTest} in a JVM with a small heap: reads stdin as one format, analyzes it. */
public final class ReadStdin {

  private ReadStdin() {
  }

  public static void main(String[] args) throws Exception {
    InputFormat format = InputFormat.byId(args[0]).orElseThrow();
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("test"));
    int index = analyzer.addInput(format);
    InputSummary summary = Readers.read("-", ReaderOptions.defaults().withFormat(format),
        event -> analyzer.accept(index, event));
    new JsonRenderer().render(analyzer.finish(List.of(summary)), new StringBuilder());
    Runtime rt = Runtime.getRuntime();
    System.out.println("events=" + summary.events() + " skipped=" + summary.skippedLines()
        + " heapMB=" + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
  }
}
