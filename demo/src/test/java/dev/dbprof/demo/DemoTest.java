package dev.dbprof.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.Version;
import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.cli.DemoRunner;
import dev.dbprof.model.ValidationMethod;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, found as {@code dbprof demo} finds it (the service the demo jar registers):
 * embedded PostgreSQL, both shops through the capture, both modes analyzed.
 */
class DemoTest {

  private static final Set<String> EVERY_ANTI_PATTERN = Set.of("n-plus-one", "unbatched-writes", "missing-index",
      "count-subquery", "duplicate-query", "connection-churn");

  @TempDir
  static Path dir;

  static DemoRunner.Reports result;
  static String progress;

  @BeforeAll
  static void runDemo() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoRunner demo = ServiceLoader.load(DemoRunner.class).findFirst().orElseThrow();
    result = demo.run(List.of("jdbc", "jpa"), dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    progress = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void naiveModeShowsEveryAntiPatternAndFixedModeNone() {
    assertThat(rules(result.naive())).containsAll(EVERY_ANTI_PATTERN);
    assertThat(result.fixed().findings()).isEmpty();
    assertThat(result.fixed().summary().statements()).isPositive();
  }

  @Test
  void theMissingIndexIsProvenByATrialBuild() {
    Finding index = result.naive().findings().stream().filter(f -> f.rule().equals("missing-index"))
        .filter(f -> f.tables().contains("orders")).findFirst().orElseThrow();
    assertThat(index.index().ddl()).startsWith("CREATE INDEX CONCURRENTLY").contains("orders (status");
    assertThat(index.index().validated()).isEqualTo(ValidationMethod.TRIAL);
    assertThat(index.index().costAfter()).isLessThan(index.index().costBefore() / 2);
  }

  @Test
  void loopsPointAtTheShopsCode() {
    assertThat(result.naive().findings()).filteredOn(f -> f.rule().equals("n-plus-one"))
        .allSatisfy(f -> assertThat(f.callSite().className()).startsWith("dev.dbprof.examples."));
  }

  @Test
  void eachVariantsCaptureShowsTheAntiPatternsOnItsOwn() {
    for (String variant : List.of("jdbc", "jpa")) {
      Set<String> naive = analyzedRules(dir.resolve("naive-" + variant + ".jsonl"));
      assertThat(naive).as(variant).containsAll(Set.of("n-plus-one", "unbatched-writes", "count-subquery",
          "duplicate-query", "connection-churn"));
      assertThat(analyzedRules(dir.resolve("fixed-" + variant + ".jsonl"))).as(variant).isEmpty();
    }
  }

  @Test
  void progressIsReportedWhileTheDatabaseStarts() {
    assertThat(progress).startsWith("starting embedded PostgreSQL").contains("ready on port");
  }

  /** The rules a plain analysis of one capture (no EXPLAIN, as {@code dbprof analyze FILE}) reports. */
  private static Set<String> analyzedRules(Path capture) {
    return rules(Demo.analyze(List.of(capture), AnalysisOptions.defaults(Version.get())));
  }

  private static Set<String> rules(Report report) {
    Set<String> rules = new TreeSet<>();
    report.findings().forEach(f -> rules.add(f.rule()));
    return rules;
  }
}
