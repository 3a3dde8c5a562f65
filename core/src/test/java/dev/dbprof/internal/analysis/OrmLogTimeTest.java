package dev.dbprof.internal.analysis;

import dev.dbprof.options.AnalysisOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.Analysis;
import dev.dbprof.model.Finding;
import dev.dbprof.model.QueryRow;
import dev.dbprof.model.Report;
import dev.dbprof.model.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every second counted, on real ORM logs whose server wrote the time of each COMMIT and of each
 * extended-protocol parse and bind: TypeORM (unnamed statements: parse, bind, execute each time)
 * and Rails (named prepared statements: parsed once, then bind and execute), both saving one row
 * per transaction in a loop. The expected sums are taken from the log's own duration lines.
 */
class OrmLogTimeTest {

  private static final Path ORM = Path.of("src/test/resources/orm");
  private static final Pattern DURATION = Pattern.compile(
      "LOG:  duration: ([0-9.]+) ms  (statement|parse [^:]*|bind [^:]*|execute [^:]*): (.*)$");

  /** Sums of the log's durations: [commits and rollbacks, parse and bind, statements]. */
  private static double[] logSums(Path log) throws IOException {
    double[] sums = new double[3];
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = DURATION.matcher(line);
      if (!m.find()) {
        continue;
      }
      double ms = Double.parseDouble(m.group(1));
      String step = m.group(2);
      String sql = m.group(3).strip();
      if (step.startsWith("parse") || step.startsWith("bind")) {
        sums[1] += ms;
      } else if (sql.equalsIgnoreCase("COMMIT") || sql.equalsIgnoreCase("ROLLBACK")) {
        sums[0] += ms;
      } else if (!sql.equalsIgnoreCase("BEGIN") && !sql.equalsIgnoreCase("START TRANSACTION")) {
        sums[2] += ms;
      }
    }
    return sums;
  }

  @ParameterizedTest
  @ValueSource(strings = {"typeorm-pg", "rails-pg"})
  void commitsAndParseBindCountInTheDatabaseTimeAndThePerRowLoopIsOneUnit(String run) throws IOException {
    Path log = ORM.resolve(run).resolve("postgresql.log");
    double[] expected = logSums(log);
    Report report = Analysis.of(AnalysisOptions.defaults("test")).read(log.toString()).report();
    Summary.Time time = report.summary().time();

    assertThat(expected[0]).as("the log's COMMIT time").isGreaterThan(100);
    assertThat(time.transactionEndsMs()).isCloseTo(expected[0], Offset.offset(0.01));
    assertThat(time.parseBindMs()).isCloseTo(expected[1], Offset.offset(0.01));
    // the statements' own time, and the total made of all of it (connecting included)
    assertThat(time.statementsMs()).isCloseTo(expected[2], Offset.offset(0.01));
    assertThat(report.summary().totalTimeMs()).isCloseTo(expected[0] + expected[1] + expected[2]
        + time.connectMs(), Offset.offset(0.01));
    QueryRow commits = report.queries().stream().filter(q -> q.fingerprint().equals("commit")).findFirst().orElseThrow();
    assertThat(commits.kind()).isEqualTo("transaction");

    // START TRANSACTION; INSERT; COMMIT per row: the 30 rows are one loop of one unit of work
    assertThat(report.findings())
        .filteredOn(f -> f.rule().equals("unbatched-writes") && f.tables().contains("products"))
        .extracting(Finding::occurrences, Finding::unitsOfWork)
        .contains(org.assertj.core.groups.Tuple.tuple(30L, 1L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"django-pg", "rails-pg", "sqlalchemy-pg", "typeorm-pg"})
  void theOrmsSchemaAndSeedBeforeTheFirstRequestAreStartUpWorkNotRanked(String run) throws IOException {
    Path log = ORM.resolve(run).resolve("postgresql.log");
    Report report = Analysis.of(AnalysisOptions.defaults("test")).read(log.toString()).report();
    Summary.Startup startup = report.summary().startup();
    assertThat(startup.units()).isPositive();
    assertThat(startup.statements()).isGreaterThan(20);
    // the seed of 100 customers, one INSERT each, is no unbatched-writes finding any more
    assertThat(report.findings())
        .filteredOn(f -> f.rule().equals("unbatched-writes") && f.tables().contains("customers"))
        .extracting(Finding::occurrences).doesNotContain(100L);
    // and the scenarios' loops are still found
    assertThat(report.findings()).extracting(Finding::rule).contains("n-plus-one", "unbatched-writes");
  }
}
