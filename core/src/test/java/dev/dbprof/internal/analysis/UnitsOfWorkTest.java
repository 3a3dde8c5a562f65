package dev.dbprof.internal.analysis;

import dev.dbprof.options.AnalysisOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.Analysis;
import dev.dbprof.model.Event;
import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Summary;
import dev.dbprof.model.UnitSample;
import dev.dbprof.rules.Fixture;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The units-of-work engine through the whole analyzer: a unit is one piece of application work,
 * told apart by the strongest signal the input has; transactions are structure inside it.
 */
class UnitsOfWorkTest {

  private static Report analyze(String workload) {
    return analyze(workload, Map.of());
  }

  private static Report analyze(String workload, Map<String, String> ruleOptions) {
    List<Event> events = Fixture.workload(workload);
    return Analysis.of(AnalysisOptions.defaults("test").withRuleOptions(ruleOptions))
        .events("workload", null, events).report();
  }

  private static List<String> findings(Report report) {
    return report.findings().stream().map(f -> f.rule() + " ×" + f.occurrences() + " in " + f.unitsOfWork()).toList();
  }

  @Test
  void aLoopWhoseEveryIterationIsItsOwnTransactionIsOneUnitAndItsCommitsAreCounted() {
    // a service without @Transactional: every findById is its own read-only transaction
    Report report = analyze("""
        @thread http-1
        select id, name from customers | ms=1
        @commit ms=1
        @repeat 20
        select id, total from orders where customer_id = ? | params={i} ms=0.5
        @commit ms=2
        @end
        """);
    assertThat(report.summary().unitsOfWork()).isEqualTo(1);
    assertThat(findings(report)).contains("n-plus-one ×20 in 1");
    Summary.Time time = report.summary().time();
    assertThat(time.statementsMs()).isCloseTo(11.0, Offset.offset(1e-9));
    assertThat(time.transactionEndsMs()).isCloseTo(41.0, Offset.offset(1e-9));
    assertThat(report.summary().totalTimeMs()).isCloseTo(52.0, Offset.offset(1e-9));
    // the commits are a query row of their own, with their time
    assertThat(report.queries()).anySatisfy(row -> {
      assertThat(row.fingerprint()).isEqualTo("commit");
      assertThat(row.count()).isEqualTo(21);
      assertThat(row.totalMs()).isCloseTo(41.0, Offset.offset(1e-9));
    });
    UnitSample unit = report.units().get(0);
    assertThat(unit.roundTrips()).isEqualTo(42);
    assertThat(unit.totalMs()).isCloseTo(52.0, Offset.offset(1e-9));
  }

  @Test
  void aRequestThatChecksOutThreePooledConnectionsIsOneUnitAndNoConnectionChurn() {
    Report report = analyze("""
        @thread http-1
        @session 1
        @checkout
        select id, name from customers
        @repeat 4
        select id, total from orders where customer_id = ? | params=a{i}
        @end
        @checkin
        @session 2
        @checkout
        @repeat 4
        select id, total from orders where customer_id = ? | params=b{i}
        @end
        @checkin
        @session 3
        @checkout
        @repeat 4
        select id, total from orders where customer_id = ? | params=c{i}
        @end
        @checkin
        """);
    assertThat(report.summary().unitsOfWork()).isEqualTo(1);
    assertThat(findings(report)).containsExactly("n-plus-one ×12 in 1");
    assertThat(report.units().get(0).boundary()).isEqualTo("thread");
  }

  @Test
  void requestsBackToBackOnOnePooledConnectionAreSeparateUnitsByTheSessionsRhythm() {
    // a server log (no thread): three clean requests 100 and 80 ms apart on one persistent connection
    Report report = analyze("""
        @thread -
        select id, name from customers where id = ? | params=1 ms=0.3
        select id, title from products where id = ? | params=5 ms=0.3
        select id, title from products where category = ? | params=2 ms=0.3
        @gap 100
        select id, name from customers where id = ? | params=1 ms=0.3
        select id, title from products where id = ? | params=5 ms=0.3
        @gap 80
        select id, name from customers where id = ? | params=1 ms=0.3
        select id, title from products where id = ? | params=5 ms=0.3
        """);
    assertThat(report.summary().unitsOfWork()).isEqualTo(3);
    assertThat(findings(report)).isEmpty();
  }

