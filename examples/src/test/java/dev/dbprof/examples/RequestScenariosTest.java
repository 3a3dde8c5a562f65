package dev.dbprof.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.examples.RequestRecordings.Recording;
import dev.dbprof.examples.RequestRecordings.Source;
import dev.dbprof.model.Evidence;
import dev.dbprof.model.Finding;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request shop's scenarios, each run once per database with and once without unit markers,
 * every run recorded at once by the capture (physical connections and pool checkouts), p6spy and
 * the server's statement log; here what dbprof already reports right in every one of those files.
 * {@link RequestScenariosExpectedTest} holds what it must report once units of work follow the
 * application's requests.
 */
class RequestScenariosTest {

  /** A bind parameter as the application sends it ({@code ?}) or as the server records it ({@code $1}). */
  static final String P = "(\\?|\\$\\d+)";
  static final Pattern CUSTOMER_BY_ID = Pattern.compile("from customers \\w+ where \\w+\\.id ?= ?" + P + "$");
  static final Pattern INSERT_ITEM = Pattern.compile("^insert into order_items\\b");
  // Hibernate's batch fetch: an array parameter on PostgreSQL, 16 padded placeholders on MariaDB
  private static final Pattern CUSTOMERS_BATCH_FETCH_PG = Pattern.compile("from customers \\w+ where \\w+\\.id ?= ?any ?\\(");
  private static final Pattern CUSTOMERS_BATCH_FETCH_MARIADB = Pattern.compile("from customers \\w+ where \\w+\\.id in ?\\(");

  private static final Pattern JOINED_CUSTOMERS = Pattern.compile("from orders \\w+ join customers \\w+ on ");

  /** Every file of every run: database × with/without markers × each input that recorded it. */
  static Stream<Arguments> inputs() {
    return Stream.of(RequestDatabase.values()).flatMap(database -> Stream.of(false, true)
        .flatMap(markers -> Source.of(database).stream().map(source -> Arguments.of(database, markers, source))));
  }

  static RequestReports report(RequestScenario scenario, RequestDatabase database, boolean markers, Source source) {
    Recording recording = RequestRecordings.of(scenario, database, markers);
    return RequestReports.of(recording, source);
  }

  @ParameterizedTest(name = "{0}, markers {1}, {2}")
  @MethodSource("inputs")
  void findByIdLoopInOneTransactionIsOneNPlusOne(RequestDatabase database, boolean markers, Source source) {
    RequestReports report = report(RequestScenario.FIND_BY_ID_ONE_TRANSACTION, database, markers, source);
    List<Finding> loops = report.findings("n-plus-one", CUSTOMER_BY_ID);
    assertThat(loops).as(report.describe()).hasSize(1);
    assertThat(loops.get(0).occurrences()).as(report.describe()).isEqualTo(RequestScenario.LOOP);
    assertThat(loopFindings(report)).as(report.describe()).containsExactly(loops.get(0));
  }

  @ParameterizedTest(name = "{0}, markers {1}, {2}")
  @MethodSource("inputs")
  void batchFetchInOneTransactionIsClean(RequestDatabase database, boolean markers, Source source) {
    RequestReports report = report(RequestScenario.BATCH_FETCH_ONE_TRANSACTION, database, markers, source);
    assertThat(loopFindings(report)).as(report.describe()).isEmpty();
    // the scenario really batch-fetches: 30 customers, 16 at a time
    Pattern batchFetch = database == RequestDatabase.POSTGRESQL ? CUSTOMERS_BATCH_FETCH_PG : CUSTOMERS_BATCH_FETCH_MARIADB;
    assertThat(report.report().queries().stream().filter(q -> batchFetch.matcher(q.fingerprint()).find())
        .mapToLong(q -> q.count()).sum()).as(report.describe()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}, markers {1}, {2}")
  @MethodSource("inputs")
  void joinFetchInOneTransactionIsClean(RequestDatabase database, boolean markers, Source source) {
    RequestReports report = report(RequestScenario.JOIN_FETCH_ONE_TRANSACTION, database, markers, source);
    assertThat(loopFindings(report)).as(report.describe()).isEmpty();
    // the scenario really joins: one query reads orders and customers, no customer is read alone
    assertThat(report.report().queries().stream().filter(q -> JOINED_CUSTOMERS.matcher(q.fingerprint()).find())
        .mapToLong(q -> q.count()).sum()).as(report.describe()).isEqualTo(1);
    assertThat(report.report().queries().stream().filter(q -> CUSTOMER_BY_ID.matcher(q.fingerprint()).find()))
        .as(report.describe()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, markers {1}, {2}")
  @MethodSource("inputs")
  void saveLoopInOneTransactionWithIdentityIdsIsUnbatched(RequestDatabase database, boolean markers, Source source) {
    RequestReports report = report(RequestScenario.SAVE_ONE_TRANSACTION_IDENTITY, database, markers, source);
    List<Finding> writes = report.findings("unbatched-writes", INSERT_ITEM);
    assertThat(writes).as(report.describe()).hasSize(1);
    assertThat(writes.get(0).occurrences()).as(report.describe()).isEqualTo(RequestScenario.LOOP);
    assertThat(loopFindings(report)).as(report.describe()).containsExactly(writes.get(0));
  }

  @ParameterizedTest(name = "{0}, markers {1}, {2}")
  @MethodSource("inputs")
  void batchedSaveInOneTransactionIsClean(RequestDatabase database, boolean markers, Source source) {
    RequestReports report = report(RequestScenario.SAVE_BATCHED_ONE_TRANSACTION, database, markers, source);
    assertThat(loopFindings(report)).as(report.describe()).isEmpty();
    // the items did reach the database: one multi-row INSERT on the server, one batch of 30 in the captures
    assertThat(report.report().queries().stream().filter(q -> INSERT_ITEM.matcher(q.fingerprint()).find()))
        .as(report.describe()).isNotEmpty();
  }

  /**
   * Through {@code DbprofDataSource.wrap(pool)} a checkout is no boundary (the thread's requests are
   * cut by markers or rhythm): marked requests are clean; unmarked ones may merge, and then only as
   * suspect findings.
   */
  @ParameterizedTest(name = "{0}, markers {1}")
  @MethodSource("databasesAndMarkers")
  void backToBackRequestsThroughTheWrappedPoolAreCleanOrSuspect(RequestDatabase database, boolean markers) {
    RequestReports report = report(RequestScenario.BACK_TO_BACK_REQUESTS_ONE_CONNECTION, database, markers,
        Source.CAPTURE_DATASOURCE);
    assertCleanOrOnlySuspect(report, markers);
  }

  static Stream<Arguments> databasesAndMarkers() {
    return Stream.of(RequestDatabase.values()).flatMap(database -> Stream.of(false, true)
        .map(markers -> Arguments.of(database, markers)));
  }

  static List<Finding> loopFindings(RequestReports report) {
    return report.report().findings().stream().filter(f -> RequestReports.LOOP_RULES.contains(f.rule())).toList();
  }

  /**
   * Clean requests: no loop finding where each request is a marked unit; otherwise the engine may
   * merge requests it cannot tell apart by time, and must then grade what it reports suspect.
   */
  static void assertCleanOrOnlySuspect(RequestReports report, boolean marked) {
    if (marked) {
      assertThat(loopFindings(report)).as(report.describe()).isEmpty();
    } else {
      assertThat(loopFindings(report)).as(report.describe())
          .allSatisfy(f -> assertThat(f.evidence()).isEqualTo(Evidence.SUSPECT));
    }
  }
}
