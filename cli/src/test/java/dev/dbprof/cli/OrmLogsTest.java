package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The logs that PostgreSQL 15 and MariaDB 10.11 wrote for Django, SQLAlchemy, Rails, Sequelize and
 * TypeORM (recorded by {@code tools/orm-workloads/record.sh}; scenarios and what each must give in
 * {@code core/src/test/resources/orm/expectations.tsv}), analyzed through the command line in every
 * format the server wrote.
 */
class OrmLogsTest {

  private static final Path ORM = Path.of("../core/src/test/resources/orm");

  /** One row of expectations.tsv. */
  record Expectation(String orm, String db, String scenario, String expected, List<String> files) {}

  /** One log file of one (ORM, database) run, with what that run's scenarios expect. */
  record Log(Path file, List<Expectation> scenarios) {
    @Override
    public String toString() {
      return ORM.relativize(file).toString();
    }

    boolean expects(String scenario, String rule) {
      return scenarios.stream().anyMatch(e -> e.scenario().equals(scenario) && e.expected().equals(rule));
    }
  }

  static Stream<Log> logs() throws IOException {
    List<Expectation> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(ORM.resolve("expectations.tsv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) { // after the header
      String[] f = line.split("\t", -1);
      rows.add(new Expectation(f[0], f[1], f[2], f[3], List.of(f[8].split(","))));
    }
    List<Log> logs = new ArrayList<>();
    rows.stream().map(r -> r.orm() + "-" + r.db()).distinct().sorted().forEach(run -> {
      List<Expectation> scenarios = rows.stream().filter(r -> (r.orm() + "-" + r.db()).equals(run)).toList();
      scenarios.get(0).files().forEach(file -> logs.add(new Log(ORM.resolve(run).resolve(file), scenarios)));
    });
    return logs.stream();
  }

  static JsonNode analyze(Log log) throws IOException {
    Cli cli = Cli.run("analyze", "--fail-on", "never", "--format", "json", log.file().toString());
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.OK);
    return new ObjectMapper().readTree(cli.out());
  }

  /** The scenario each line of the log belongs to: the last {@code scenario: NAME} marker before it. */
  static String[] scenarioOfLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String[] scenario = new String[lines.size() + 2];
    String current = "startup";
    for (int i = 0; i < lines.size(); i++) {
      int marker = lines.get(i).indexOf("scenario: ");
      if (marker >= 0) {
        current = lines.get(i).substring(marker + "scenario: ".length()).split("['\"\\\\]", 2)[0].strip();
      }
      scenario[i + 1] = current;
    }
    scenario[lines.size() + 1] = current;
    return scenario;
  }

  /** The scenarios in which a finding of {@code rule} was located. */
  static List<String> scenariosOf(JsonNode report, String rule, String[] scenarioOfLine) {
    List<String> found = new ArrayList<>();
    report.get("findings").forEach(f -> {
      if (f.get("rule").asText().equals(rule) && f.has("location")) {
        int line = f.get("location").get("line").asInt();
        found.add(scenarioOfLine[Math.min(line, scenarioOfLine.length - 1)]);
      }
    });
    return found;
  }

  private static List<String> fingerprints(JsonNode report, String rule) {
    List<String> found = new ArrayList<>();
    report.get("findings").forEach(f -> {
      if (f.get("rule").asText().equals(rule)) {
        found.add(f.get("fingerprint").asText());
      }
    });
    return found;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void aCountOverALimitedSubqueryIsNotFlaggedAndOneThatCouldBeDirectIs(Log log) throws IOException {
    List<String> counts = fingerprints(analyze(log), "count-subquery");
    // Rails' .limit(50).count, Django's qs[:50].count(), SQLAlchemy's query.limit(50).count(): needed
    assertThat(counts).as("count-subquery findings").noneMatch(fingerprint -> fingerprint.contains(" limit "));
    if (log.expects("count_distinct_subquery", "count-subquery")) {
      assertThat(counts).as("count-subquery findings").hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void pagingThroughATableIsNoNPlusOne(Log log) throws IOException {
    assertThat(scenariosOf(analyze(log), "n-plus-one", scenarioOfLine(log.file())))
        .as("scenarios with an n-plus-one finding").doesNotContain("pagination");
  }

  /**
   * The logs that show when a request's statements stop: PostgreSQL's clock has milliseconds; MariaDB's
   * has whole seconds, so until units of work follow the requests, a MariaDB session runs scenarios 300 ms
   * apart into one another and the loops below mix with their neighbours there.
   */
  static Stream<Log> logsWithAFineClock() throws IOException {
    return logs().filter(log -> log.file().getFileName().toString().startsWith("postgresql."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logsWithAFineClock")
  void paginatorWalksAreReportedAsOffsetPagination(Log log) throws IOException {
    assertThat(scenariosOf(analyze(log), "offset-pagination", scenarioOfLine(log.file())))
        .as("scenarios with an offset-pagination finding").containsExactly("pagination");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logsWithAFineClock")
  void aLoopOverIdsKnownInCodeIsAnNPlusOneWithoutASourceQuery(Log log) throws IOException {
    JsonNode report = analyze(log);
    String[] scenarioOfLine = scenarioOfLine(log.file());
    List<JsonNode> found = new ArrayList<>();
    report.get("findings").forEach(f -> {
      if (f.get("rule").asText().equals("n-plus-one") && f.has("location")
          && scenarioOfLine[Math.min(f.get("location").get("line").asInt(), scenarioOfLine.length - 1)]
              .equals("get_by_id_loop")) {
        found.add(f);
      }
    });
    // 25 lookups in the scenario's unit (the detail counts the first unit's loop; `occurrences` also
    // counts the same loop found in other units, e.g. SQLAlchemy's per-row-transaction reads)
    assertThat(found).as("n-plus-one findings of get_by_id_loop").singleElement().satisfies(f -> {
      assertThat(f.get("detail").asText()).startsWith("25 × ").contains("with different values and no source query");
      assertThat(f.get("occurrences").asLong()).isGreaterThanOrEqualTo(25);
    });
  }
}