  @Test
  void aPauseInsideATightLoopDoesNotSplitIt() {
    // 30 ms (a GC pause, a slow row) inside a loop whose iterations are 10 µs apart
    Report report = analyze("""
        @thread -
        select id, name from customers
        @repeat 10
        select id, total from orders where customer_id = ? | params=a{i} ms=0.2
        @end
        @gap 30
        @repeat 10
        select id, total from orders where customer_id = ? | params=b{i} ms=0.2
        @end
        """);
    assertThat(report.summary().unitsOfWork()).isEqualTo(1);
    assertThat(findings(report)).containsExactly("n-plus-one ×20 in 1");
  }

  @Test
  void aSlowRhythmRaisesTheGapThatEndsAUnit() {
    // a stream whose statements inside units come 5 ms apart: 60 ms is no boundary there (20 × 5 ms = 100 ms)
    Report report = analyze("""
        @thread -
        @repeat 17
        select id from customers where id = ? | params={i} ms=0.1
        @gap 5
        @end
        @gap 55
        select id from products | ms=0.1
        @gap 150
        select id from products | ms=0.1
        """);
    assertThat(report.summary().unitsOfWork()).isEqualTo(2);
  }

  @Test
  void aTraceIsOneUnitAcrossConnectionsAndTheNextTraceOnAConnectionEndsIt() {
    Report report = analyze("""
        @thread -
        @trace 4bf92f3577b34da6a3ce929d0e0e4736
        @session 1
        select id, name from customers
        @repeat 3
        select id, total from orders where customer_id = ? | params=a{i}
        @end
        @session 2
        @repeat 3
        select id, total from orders where customer_id = ? | params=b{i}
        @end
        @untagged
        @commit
        @trace 00f067aa0ba902b7a3ce929d0e0e4736
        @session 1
        select id, name from customers
        @repeat 3
        select id, total from orders where customer_id = ? | params=c{i}
        @end
        """);
    assertThat(report.summary().unitsOfWork()).isEqualTo(2);
    assertThat(findings(report)).containsExactly("n-plus-one ×6 in 1");
    assertThat(report.units()).extracting(UnitSample::boundary).containsOnly("trace");
    assertThat(report.units()).extracting(UnitSample::roundTrips).containsExactlyInAnyOrder(8L, 4L);
  }

  @Test
  void aChangeOfTagCommentIsABoundary() {
    Report report = analyze("""
        @thread -
        @tag controller:orders,action:index
        select id, name from customers where id = ? | params=1
        @tag controller:products,action:index
        select id, name from customers where id = ? | params=1
        """);
    assertThat(report.summary().unitsOfWork()).isEqualTo(2);
    assertThat(findings(report)).isEmpty();
    assertThat(report.units()).extracting(UnitSample::name)
        .containsExactlyInAnyOrder("controller:orders,action:index", "controller:products,action:index");
    assertThat(report.units()).extracting(UnitSample::end).containsExactlyInAnyOrder("tag-change", "end-of-input");
    assertThat(report.units()).extracting(UnitSample::boundary).containsOnly("tag");
  }

  @Test
  void aMarkedUnitEndsAtItsEndMarkerNotAtAPauseAndCarriesItsName() {
    Report report = analyze("""
        @thread worker-1
        @unit job-17 nightly invoice run
        select id, name from customers
        @repeat 3
        select id, total from orders where customer_id = ? | params=a{i}
        @end
        @gap 5000
        @repeat 3
        select id, total from orders where customer_id = ? | params=b{i}
        @end
        @endunit job-17
        @gap 10
        select id, name from customers
        """);
    assertThat(report.summary().unitsOfWork()).isEqualTo(2);
    assertThat(findings(report)).containsExactly("n-plus-one ×6 in 1");
    UnitSample job = report.units().get(0);
    assertThat(job.name()).isEqualTo("nightly invoice run");
    assertThat(job.boundary()).isEqualTo("marker");
    assertThat(job.end()).isEqualTo("unit-end");
  }

