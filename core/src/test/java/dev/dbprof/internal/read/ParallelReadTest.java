package dev.dbprof.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.internal.analysis.Analyzer;
import dev.dbprof.bench.LogGenerator;
import dev.dbprof.model.Event;
import dev.dbprof.model.InputSummary;
import dev.dbprof.report.JsonRenderer;
import dev.dbprof.internal.sql.NormalizedSql;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading on a thread of its own changes nothing in the report: the same JSON, byte for byte. */
class ParallelReadTest {

  private static final int STATEMENTS = 30_000;

  @TempDir
  static Path dir;
  static List<Path> logs;

  @BeforeAll
  static void generate() throws IOException {
    logs = LogGenerator.generate(STATEMENTS, 7, dir, LogGenerator.formats());
  }

  static List<String> formats() {
    return LogGenerator.formats();
  }

  @ParameterizedTest
  @MethodSource("formats")
  void everyThreadingGivesTheSameJsonReport(String format) throws IOException {
    Path log = logs.get(LogGenerator.formats().indexOf(format));
    String oneThread = report(log, Readers.Threading.ONE_THREAD);
    assertThat(oneThread).contains("\"statements\"").contains("n-plus-one");
    assertThat(report(log, Readers.Threading.PIPELINE)).isEqualTo(oneThread);
    assertThat(report(log, Readers.Threading.PIPELINE_PRENORMALIZING)).isEqualTo(oneThread);
  }

  @Test
  void everyEventArrivesInOrderOnTheCallersThread() {
    Path log = logs.get(LogGenerator.formats().indexOf("pg-stderr"));
    List<Long> lines = new ArrayList<>();
    Thread caller = Thread.currentThread();
    InputSummary summary = Readers.read(log.toString(), null, (e, fingerprinted) -> {
      assertThat(Thread.currentThread()).isSameAs(caller);
      lines.add(e.line());
    }, f -> { }, Readers.Threading.PIPELINE);
    assertThat(lines).hasSize(STATEMENTS).isSorted();
    assertThat(summary.events()).isEqualTo(STATEMENTS);
    assertThat(summary.skippedLines()).isZero();
  }

  @Test
  void aFailingSinkStopsTheReaderAndItsErrorReachesTheCaller() {
    Path log = logs.get(LogGenerator.formats().indexOf("p6spy"));
    AtomicLong seen = new AtomicLong();
    assertThatThrownBy(() -> Readers.read(log.toString(), null, (e, fingerprinted) -> {
      if (seen.incrementAndGet() == 1000) {
        throw new IllegalStateException("sink broke");
      }
    }, f -> { }, Readers.Threading.PIPELINE)).isInstanceOf(IllegalStateException.class).hasMessage("sink broke");
    assertThat(seen.get()).isEqualTo(1000);
  }

  private static String report(Path log, Readers.Threading threading) throws IOException {
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("test"));
    int index = analyzer.addInput();
    InputSummary summary = Readers.read(log.toString(), null, (Event e, NormalizedSql fingerprinted) -> analyzer.accept(index, e, fingerprinted),
        f -> analyzer.inputFormat(index, f), threading);
    StringBuilder json = new StringBuilder();
    new JsonRenderer().render(analyzer.finish(List.of(summary)), json);
    return json.toString();
  }
}
