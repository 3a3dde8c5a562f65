package dev.dbprof.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.Severity;
import dev.dbprof.report.SampleReports;
import dev.dbprof.rules.BuiltinRules;
import dev.dbprof.rules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {

  @TempDir
  Path dir;

  private Path file(String yaml) throws IOException {
    Path file = dir.resolve("dbprof.yml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void readsEverySectionOfTheFile() throws IOException {
    Policy policy = Policy.load(file("""
        failOn: warning
        rules:
          n-plus-one:
            severity: warning
            minRepeats: 5
          slow-query: off
          duplicate-query: info
        maxStatements:
          perUnit: 50
          total: 2000
        suppressions:
          - rule: connection-churn
            reason: tests open a connection per test
          - key: n-plus-one:0x1B2C3D4E5F607182:shop.OrderRepository.byCustomer
            reason: "fixed in #123, not deployed yet"
        """));
    assertThat(policy.failOn()).isEqualTo(FailOn.WARNING);
    assertThat(policy.severities()).containsExactlyEntriesOf(
        new java.util.TreeMap<>(Map.of("duplicate-query", Severity.INFO, "n-plus-one", Severity.WARNING)));
    assertThat(policy.disabled()).containsExactly("slow-query");
    assertThat(policy.ruleOptions()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
        "n-plus-one.minRepeats", "5", "statement-budget.maxPerUnit", "50", "statement-budget.maxTotal", "2000")));
    assertThat(policy.suppressions()).extracting(Suppression::reason)
        .containsExactly("tests open a connection per test", "fixed in #123, not deployed yet");
    assertThat(policy.rules(BuiltinRules.all())).extracting(Rule::id).doesNotContain("slow-query").contains("n-plus-one");
  }

  @Test
  void aSuppressionWithoutAReasonIsAnErrorNamingFileAndKey() throws IOException {
    Path file = file("""
        suppressions:
          - rule: n-plus-one
            reason: ok
          - rule: slow-query
        """);
    assertThatThrownBy(() -> Policy.load(file)).isInstanceOf(PolicyException.class)
        .hasMessage(file + ": suppressions[1] has no reason; every suppression needs a reason (why the finding is accepted).");
  }

  @Test
  void aBlankReasonIsNoReason() throws IOException {
    Path file = file("suppressions:\n  - {query: '0x01', reason: '  '}\n");
    assertThatThrownBy(() -> Policy.load(file)).hasMessageContaining("suppressions[0] has no reason");
  }

  @Test
  void aSuppressionMustSelectSomething() throws IOException {
    Path file = file("suppressions:\n  - reason: everything is fine\n");
    assertThatThrownBy(() -> Policy.load(file)).hasMessage(
        file + ": suppressions[0] selects nothing; give at least one of rule, key, query or site.");
  }

  @Test
  void badConfigurationIsOneSentenceNamingFileAndKey() throws IOException {
    assertThatThrownBy(() -> Policy.load(file("failOn: sometimes\n")))
        .hasMessage(dir.resolve("dbprof.yml") + ": failOn must be error, warning, info or never, not 'sometimes'.");
    assertThatThrownBy(() -> Policy.load(file("rules:\n  n-plus-two: {minRepeats: 3}\n")))
        .hasMessage(dir.resolve("dbprof.yml") + ": rules.n-plus-two: unknown rule 'n-plus-two'; did you mean n-plus-one? ('dbprof rules' lists them).");
    assertThatThrownBy(() -> Policy.load(file("failOn: error\nfail-on: warning\n")))
        .hasMessageStartingWith(dir.resolve("dbprof.yml") + ": fail-on is not a known key (expected one of");
    assertThatThrownBy(() -> Policy.load(file("maxStatements: {perUnit: -3}\n")))
        .hasMessageContaining("maxStatements.perUnit must be a positive whole number");
    assertThatThrownBy(() -> Policy.load(file("rules:\n  n-plus-one: {severity: fatal}\n")))
        .hasMessageContaining("rules.n-plus-one.severity: severity must be error, warning, info or off, not 'fatal'.");
    assertThatThrownBy(() -> Policy.load(file("rules:\n  n-plus-one:\n    minRepeats: [1, 2]\n")))
        .hasMessageContaining("rules.n-plus-one.minRepeats must be a single value");
    assertThatThrownBy(() -> Policy.load(file("failOn: [error\n")))
        .hasMessageStartingWith(dir.resolve("dbprof.yml") + ": not valid YAML at line");
  }

  @Test
  void anEmptyFileIsTheDefaults() throws IOException {
    Policy policy = Policy.load(file(""));
    assertThat(policy.effectiveFailOn()).isEqualTo(FailOn.ERROR);
    assertThat(policy.suppressions()).isEmpty();
  }

  @Test
  void discoversTheFileInTheWorkingDirectoryAndInsistsOnAnExplicitOne() throws IOException {
    assertThat(Policy.discover(null, dir).source()).isEqualTo("defaults");
    file("failOn: info\n");
    assertThat(Policy.discover(null, dir).failOn()).isEqualTo(FailOn.INFO);
    Path missing = dir.resolve("other.yml");
    assertThatThrownBy(() -> Policy.discover(missing, dir)).hasMessage(missing + ": no such policy file.");
  }

  @Test
  void theCommandLineWins() throws IOException {
    Policy policy = Policy.load(file("""
        failOn: warning
        rules:
          n-plus-one: {minRepeats: 5, severity: warning}
        """))
        .withFailOn(FailOn.NEVER)
        .withRuleOptions(Map.of("n-plus-one.minRepeats", "3"))
        .withSeverity("n-plus-one", "error")
        .withMaxStatements(40, null);
    assertThat(policy.effectiveFailOn()).isEqualTo(FailOn.NEVER);
    assertThat(policy.ruleOptions()).containsEntry("n-plus-one.minRepeats", "3").containsEntry("statement-budget.maxPerUnit", "40")
        .doesNotContainKey("statement-budget.maxTotal");
    assertThat(policy.severities()).containsEntry("n-plus-one", Severity.ERROR);
    assertThat(policy.withFailOn(null).effectiveFailOn()).isEqualTo(FailOn.NEVER);
    assertThatThrownBy(() -> policy.withRuleOptions(Map.of("minRepeats", "3"))).hasMessageContaining("expected RULE.OPTION=VALUE");
    assertThatThrownBy(() -> policy.withMaxStatements(0, null)).hasMessage("--max-statements must be a positive number of statements, not 0.");
    // the merged options are what the analyzer takes
    assertThat(AnalysisOptions.defaults("t").withRuleOptions(policy.ruleOptions()).ruleOptions())
        .containsEntry("statement-budget.maxPerUnit", "40");
  }

  @Test
  void applyingOverridesSeveritiesAndRemovesSuppressedFindingsWithTheirReasons() throws IOException {
    Policy policy = Policy.load(file("""
        failOn: warning
        rules:
          connection-churn: {severity: info}
        suppressions:
          - query: "0x99AA00BB11CC22DD"
            reason: reporting query, runs once a night
          - site: shop.Unused
            reason: never matches
        """));
    Report applied = policy.apply(SampleReports.full());
    assertThat(applied.findings()).extracting(Finding::rule).containsExactly("n-plus-one", "connection-churn");
    assertThat(applied.findings().get(1).severity()).isEqualTo(Severity.INFO);
    Review review = applied.review();
    assertThat(review.threshold()).isEqualTo(Severity.WARNING);
    assertThat(review.suppressed()).containsExactly(
        new Review.Suppressed("missing-index:0x99AA00BB11CC22DD", "missing-index", "reporting query, runs once a night"));
    assertThat(applied.notes()).last().asString().startsWith("1 finding suppressed by " + dir.resolve("dbprof.yml"));
    assertThat(applied.failing()).extracting(Finding::rule).containsExactly("n-plus-one");
    assertThat(Verdict.exitCode(applied)).isEqualTo(Verdict.FINDINGS);
  }

  @Test
  void suppressionsMatchByRuleKeyQueryAndCallSitePrefix() {
    Finding nPlusOne = SampleReports.full().findings().get(0);
    assertThat(new Suppression(null, null, null, "shop", "r").matches(nPlusOne)).isTrue();
    assertThat(new Suppression(null, null, null, "shop.OrderRepository.byCustomer", "r").matches(nPlusOne)).isTrue();
    assertThat(new Suppression(null, null, null, "shop.Order", "r").matches(nPlusOne)).isFalse();
    assertThat(new Suppression(null, null, "0x1b2c3d4e5f607182", null, "r").matches(nPlusOne)).isTrue();
    assertThat(new Suppression("n-plus-one", null, "0x99AA00BB11CC22DD", null, "r").matches(nPlusOne)).isFalse();
    assertThat(new Suppression(null, nPlusOne.key(), null, null, "r").matches(nPlusOne)).isTrue();
  }

  @Test
  void failOnDecidesTheExitCode() {
    Report report = SampleReports.full();
    assertThat(Verdict.exitCode(Policy.defaults().apply(report))).isEqualTo(Verdict.FINDINGS);
    assertThat(Verdict.exitCode(Policy.defaults().withFailOn(FailOn.NEVER).apply(report))).isEqualTo(Verdict.OK);
    Report warningsOnly = Policy.defaults().withSeverity("n-plus-one", "warning").apply(report);
    assertThat(Verdict.exitCode(warningsOnly)).isEqualTo(Verdict.OK);
    assertThat(Verdict.exitCode(Policy.defaults().withSeverity("n-plus-one", "warning").withFailOn(FailOn.WARNING)
        .apply(report))).isEqualTo(Verdict.FINDINGS);
    assertThat(Verdict.exitCode(Policy.defaults().apply(SampleReports.empty()))).isEqualTo(Verdict.OK);
    assertThat(Verdict.describe(Policy.defaults().apply(report)))
        .isEqualTo("dbprof: 1 finding at or above error fails the run.");
    assertThat(FailOn.parse("Warning", "--fail-on")).isEqualTo(FailOn.WARNING);
    assertThatThrownBy(() -> FailOn.parse("none", "--fail-on"))
        .hasMessage("--fail-on must be error, warning, info or never, not 'none'.");
  }
}