  @Test
  void aDisconnectEndsASessionsUnitButNotAThreadsUnit() {
    String workload = """
        @thread %s
        @session 1
        select id, name from customers
        @repeat 3
        select id, total from orders where customer_id = ? | params=a{i}
        @end
        @disconnect
        @session 2
        @repeat 3
        select id, total from orders where customer_id = ? | params=b{i}
        @end
        """;
    assertThat(analyze(workload.formatted("http-1")).summary().unitsOfWork()).isEqualTo(1);
    assertThat(analyze(workload.formatted("-")).summary().unitsOfWork()).isEqualTo(2);
  }

  @Test
  void schemaAndLiteralSeedWorkBeforeTheApplicationIsReportedApartAndNotRanked() {
    // a log: the ORM creates its schema and a script seeds rows one literal INSERT at a time, then the app runs
    Report report = analyze("""
        @thread -
        create table customers (id int primary key, name text) | ms=2
        create table orders (id int primary key, customer_id int, total int) | ms=2
        create index orders_customer on orders (customer_id) | ms=2
        @gap 200
        @repeat 30
        insert into customers (id, name) values ({i}, 'customer {i}') | ms=0.5
        @end
        @commit ms=3
        @gap 300
        select id, name from customers | ms=1
        @repeat 6
        select id, total from orders where customer_id = ? | params={i} ms=1
        @end
        """);
    Summary.Startup startup = report.summary().startup();
    assertThat(startup.units()).isEqualTo(2);
    assertThat(startup.statements()).isEqualTo(34);
    assertThat(startup.totalTimeMs()).isCloseTo(24.0, Offset.offset(1e-9));
    assertThat(report.findings()).extracting(Finding::rule).containsExactly("n-plus-one");
    assertThat(report.summary().unitsOfWork()).isEqualTo(3);
    assertThat(report.units()).extracting(UnitSample::roundTrips).containsExactly(7L);
  }

  @Test
  void literalInsertsWithNoSchemaWorkBeforeThemAreTheApplicationsOwn() {
    Report report = analyze("""
        @thread -
        @repeat 30
        insert into audit (id, event) values ({i}, 'login') | ms=0.5
        @end
        """);
    assertThat(report.summary().startup().any()).isFalse();
    assertThat(report.findings()).extracting(Finding::rule).containsExactly("unbatched-writes");
  }

  @Test
  void startUpWorkTaggedByTheCaptureIsReportedApartAndTheThreadsNextWorkIsNot() {
    Report report = analyze("""
        @thread main
        @startup
        @repeat 30
        insert into owners (id, name) values (?, ?) | params={i},x
        @end
        @untagged
        select id, name from customers
        @repeat 6
        select id, total from orders where customer_id = ? | params={i}
        @end
        """);
    assertThat(report.summary().startup().units()).isEqualTo(1);
    assertThat(report.summary().startup().statements()).isEqualTo(30);
    assertThat(report.findings()).extracting(Finding::rule).containsExactly("n-plus-one");
  }

  @Test
  void connectTimeCountsInTheDatabaseTime() {
    Report report = analyze("""
        @thread -
        @connect ms=4
        select id, name from customers | ms=1
        @disconnect
        """);
    assertThat(report.summary().time().connectMs()).isCloseTo(4.0, Offset.offset(1e-9));
    assertThat(report.summary().time().transactionEndsMs()).isNull();
    assertThat(report.summary().time().parseBindMs()).isNull();
    assertThat(report.summary().totalTimeMs()).isCloseTo(5.0, Offset.offset(1e-9));
  }
}
