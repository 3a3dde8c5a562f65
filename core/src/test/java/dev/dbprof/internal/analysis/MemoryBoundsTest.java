package dev.dbprof.internal.analysis;

import dev.dbprof.options.AnalysisOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.Execution;
import dev.dbprof.model.Finding;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.QueryRow;
import dev.dbprof.model.Report;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementKind;
import dev.dbprof.model.Summary;
import dev.dbprof.model.UnitOfWork;
import dev.dbprof.model.UnitTag;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Memory is bounded by configuration, not by input: quiet sessions are forgotten, shapes are capped. */
class MemoryBoundsTest {

  private static final long GAP = 1_000_000;
  private static final long T0 = 1_700_000_000_000_000L;

  private static Execution execution(long startMicros) {
    Shape shape = new Shape("select ?", "0x1", StatementKind.SELECT, "select 1", true);
    return new Execution(shape, startMicros, 1_000_000, "", 0, 0, 0, false, null, 1, 0);
  }

  /** An event of a server session (no thread, no unit tag): only its session matters here. */
  private static Event session(String id) {
    return Event.statement(id, T0, 0, "select 1", 1);
  }

  @Test
  void aSessionQuietForLongerThanTheIdleGapIsClosedAsByAnIdleGapAndForgotten() {
    List<UnitOfWork> closed = new ArrayList<>();
    UnitsOfWork units = new UnitsOfWork(GAP, 10_000, closed::add);
    units.execution(0, "0", session("quiet"), execution(T0));
    units.execution(0, "0", session("quiet"), execution(T0 + 10));
    // connection per request: every session runs one statement and never says it disconnected
    long forgetAfter = GAP + UnitsOfWork.FORGET_SLACK_MICROS;
    for (int i = 0; i < 1_000; i++) {
      units.execution(0, "0", session("request-" + i), execution(T0 + forgetAfter + 1_000L * (i + 1)));
    }

    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).session()).isEqualTo("quiet");
    assertThat(closed.get(0).end()).isEqualTo(UnitOfWork.End.IDLE_GAP);
    assertThat(closed.get(0).executions()).hasSize(2);
    assertThat(units.openSessions()).isEqualTo(1_000);

    // much later, every request is long quiet: only the newest session is still remembered
    units.execution(0, "0", session("late"), execution(T0 + 10 * forgetAfter));
    assertThat(closed).hasSize(1_001);
    assertThat(closed.subList(1, 1_001)).allMatch(u -> u.end() == UnitOfWork.End.IDLE_GAP && u.executions().size() == 1);
    assertThat(units.openSessions()).isEqualTo(1);
    units.finish();
    assertThat(closed).hasSize(1_002);
    assertThat(closed.get(1_001).end()).isEqualTo(UnitOfWork.End.END_OF_INPUT);
    assertThat(units.count()).isEqualTo(1_002);
  }

  @Test
  void aSessionWithinTheSlackIsNotForgottenSoItsUnitIsCutExactlyByTheGap() {
    List<UnitOfWork> closed = new ArrayList<>();
    UnitsOfWork units = new UnitsOfWork(GAP, 10_000, closed::add);
    units.execution(0, "0", session("a"), execution(T0));
    units.execution(0, "0", session("b"), execution(T0 + GAP / 2));
    units.execution(0, "0", session("a"), execution(T0 + 20_000)); // a short pause: same unit
    units.execution(0, "0", session("b"), execution(T0 + 3 * GAP)); // a is quiet past the gap, not past the slack
    assertThat(closed).extracting(UnitOfWork::session).containsExactly("b");
    assertThat(units.openSessions()).isEqualTo(2);
    units.finish();
    assertThat(closed).extracting(u -> u.session() + ":" + u.executions().size())
        .containsExactly("b:1", "a:2", "b:1");
  }

  @Test
  void sessionsOfAnotherScopeKeepTheirOwnClock() {
    List<UnitOfWork> closed = new ArrayList<>();
    UnitsOfWork units = new UnitsOfWork(GAP, 10_000, closed::add);
    units.execution(0, "0", session("a"), execution(T0 + 100 * GAP));
    // a second file whose log starts earlier: its statements are not "quiet" by the first file's clock
    units.execution(1, "1", session("a"), execution(T0));
    units.execution(1, "1", session("a"), execution(T0 + 10));
    assertThat(closed).isEmpty();
  }

  private static Event traced(String session, String thread, String trace) {
    return new Event(EventKind.STATEMENT, T0, 0, session, thread, "select 1", null, 0, Event.UNKNOWN, null, null,
        new UnitTag(trace, null, UnitTag.Source.TRACE), 1);
  }

  @Test
  void aHundredThousandTracesOnPooledConnectionsKeepOnlyTheCurrentOnes() {
    List<UnitOfWork> closed = new ArrayList<>();
    UnitsOfWork units = new UnitsOfWork(GAP, 10_000, closed::add);
    // a server log: 8 pooled connections, each request its own trace id, two statements each
    for (int i = 0; i < 100_000; i++) {
      String session = "pg-" + (i % 8);
      String trace = String.format(java.util.Locale.ROOT, "%032x", i);
      units.execution(0, "0", traced(session, null, trace), execution(T0 + 100L * i));
      units.execution(0, "0", traced(session, null, trace), execution(T0 + 100L * i + 10));
      assertThat(units.openSessions()).isLessThanOrEqualTo(8);
      assertThat(units.followedStreams()).isLessThanOrEqualTo(8);
    }
    assertThat(closed).hasSize(100_000 - 8).allMatch(u -> u.boundary() == UnitOfWork.Boundary.TRACE
        && u.end() == UnitOfWork.End.UNIT_END && u.executions().size() == 2);
    units.finish();
    assertThat(closed).hasSize(100_000);
  }

  @Test
  void tracesAndThreadsThatNeverSayTheyEndedAreForgottenLikeQuietSessions() {
    List<UnitOfWork> closed = new ArrayList<>();
    UnitsOfWork units = new UnitsOfWork(GAP, 10_000, closed::add);
    long forgetAfter = GAP + UnitsOfWork.FORGET_SLACK_MICROS;
    // a capture: every request on a new thread with its own trace id and its own connection, 10 ms apart
    int open = 0;
    for (int i = 0; i < 100_000; i++) {
      String trace = String.format(java.util.Locale.ROOT, "%032x", i);
      units.execution(0, "0", traced("c" + i, "http-" + i, trace), execution(T0 + 10_000L * i));
      open = Math.max(open, units.openSessions() + units.followedStreams());
    }
    // what is remembered is what one forgetting window holds (the units of the last 61 s), not all 100,000
    long window = forgetAfter / 10_000 + 2;
    assertThat(open).isLessThanOrEqualTo((int) (2 * window));
    assertThat(closed).allMatch(u -> u.end() == UnitOfWork.End.IDLE_GAP);
    units.finish();
    assertThat(closed).hasSize(100_000);
    assertThat(units.openSessions()).isZero();
  }

  private long clock = T0;

  private Event statement(String session, String sql, long elapsedNanos) {
    Event e = Event.statement(session, clock, elapsedNanos, sql, 1);
    clock += 1_000;
    return e;
  }

  @Test
  void pastTheCapTheLeastUsefulShapesFoldIntoOtherAndTheTotalsStillAddUp() {
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("test").withMaxFingerprints(10));
    int input = analyzer.addInput();
    // an N+1 loop of cheap statements first, in a unit that ends at once: a finding on two shapes
    analyzer.accept(input, statement("loop", "select id from customers", 1_000_000));
    for (int i = 0; i < 6; i++) {
      analyzer.accept(input, statement("loop", "select id from orders where customer_id = " + i, 1_000_000));
    }
    analyzer.accept(input, Event.marker(EventKind.COMMIT, "loop", clock, 1));
    // then 100 distinct shapes, each once, the later ones costlier
    for (int i = 0; i < 100; i++) {
      analyzer.accept(input, statement("other", "select c" + i + " from t", 10_000L * (i + 1)));
    }
    Report report = analyzer.finish(List.of(new InputSummary("x.log", null, 0, 0, 0, List.of())));

    Summary summary = report.summary();
    assertThat(summary.folded().any()).isTrue();
    assertThat(summary.folded().maxFingerprints()).isEqualTo(10);
    assertThat(summary.fingerprints()).isLessThanOrEqualTo(10).isEqualTo(report.queries().size());
    // the COMMIT is a shape of its own: 1 + 1 + 100 statement shapes and COMMIT
    assertThat(summary.folded().shapes()).isEqualTo(103 - summary.fingerprints());
    long rows = report.queries().stream().mapToLong(QueryRow::count).sum();
    double rowsMs = report.queries().stream().mapToDouble(QueryRow::totalMs).sum();
    assertThat(rows + summary.folded().statements()).isEqualTo(summary.statements()).isEqualTo(108);
    assertThat(rowsMs + summary.folded().totalTimeMs()).isCloseTo(summary.totalTimeMs(), Offset.offset(1e-6));
    // the finding's shapes are kept however cheap they are; of the rest, the costliest
    assertThat(report.findings()).extracting(Finding::rule).contains("n-plus-one");
    List<String> kept = report.queries().stream().map(QueryRow::fingerprint).toList();
    assertThat(kept).contains("select id from customers", "select id from orders where customer_id = ?");
    assertThat(kept).contains("select c99 from t").doesNotContain("select c0 from t");
  }

  @Test
  void withoutFoldingTheSummarySaysNothingFolded() {
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("test"));
    int input = analyzer.addInput();
    for (int i = 0; i < 100; i++) {
      analyzer.accept(input, statement("s", "select c" + i + " from t", 1_000));
    }
    Report report = analyzer.finish(List.of());
    assertThat(report.summary().folded()).isEqualTo(Summary.Folded.NONE);
    assertThat(report.summary().fingerprints()).isEqualTo(100);
  }
}
