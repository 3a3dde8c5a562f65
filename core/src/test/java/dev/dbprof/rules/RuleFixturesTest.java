package dev.dbprof.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.Analysis;
import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of every {@code <rule-id>.cases} file through the whole analyzer. */
class RuleFixturesTest {

  static Path fixtureDirectory() throws URISyntaxException {
    return Path.of(RuleFixturesTest.class.getResource("n-plus-one.cases").toURI()).getParent();
  }

  static Stream<Fixture> cases() throws IOException, URISyntaxException {
    List<Fixture> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixtureDirectory())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".cases")).sorted().toList()) {
        all.addAll(Fixture.parse(file));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyWhatTheCaseExpects(Fixture fixture) {
    String ruleId = fixture.file().replace(".cases", "");
    AnalysisOptions options = AnalysisOptions.defaults("test").withRuleOptions(fixture.options());
    if (!fixture.indexes().isEmpty()) {
      options = options.withAdvisor(new CannedAdvisor(fixture.indexes()), AnalysisOptions.DEFAULT_EXPLAIN_TOP);
    }
    Report report = Analysis.of(options).events(fixture.toString(), null, fixture.events()).report();
    List<String> actual = report.findings().stream()
        .filter(f -> f.rule().equals(ruleId))
        .map(RuleFixturesTest::canonical)
        .toList();
    assertThat(actual).as(fixture.toString()).containsExactlyInAnyOrderElementsOf(fixture.expected());
    if (fixture.violation()) {
      assertThat(actual).as("a violation case must expect at least one finding").isNotEmpty();
    }
  }

  /** The one-line form that fixture expectations are written in. */
  static String canonical(Finding f) {
    StringBuilder line = new StringBuilder(f.rule())
        .append(" occurrences=").append(f.occurrences())
        .append(" units=").append(f.unitsOfWork())
        .append(" query=").append(f.fingerprint() == null ? "-" : f.fingerprint());
    if (f.callSite() != null) {
      line.append(" site=").append(f.callSite().className()).append('.').append(f.callSite().method());
    }
    if (!f.related().isEmpty()) {
      line.append(" related=").append(f.related().size());
    }
    return line.toString();
  }
}
