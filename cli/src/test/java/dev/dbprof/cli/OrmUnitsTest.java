package dev.dbprof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbprof.cli.OrmLogsTest.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 on the real ORM logs: work shaped like an application's requests (per-row transactions,
 * a loop without a source query, clean requests back to back on one pooled connection, requests
 * tagged by sqlcommenter or Rails tags), every finding or absence asserted in every log format of
 * every run. The scenarios and what each must give are in
 * {@code core/src/test/resources/orm/expectations.tsv}; helpers are {@link OrmLogsTest}'s.
 */
class OrmUnitsTest {

  /** One analysis per log for all the tests of this class: the CLI over a log takes a while. */
  private static final Map<Log, JsonNode> REPORTS = new ConcurrentHashMap<>();
  private static final Map<Log, String[]> SCENARIOS = new ConcurrentHashMap<>();

  static Stream<Log> logs() throws IOException {
    return OrmLogsTest.logs();
  }

  private static JsonNode report(Log log) {
    return REPORTS.computeIfAbsent(log, l -> {
      try {
        return OrmLogsTest.analyze(l);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static String[] scenarioOfLine(Log log) {
    return SCENARIOS.computeIfAbsent(log, l -> {
      try {
        return OrmLogsTest.scenarioOfLine(l.file());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The findings located in {@code scenario}, of any rule but the profile. */
  private static List<JsonNode> findingsIn(Log log, String scenario) {
    String[] scenarioOf = scenarioOfLine(log);
    List<JsonNode> found = new ArrayList<>();
    report(log).get("findings").forEach(f -> {
      if (f.has("location") && !f.get("rule").asText().equals("slow-query")) {
        int line = f.get("location").get("line").asInt();
        if (scenarioOf[Math.min(line, scenarioOf.length - 1)].equals(scenario)) {
          found.add(f);
        }
      }
    });
    return found;
  }

  private static List<JsonNode> findingsIn(Log log, String scenario, String rule, String table) {
    return findingsIn(log, scenario).stream()
        .filter(f -> f.get("rule").asText().equals(rule))
        .filter(f -> table == null || f.get("tables").toString().contains("\"" + table + "\""))
        .toList();
  }

  private static String text(JsonNode finding) {
    return (finding.path("title").asText() + " " + finding.path("fix").asText() + " "
        + finding.path("detail").asText()).toLowerCase(Locale.ROOT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void aLoopOfReadsEachInItsOwnTransactionIsAnNPlusOneThatNamesTheTransactions(Log log) {
    List<JsonNode> found = findingsIn(log, "per_row_transaction_reads", "n-plus-one", "orders");
    assertThat(found).as("n-plus-one on orders in per_row_transaction_reads").hasSize(1);
    // the loop's own count (occurrences also counts the same loop found in other units of the log)
    assertThat(found.get(0).get("detail").asText()).containsAnyOf("20 × ", "repeated 20 times");
    assertThat(text(found.get(0))).as("the finding names one transaction per iteration").contains("transaction per");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void aLoopOfWritesEachInItsOwnTransactionIsUnbatchedWritesThatNamesTheTransactions(Log log) {
    List<JsonNode> found = findingsIn(log, "per_row_transaction_writes", "unbatched-writes", "orders");
    assertThat(found).as("unbatched-writes on orders in per_row_transaction_writes").hasSize(1);
    // an ORM's single-row INSERT looks like anyone's: the fix speaks the ORM its unit's reads show
    assertThat(found.get(0).get("fix").asText()).as("the fix speaks the ORM").doesNotContain("addBatch()");
    assertThat(found.get(0).get("occurrences").asInt()).isEqualTo(24);
    assertThat(text(found.get(0))).as("the finding names one transaction per iteration").contains("transaction per");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void theSameWorkInOneTransactionAndBatchedGivesNoFinding(Log log) {
    assertThat(findingsIn(log, "per_row_transaction_fixed")).as("findings in per_row_transaction_fixed").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void aLoopOverIdsKnownInCodeIsAnNPlusOneWithoutASourceQuery(Log log) {
    List<JsonNode> found = findingsIn(log, "loop_without_source", "n-plus-one", "order_items");
    assertThat(found).as("n-plus-one on order_items in loop_without_source").hasSize(1);
    assertThat(found.get(0).get("occurrences").asInt()).isEqualTo(12);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void cleanRequestsBackToBackOnOnePooledConnectionGiveNoFinding(Log log) {
    // Requests 30–40 ms apart (pooled_requests) and MariaDB's whole-second clock overlap the pauses
    // inside real loops, so without markers or tags the engine may merge them; what it reports of
    // such a merge must then say it is unsure: suspect, lowered one severity step.
    for (String scenario : List.of("pooled_requests", "back_to_back_requests")) {
      assertAtMostSuspect(log, scenario);
    }
  }

  /** A clean scenario: no finding, or only what the engine itself says may be requests merged. */
  private static void assertAtMostSuspect(Log log, String scenario) {
    assertThat(findingsIn(log, scenario)).as("findings in " + scenario).allSatisfy(f -> {
      assertThat(f.get("evidence").asText()).as(f.get("detail").asText()).isEqualTo("suspect");
      assertThat(f.get("severity").asText()).isNotEqualTo("error");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void taggedRequestsGiveOneNPlusOneInTheirOwnRequestWithTheTagsAsCallSite(Log log) {
    List<JsonNode> found = findingsIn(log, "tagged_requests");
    assertThat(found).as("findings in tagged_requests").hasSize(1);
    JsonNode finding = found.get(0);
    assertThat(finding.get("rule").asText()).isEqualTo("n-plus-one");
    assertThat(finding.get("tables").toString()).contains("\"orders\"");
    assertThat(finding.get("occurrences").asInt()).as("only the index request's loop").isEqualTo(10);
    assertThat(finding.get("unitsOfWork").asInt()).isEqualTo(1);
    JsonNode site = finding.get("callSite");
    assertThat(site).as("the call site the tags give").isNotNull();
    String orm = log.scenarios().get(0).orm();
    switch (orm) {
      case "rails" -> {
        assertThat(site.get("class").asText()).isEqualTo("dashboard");
        assertThat(site.get("method").asText()).isEqualTo("index");
      }
      case "django" -> {
        assertThat(site.get("class").asText()).isEqualTo("customer_list");
        assertThat(site.get("method").asText()).isEqualTo("customers/");
      }
      case "sqlalchemy" -> {
        assertThat(site.get("class").asText()).isEqualTo("customer_list");
        assertThat(site.get("method").asText()).isEqualTo("/customers");
      }
      default -> assertThat(site.get("class").asText()).isEqualTo("/customers"); // sequelize, typeorm: route only
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void aNewConnectionPerRequestIsChurnAndThePooledTwinIsNot(Log log) {
    // a connection-churn finding has no location: only connection_per_request opens connections after start-up
    List<JsonNode> churn = new ArrayList<>();
    report(log).get("findings").forEach(f -> {
      if (f.get("rule").asText().equals("connection-churn")) {
        churn.add(f);
      }
    });
    if (log.file().getFileName().toString().equals("slow.log")) {
      // MariaDB's slow log has no connect or quit lines: it cannot show churn (the general log of the run does)
      assertThat(churn).as("connection-churn findings in a log without connections").isEmpty();
    } else {
      assertThat(churn).as("connection-churn findings").hasSize(1);
      assertThat(churn.get(0).get("occurrences").asInt()).as("connections counted").isGreaterThanOrEqualTo(12);
    }
    assertAtMostSuspect(log, "connection_per_request_fixed");
  }
}
