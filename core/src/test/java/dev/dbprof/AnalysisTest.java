package dev.dbprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.model.Event;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Report;
import dev.dbprof.internal.read.Readers;
import dev.dbprof.model.InputException;
import dev.dbprof.report.JsonRenderer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The entry point: what a caller gets whichever way it hands its inputs over. */
class AnalysisTest {

  private static final Path LOG = Path.of("src/test/resources/orm/django-pg/postgresql.log");
  private static final Path OTHER = Path.of("src/test/resources/orm/rails-pg/postgresql.log");

  private static AnalysisOptions options() {
    return AnalysisOptions.defaults("test");
  }

  private static String json(Report report) throws IOException {
    StringBuilder out = new StringBuilder();
    new JsonRenderer().render(report, out);
    return out.toString();
  }

  @Test
  void aStreamGivesTheReportOfTheFileItHolds() throws IOException {
    Report fromPath = Analysis.of(options()).read(LOG.toString()).report();
    Report fromStream;
    try (InputStream in = Files.newInputStream(LOG)) {
      fromStream = Analysis.of(options()).read(LOG.toString(), in).report();
    }
    assertThat(fromPath.findings()).isNotEmpty();
    assertThat(json(fromStream)).isEqualTo(json(fromPath));
  }

  @Test
  void eventsReadElsewhereGiveTheSameFindingsAsTheFile() {
    List<Event> events = new ArrayList<>();
    InputSummary read = Readers.read(LOG.toString(), null, events::add);
    Report fromEvents = Analysis.of(options()).events(LOG.toString(), read.format(), events).report();
    Report fromPath = Analysis.of(options()).read(LOG.toString()).report();
    assertThat(fromEvents.findings()).isEqualTo(fromPath.findings());
    assertThat(fromEvents.summary().statements()).isEqualTo(fromPath.summary().statements());
  }

  @Test
  void severalInputsAreOneAnalysisAndEachSummaryIsHeardInOrder() {
    List<String> heard = new ArrayList<>();
    Report both = Analysis.of(options(), null, summary -> heard.add(summary.path()))
        .read(LOG.toString())
        .read(OTHER.toString())
        .report();
    long one = Analysis.of(options()).read(LOG.toString()).report().summary().statements();
    long other = Analysis.of(options()).read(OTHER.toString()).report().summary().statements();
    assertThat(heard).containsExactly(LOG.toString(), OTHER.toString());
    assertThat(both.summary().inputs()).extracting(InputSummary::path).containsExactly(LOG.toString(), OTHER.toString());
    assertThat(both.summary().statements()).isEqualTo(one + other);
  }

  @Test
  void theCallersStreamIsLeftOpen() throws IOException {
    boolean[] closed = {false};
    InputStream in = new FilterInputStream(new ByteArrayInputStream(Files.readAllBytes(LOG))) {
      @Override
      public void close() throws IOException {
        closed[0] = true;
        super.close();
      }
    };
    Analysis.of(options()).read("upload", in).report();
    assertThat(closed[0]).isFalse();
  }

  @Test
  void theReportEndsTheAnalysis() {
    Analysis analysis = Analysis.of(options()).read(LOG.toString());
    analysis.report();
    assertThatThrownBy(analysis::report).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> analysis.read(OTHER.toString())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anInputThatCannotBeReadEndsTheAnalysis() {
    Analysis analysis = Analysis.of(options()).read(LOG.toString());
    assertThatThrownBy(() -> analysis.read("no/such/file.log")).isInstanceOf(InputException.class)
        .hasMessage("Cannot read no/such/file.log: no such file.");
    assertThatThrownBy(analysis::report).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theReportCarriesTheRuleCatalogue() {
    Report report = Analysis.of(options()).read(LOG.toString()).report();
    assertThat(report.rules()).extracting(rule -> rule.id())
        .contains("n-plus-one", "missing-index", "unbatched-writes")
        .isSorted();
  }
}
