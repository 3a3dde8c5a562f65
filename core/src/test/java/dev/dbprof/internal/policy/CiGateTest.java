package dev.dbprof.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.internal.analysis.Analyzer;
import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.rules.BuiltinRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole CI gate as {@code dbprof analyze} wires it: policy file and command line, analysis with
 * the policy's rules and options, policy applied, baseline written, then compared on the next run.
 */
class CiGateTest {

  @TempDir
  Path dir;

  private Report run(Policy policy, int loop) {
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("test")
        .withRules(policy.rules(BuiltinRules.all()))
        .withRuleOptions(policy.ruleOptions()));
    int input = analyzer.addInput();
    long clock = 1_700_000_000_000_000L;
    CallSite site = new CallSite("shop.OrderService", "list", "OrderService.java", 42);
    analyzer.accept(input, new Event(EventKind.STATEMENT, clock, 1_000_000, "1", "main", "select id from customers",
        null, 0, Event.UNKNOWN, null, null, null, 1));
    for (int i = 0; i < loop; i++) {
      clock += 2_000;
      analyzer.accept(input, new Event(EventKind.STATEMENT, clock, 1_000_000, "1", "main",
          "select id, total from orders where customer_id = ?", Integer.toString(i), 0, Event.UNKNOWN, null, site, null, i + 2));
    }
    analyzer.accept(input, new Event(EventKind.COMMIT, clock + 2_000, 0, "1", "main", null, null, 0, Event.UNKNOWN, null,
        null, null, loop + 2));
    return analyzer.finish(List.of());
  }

  @Test
  void budgetFromTheFileBaselineAcceptsTodayAndCatchesTheLoopGrowing() throws IOException {
    Path yml = dir.resolve("dbprof.yml");
    Files.writeString(yml, "failOn: error\nmaxStatements: {perUnit: 10}\nrules:\n  slow-query: off\n");
    Policy policy = Policy.discover(null, dir).withRuleOptions(Map.of());

    Report today = policy.apply(run(policy, 20));
    assertThat(today.findings()).extracting(Finding::rule).contains("statement-budget");
    assertThat(Verdict.exitCode(today)).isEqualTo(Verdict.FINDINGS);

    Path baselineFile = dir.resolve("dbprof-baseline.json");
    Baseline.of(today).write(baselineFile);

    Report same = Baseline.read(baselineFile).compare(policy.apply(run(policy, 20)), baselineFile.toString());
    assertThat(Verdict.exitCode(same)).isEqualTo(Verdict.OK);
    assertThat(same.review().baseline().count(Review.Status.KNOWN)).isEqualTo(today.findings().size());

    Report grown = Baseline.read(baselineFile).compare(policy.apply(run(policy, 40)), baselineFile.toString());
    Finding budget = grown.findings().stream().filter(f -> f.rule().equals("statement-budget")).findFirst().orElseThrow();
    assertThat(grown.review().baseline().status(budget.key())).isEqualTo(Review.Status.WORSENED);
    assertThat(Verdict.exitCode(grown)).isEqualTo(Verdict.FINDINGS);

    Report fixed = Baseline.read(baselineFile).compare(policy.apply(run(policy, 5)), baselineFile.toString());
    assertThat(fixed.review().baseline().fixed()).extracting(Review.Fixed::rule).contains("statement-budget");
    assertThat(Verdict.exitCode(fixed)).isEqualTo(Verdict.OK);
  }

  @Test
  void theBudgetIsOffUnlessSet() {
    Report report = Policy.defaults().apply(run(Policy.defaults(), 500));
    assertThat(report.findings()).extracting(Finding::rule).doesNotContain("statement-budget");
    Policy cli = Policy.defaults().withMaxStatements(null, 100);
    assertThat(cli.apply(run(cli, 500)).findings()).extracting(Finding::detail)
        .contains("501 statements in the whole run, budget 100");
  }
}
