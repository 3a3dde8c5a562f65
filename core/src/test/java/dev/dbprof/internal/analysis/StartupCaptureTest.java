package dev.dbprof.internal.analysis;

import dev.dbprof.options.AnalysisOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.Analysis;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Summary;
import dev.dbprof.testing.ChildJvm;
import dev.dbprof.testing.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up work in a real capture: a schema script and a literal seed from main, then the app's requests. */
class StartupCaptureTest {

  @TempDir
  Path dir;

  @Test
  void aSchemaScriptAndLiteralSeedFromMainAreStartUpWorkAndTheRequestsAreChecked() throws Exception {
    String url = EmbeddedPostgresServer.newDatabase("startup").replace("jdbc:postgresql:", "jdbc:dbprof:postgresql:");
    Path capture = dir.resolve("capture.jsonl");
    try (ChildJvm app = ChildJvm.start(SeedThenServeApp.class, url, capture.toString())) {
      app.awaitLine("done", Duration.ofMinutes(2));
      app.stop(false);
      assertThat(app.output()).as("the app's output").contains("done");
    }
    Report report = Analysis.of(AnalysisOptions.defaults("test")).read(capture.toString()).report();

    Summary.Startup startup = report.summary().startup();
    assertThat(startup.units()).isEqualTo(1);
    assertThat(startup.statements()).isEqualTo(2 + 12 + 24);
    // the 36 literal INSERTs are not unbatched writes; the request's loop is an N+1
    assertThat(report.findings()).extracting(Finding::rule).doesNotContain("unbatched-writes").contains("n-plus-one");
    assertThat(report.findings()).filteredOn(f -> f.rule().equals("n-plus-one"))
        .extracting(Finding::occurrences, Finding::unitsOfWork)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(12L, 1L));
    assertThat(report.units()).extracting(u -> u.boundary()).containsOnly("thread");
  }
}
