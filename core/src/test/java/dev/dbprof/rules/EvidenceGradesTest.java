package dev.dbprof.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.Analysis;
import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.model.Evidence;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grade a finding carries through the analysis, and the severity it costs. */
class EvidenceGradesTest {

  @TempDir
  Path dir;

  private List<Finding> findings(String workload) throws IOException {
    Path file = dir.resolve("grades.cases");
    Files.writeString(file, "=== violation: grades\n" + workload + "=== expect\n", StandardCharsets.UTF_8);
    Fixture fixture = Fixture.parse(file).get(0);
    return Analysis.of(AnalysisOptions.defaults("test")).events("grades", null, fixture.events()).report().findings()
        .stream().filter(f -> f.rule().equals("n-plus-one")).toList();
  }

  @Test
  void aSessionLoopWithNoSourceQueryIsSuspectAndLoweredOneStep() throws IOException {
    List<Finding> found = findings("""
        @repeat 6
        select id, name from customers where id = ? | params={i}
        @end
        """);

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.evidence()).isEqualTo(Evidence.SUSPECT);
      assertThat(f.severity()).isEqualTo(Severity.WARNING); // the rule's error, one step down
    });
  }

  @Test
  void aSessionLoopAfterItsSourceQueryInATightRhythmIsLikelyAndKeepsItsSeverity() throws IOException {
    List<Finding> found = findings("""
        select id, name from customers
        @repeat 6
        select id, total from orders where customer_id = ? | params={i}
        @end
        """);

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.evidence()).isEqualTo(Evidence.LIKELY);
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
    });
  }

  @Test
  void aFindingMergedOverUnitsKeepsTheStrongestGradeItWasSeenWith() throws IOException {
    List<Finding> found = findings("""
        @repeat 6
        select id, total from orders where customer_id = ? | params={i}
        @end
        @gap 5000
        select id, name from customers
        @repeat 6
        select id, total from orders where customer_id = ? | params={i}
        @end
        """);

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.unitsOfWork()).isEqualTo(2);
      assertThat(f.evidence()).isEqualTo(Evidence.LIKELY);
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
    });
  }

  @Test
  void aCallSiteWithDifferentValuesProvesTheLoop() throws IOException {
    List<Finding> found = findings("""
        @repeat 6
        select id, name from customers where id = ? | params={i} site=shop.Customers.byId:7
        @end
        """);

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.evidence()).isEqualTo(Evidence.PROVEN);
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
    });
  }
}
