package dev.dbprof.internal.analysis;

import dev.dbprof.options.AnalysisOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Report;
import dev.dbprof.model.UnitSample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's bounded sample of the busiest units of work, computed as units close. */
class UnitSamplerTest {

  private long clock = 1_700_000_000_000_000L;

  private Event statement(String session, String sql) {
    Event e = new Event(EventKind.STATEMENT, clock, 2_000_000, session, "thread-" + session, sql, null, 0, Event.UNKNOWN, null, null, null, 1);
    clock += 3_000;
    return e;
  }

  private Event commit(String session) {
    Event e = new Event(EventKind.COMMIT, clock, 0, session, "thread-" + session, null, null, 0, Event.UNKNOWN, null, null,
        null, 1);
    clock += 2_000_000; // the next request comes after a quiet 2 s (a commit does not end a unit of work)
    return e;
  }

  @Test
  void keepsTheBusiestUnitsBusiestFirstWithTheirStatementsInOrderAndCapped() {
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("test"));
    int input = analyzer.addInput();
    // 20 units of 1..20 statements and a commit each, then one of 300 statements (past the per-unit cap)
    for (int size = 1; size <= 20; size++) {
      analyzer.accept(input, statement("s", "select id from customers where region = ?"));
      for (int i = 1; i < size; i++) {
        analyzer.accept(input, statement("s", "select id from orders where customer_id = ?"));
      }
      analyzer.accept(input, commit("s"));
    }
    for (int i = 0; i < 300; i++) {
      analyzer.accept(input, statement("t", "select id from items where order_id = ?"));
    }
    Report report = analyzer.finish(List.of(new InputSummary("run.log", null, 0, 0, 0, List.of())));

    List<UnitSample> units = report.units();
    assertThat(units).hasSize(UnitSample.MAX_UNITS);
    assertThat(units).extracting(UnitSample::roundTrips).containsExactly(300L, 21L, 20L, 19L, 18L, 17L, 16L, 15L);
    UnitSample big = units.get(0);
    assertThat(big.session()).isEqualTo("t");
    assertThat(big.end()).isEqualTo("end-of-input");
    assertThat(big.input()).isEqualTo("run.log");
    assertThat(big.steps()).hasSize(UnitSample.MAX_STEPS);
    assertThat(big.totalMs()).isEqualTo(600.0);
    UnitSample loop = units.get(1);
    assertThat(loop.end()).isEqualTo("end-of-input"); // its commit did not end it
    assertThat(loop.boundary()).isEqualTo("thread");
    assertThat(loop.steps()).hasSize(21);
    // one parent query, then the same shape 19 times: the N+1 burst the timeline shows
    assertThat(loop.steps().subList(1, 20)).extracting(UnitSample.Step::queryId).containsOnly(loop.steps().get(1).queryId());
    assertThat(loop.steps().get(0).queryId()).isNotEqualTo(loop.steps().get(1).queryId());
    assertThat(loop.steps().get(0).offsetMicros()).isZero();
    assertThat(loop.steps().get(1).offsetMicros()).isEqualTo(3_000);
    assertThat(loop.steps().get(1).ms()).isEqualTo(2.0);
  }

  @Test
  void anEmptyRunHasNoUnits() {
    Analyzer analyzer = new Analyzer(AnalysisOptions.defaults("test"));
    analyzer.addInput();
    assertThat(analyzer.finish(List.of()).units()).isEmpty();
  }
}
