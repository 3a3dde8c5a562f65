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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

  @TempDir
  Path dir;

  /** A capture with an N+1 loop (error) and an unbatched insert loop (warning). */
  private Path capture() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"version\":\"0.1.0\",\"params\":\"hash\"}");
    long ts = 1_732_420_000_000_000L;
    lines.add(stmt(ts++, "select id, name from customers", "[]"));
    for (int i = 0; i < 12; i++) {
      lines.add(stmt(ts++, "select id, total from orders where customer_id = ?", "[\"h:" + i + "\"]"));
    }
    for (int i = 0; i < 8; i++) {
      lines.add(stmt(ts++, "insert into audit (event) values (?)", "[\"h:e" + i + "\"]"));
    }
    lines.add("{\"type\":\"commit\",\"ts\":" + ts + ",\"conn\":1,\"ns\":1000}");
    Path file = dir.resolve("capture.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static String stmt(long ts, String sql, String params) {
    return "{\"type\":\"stmt\",\"ts\":" + ts + ",\"conn\":1,\"thread\":\"main\",\"ns\":1000000,\"sql\":\"" + sql
        + "\",\"params\":" + params + "}";
  }

  @Test
  void exitsOneWhenAFindingReachesFailOnAndZeroOtherwise() throws IOException {
    Path capture = capture();
    assertThat(Cli.run("analyze", capture.toString()).exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(Cli.run("analyze", "--disable", "n-plus-one", capture.toString()).exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(Cli.run("analyze", "--disable", "n-plus-one", "--fail-on", "warning", capture.toString()).exitCode())
        .isEqualTo(ExitCodes.FINDINGS);
    assertThat(Cli.run("analyze", "--fail-on", "never", capture.toString()).exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void textReportRanksTheFixesAndShowsTheProfile() throws IOException {
    Cli cli = Cli.run("analyze", capture().toString());
    assertThat(cli.out()).contains("Ranked fixes (2)", "n-plus-one", "unbatched-writes", "Query profile");
    assertThat(cli.out().indexOf("1. Query repeated once per row")).isLessThan(cli.out().indexOf("2. Rows written"));
    assertThat(cli.err()).isEqualTo("dbprof: 1 finding at or above error fails the run." + System.lineSeparator());
  }

  @Test
  void jsonReportIsParsableAndCarriesTheContractFields() throws IOException {
    Cli cli = Cli.run("analyze", "--format", "json", "--fail-on", "never", capture().toString());
    JsonNode report = new ObjectMapper().readTree(cli.out());
    assertThat(report.get("schema").asText()).isEqualTo("dbprof-report/1");
    // 21 statements and the commit, an execution of its unit of work since issue 15
    assertThat(report.at("/summary/statements").asLong()).isEqualTo(22);
    assertThat(report.at("/summary/inputs/0/format").asText()).isEqualTo("dbprof");
    JsonNode first = report.at("/findings/0");
    assertThat(first.get("rule").asText()).isEqualTo("n-plus-one");
    assertThat(first.get("occurrences").asLong()).isEqualTo(12);
    assertThat(first.get("queryId").asText()).matches("0x[0-9A-F]{16}");
    // three statement shapes and the commit's row
    assertThat(report.get("queries")).hasSize(4);
    assertThat(report.at("/queries/3/kind").asText()).isEqualTo("transaction");
  }

  @Test
  void writesTheReportToAFileWithOutput() throws IOException {
    Path out = dir.resolve("report.json");
    Cli cli = Cli.run("analyze", "--format", "json", "-o", out.toString(), capture().toString());
    assertThat(cli.out()).isEmpty();
    assertThat(Files.readString(out)).contains("\"schema\": \"dbprof-report/1\"");
  }

  @Test
  void aMissingFileExitsTwoWithOneSentenceAndNoStackTrace() {
    Cli cli = Cli.run("analyze", dir.resolve("missing.log").toString());
    assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).startsWith("dbprof: ").contains("missing.log").doesNotContain("Exception", "\tat ");
    assertThat(cli.err().strip().lines()).hasSize(1);
  }

  @Test
  void anUnknownFormatExitsTwoNamingTheFile() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello world\nthis is not a log\n");
    Cli cli = Cli.run("analyze", file.toString());
    assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("notes.txt", "--input-format");
  }

  @Test
  void badOptionsExitTwo() throws IOException {
    Path capture = capture();
    assertThat(Cli.run("analyze", "--fail-on", "sometimes", capture.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("analyze", "--rules", "no-such-rule", capture.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("analyze", "--format", "pdf", capture.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("analyze", "--input-format", "oracle", capture.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("analyze").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void ruleOptionsChangeTheThresholds() throws IOException {
    Cli cli = Cli.run("analyze", "--format", "json", "--fail-on", "never", "--set", "n-plus-one.minRepeats=13",
        capture().toString());
    assertThat(cli.out()).doesNotContain("\"rule\": \"n-plus-one\"");
  }

  @Test
  void rulesListsEveryRule() {
    Cli cli = Cli.run("rules");
    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("n-plus-one  (error)", "unbatched-writes", "duplicate-query", "count-subquery",
        "slow-query", "connection-churn");
  }

  @Test
  void wrapPrintsTheCaptureUrl() {
    Cli cli = Cli.run("wrap", "jdbc:postgresql://localhost:5432/shop");
    assertThat(cli.out()).startsWith("jdbc:dbprof:postgresql://localhost:5432/shop");
    assertThat(Cli.run("wrap", "postgres://x").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void wrapPrintsTheDriverClassLineWithTheSpringBootProperties() {
    Cli cli = Cli.run("wrap", "jdbc:mariadb://localhost/shop");
    assertThat(cli.out()).contains("  spring.datasource.url=jdbc:dbprof:mariadb://localhost/shop" + System.lineSeparator()
        + "  spring.datasource.driver-class-name=dev.dbprof.capture.DbprofDriver" + System.lineSeparator());
  }

  @Test
  void rotatedLogsAreReadInTimeOrderWhateverOrderTheyAreGiven() throws IOException {
    // One N+1 loop split over two rotated files: the source query in the older file.
    Path older = dir.resolve("postgresql.log.1");
    Path newer = dir.resolve("postgresql.log");
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    first.add(pgLine(0, "select id, name from owners"));
    for (int i = 1; i <= 6; i++) {
      (i <= 2 ? first : second).add(pgLine(i, "select id, name from pets where owner_id = " + i));
    }
    Files.write(older, first, StandardCharsets.UTF_8);
    Files.write(newer, second, StandardCharsets.UTF_8);
    Cli givenNewestFirst = Cli.run("analyze", "--format", "json", "--fail-on", "never", newer.toString(), older.toString());
    assertThat(givenNewestFirst.out()).contains("\"rule\": \"n-plus-one\"");
    assertThat(givenNewestFirst.out().indexOf("postgresql.log.1")).isLessThan(givenNewestFirst.out().indexOf("postgresql.log\""));
  }

  private static String pgLine(int tenth, String sql) {
    return String.format("2026-11-24 04:19:10.%d00 UTC [4242] app@shop LOG:  duration: 0.500 ms  statement: %s",
        tenth, sql);
  }

  @Test
  void everyFormatRendersAndExtraReportsGoToFiles() throws IOException {
    Path capture = capture();
    for (String format : List.of("text", "json", "sarif", "junit", "github", "markdown", "html")) {
      Cli cli = Cli.run("analyze", "--format", format, "--fail-on", "never", capture.toString());
      assertThat(cli.exitCode()).as(format).isZero();
      assertThat(cli.out()).as(format).contains("n-plus-one");
    }
    Path sarif = dir.resolve("dbprof.sarif");
    Path junit = dir.resolve("dbprof.xml");
    Cli cli = Cli.run("analyze", "--fail-on", "never", "--report", "sarif=" + sarif, "--report", "junit=" + junit,
        capture.toString());
    assertThat(cli.out()).contains("Ranked fixes");
    assertThat(Files.readString(sarif)).contains("\"version\": \"2.1.0\"");
    assertThat(Files.readString(junit)).contains("<testsuites");
  }

  @Test
  void aBaselineFailsOnlyOnNewFindings() throws IOException {
    Path capture = capture();
    Path baseline = dir.resolve("baseline.json");
    Cli write = Cli.run("analyze", "--write-baseline", baseline.toString(), capture.toString());
    assertThat(write.exitCode()).isZero();
    assertThat(Files.readString(baseline)).contains("n-plus-one:");
    assertThat(Cli.run("analyze", "--baseline", baseline.toString(), capture.toString()).exitCode()).isZero();
    Cli stricter = Cli.run("analyze", "--baseline", baseline.toString(), "--set", "duplicate-query.minRepeats=2",
        "--fail-on", "warning", "--set", "unbatched-writes.minRepeats=3", capture.toString());
    assertThat(stricter.exitCode()).as("the known findings are in the baseline").isZero();
  }

  @Test
  void aPolicyFileChangesSeveritiesAndSuppressesWithAReason() throws IOException {
    Path capture = capture();
    Path config = dir.resolve("dbprof.yml");
    Files.writeString(config, String.join("\n",
        "failOn: warning",
        "suppressions:",
        "  - rule: unbatched-writes",
        "    reason: audit rows are written by a legacy job we cannot change",
        "rules:",
        "  n-plus-one:",
        "    severity: info",
        ""));
    Cli cli = Cli.run("analyze", "--config", config.toString(), "--format", "json", capture.toString());
    assertThat(cli.exitCode()).as("n-plus-one is only info now, below failOn: warning").isZero();
    JsonNode findings = new ObjectMapper().readTree(cli.out()).get("findings");
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).get("rule").asText()).isEqualTo("n-plus-one");
    assertThat(findings.get(0).get("severity").asText()).isEqualTo("info");
    Files.writeString(config, "suppressions:\n  - rule: unbatched-writes\n");
    Cli bad = Cli.run("analyze", "--config", config.toString(), capture.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("reason");
  }
}
