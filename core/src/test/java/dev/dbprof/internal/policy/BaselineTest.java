package dev.dbprof.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.report.SampleReports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

  @TempDir
  Path dir;

  @Test
  void theFileIsSortedOneFindingPerLineWithoutTimestamps() throws IOException {
    StringBuilder text = new StringBuilder();
    Baseline.of(SampleReports.full()).write(text);
    assertThat(text.toString()).isEqualTo("""
        {
          "schema": "dbprof-baseline/1",
          "findings": [
            {"key": "connection-churn:workload", "rule": "connection-churn", "severity": "warning", "occurrences": 12, "estimatedSavingsMs": 48.000},
            {"key": "missing-index:0x99AA00BB11CC22DD", "rule": "missing-index", "severity": "warning", "occurrences": 200, "estimatedSavingsMs": 31.500},
            {"key": "n-plus-one:0x1B2C3D4E5F607182:shop.OrderRepository.byCustomer", "rule": "n-plus-one", "severity": "error", "occurrences": 60, "estimatedSavingsMs": 57.125}
          ]
        }
        """);
    StringBuilder empty = new StringBuilder();
    Baseline.of(SampleReports.empty()).write(empty);
    assertThat(empty.toString()).isEqualTo("{\n  \"schema\": \"dbprof-baseline/1\",\n  \"findings\": []\n}\n");
  }

  @Test
  void writingTwiceGivesTheSameBytesAndReadingGivesTheSameEntries() throws IOException {
    Path first = dir.resolve("a.json");
    Path second = dir.resolve("b.json");
    Baseline baseline = Baseline.of(SampleReports.full());
    baseline.write(first);
    Baseline.read(first).write(second);
    assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
    assertThat(Baseline.read(first)).isEqualTo(baseline);
  }

  @Test
  void theSameRunAgainIsAllKnownAndPasses() {
    Report today = Policy.defaults().apply(SampleReports.full());
    Report compared = Baseline.of(today).compare(today, "dbprof-baseline.json");
    Review.BaselineDiff diff = compared.review().baseline();
    assertThat(diff.count(Review.Status.KNOWN)).isEqualTo(3);
    assertThat(diff.fixed()).isEmpty();
    assertThat(Verdict.exitCode(today)).isEqualTo(Verdict.FINDINGS);
    assertThat(Verdict.exitCode(compared)).isEqualTo(Verdict.OK);
  }

  @Test
  void aBaselineWrittenBeforeGradesStillKnowsTheFindingWhenItIsSuspectAndLowered() {
    Report before = Policy.defaults().apply(SampleReports.full());
    Baseline baseline = Baseline.of(before);
    List<Finding> graded = new ArrayList<>();
    for (Finding f : before.findings()) {
      graded.add(f.rule().equals("n-plus-one")
          ? new Finding(f.rule(), dev.dbprof.model.Severity.WARNING, f.key(), f.title(), f.detail(), f.fingerprint(),
              f.queryId(), f.tables(), f.columns(), f.occurrences(), f.unitsOfWork(), f.estimatedSavingsMs(), f.fix(),
              f.callSite(), f.index(), f.related(), f.location(), dev.dbprof.model.Evidence.SUSPECT)
          : f);
    }
    Report compared = baseline.compare(before.withFindings(graded), "dbprof-baseline.json");
    Review.BaselineDiff diff = compared.review().baseline();
    assertThat(diff.status("n-plus-one:0x1B2C3D4E5F607182:shop.OrderRepository.byCustomer")).isEqualTo(Review.Status.KNOWN);
    assertThat(diff.count(Review.Status.KNOWN)).isEqualTo(3);
  }

  @Test
  void newAndWorseFindingsFailFixedOnesAreReported() {
    Report today = Policy.defaults().withFailOn(FailOn.WARNING).apply(SampleReports.full());
    List<Baseline.Entry> entries = new ArrayList<>();
    // n-plus-one was there with fewer occurrences (60 now): worse
    entries.add(new Baseline.Entry("n-plus-one:0x1B2C3D4E5F607182:shop.OrderRepository.byCustomer", "n-plus-one",
        dev.dbprof.model.Severity.ERROR, 40, 50));
    // missing-index unchanged within tolerance: known
    entries.add(new Baseline.Entry("missing-index:0x99AA00BB11CC22DD", "missing-index", dev.dbprof.model.Severity.WARNING,
        195, 30));
    // gone today: fixed
    entries.add(new Baseline.Entry("duplicate-query:0x0A:shop.Cart.total", "duplicate-query",
        dev.dbprof.model.Severity.WARNING, 4, 2.5));
    Report compared = new Baseline(entries).compare(today, "base.json");
    Review.BaselineDiff diff = compared.review().baseline();
    assertThat(diff.status("n-plus-one:0x1B2C3D4E5F607182:shop.OrderRepository.byCustomer")).isEqualTo(Review.Status.WORSENED);
    assertThat(diff.status("missing-index:0x99AA00BB11CC22DD")).isEqualTo(Review.Status.KNOWN);
    assertThat(diff.status("connection-churn:workload")).isEqualTo(Review.Status.NEW);
    assertThat(diff.fixed()).extracting(Review.Fixed::key).containsExactly("duplicate-query:0x0A:shop.Cart.total");
    assertThat(compared.failing()).extracting(Finding::rule).containsExactly("n-plus-one", "connection-churn");
    assertThat(Verdict.describe(compared)).isEqualTo(
        "dbprof: 2 findings at or above warning fail the run (baseline base.json: 1 new, 1 worse, 1 known, 1 fixed).");
  }

  @Test
  void worseMeansMoreOccurrencesBeyondTolerancesOrAHigherSeverityOrMuchMoreTime() {
    Finding f = SampleReports.full().findings().get(1); // warning, 200 occurrences, 31.5 ms
    var sev = dev.dbprof.model.Severity.WARNING;
    assertThat(Baseline.worse(f, new Baseline.Entry(f.key(), f.rule(), sev, 200, 31.5))).isFalse();
    assertThat(Baseline.worse(f, new Baseline.Entry(f.key(), f.rule(), sev, 182, 31.5))).isFalse();
    assertThat(Baseline.worse(f, new Baseline.Entry(f.key(), f.rule(), sev, 181, 31.5))).isTrue();
    assertThat(Baseline.worse(f, new Baseline.Entry(f.key(), f.rule(), dev.dbprof.model.Severity.INFO, 200, 31.5))).isTrue();
    assertThat(Baseline.worse(f, new Baseline.Entry(f.key(), f.rule(), sev, 200, 20))).isFalse(); // timing noise
    assertThat(Baseline.worse(f, new Baseline.Entry(f.key(), f.rule(), sev, 200, 10))).isTrue();
  }

  @Test
  void aSuppressedFindingIsNotFixed() throws IOException {
    Report today = SampleReports.full();
    Baseline baseline = Baseline.of(today);
    Path yml = dir.resolve("dbprof.yml");
    Files.writeString(yml, "suppressions:\n  - {rule: connection-churn, reason: per-test connections}\n");
    Report compared = baseline.compare(Policy.load(yml).apply(today), "b.json");
    assertThat(compared.review().baseline().fixed()).isEmpty();
    assertThat(compared.review().suppressed()).hasSize(1);
  }

  @Test
  void aBadBaselineIsOneSentenceNamingTheFile() throws IOException {
    Path file = dir.resolve("b.json");
    Files.writeString(file, "{\"schema\": \"other/1\", \"findings\": []}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Baseline.read(file)).isInstanceOf(PolicyException.class)
        .hasMessage(file + ": schema is not \"dbprof-baseline/1\"; write the baseline again with --write-baseline.");
    Files.writeString(file, "{\"schema\": \"dbprof-baseline/1\", \"findings\": [{\"rule\": \"n-plus-one\"}]}");
    assertThatThrownBy(() -> Baseline.read(file)).hasMessage(file + ": findings[0] needs a key and occurrences.");
    Files.writeString(file, "{\"schema\": ");
    assertThatThrownBy(() -> Baseline.read(file)).hasMessageStartingWith(file + ": not a dbprof baseline (invalid JSON");
  }
}
