package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Execution;
import dev.dbprof.model.OrmStyle;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Shape;
import dev.dbprof.model.UnitOfWork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same INSERT, UPDATE or DELETE sent one row at a time: at least {@code minRepeats} single
 * executions of one shape in a unit of work, counted across its transactions. JDBC batches and
 * multi-row statements are fine. When every row was its own transaction, the commits are part of the
 * cost and of the fix.
 */
@RuleInfo(
    id = "unbatched-writes",
    severity = Severity.WARNING,
    title = "Rows written one statement at a time",
    explanation = "Every single-row INSERT, UPDATE or DELETE is its own round trip. Sent as a JDBC batch"
        + " or as one multi-row statement, the same rows cost a few round trips instead of one per row.",
    fix = "Batch the statement (`addBatch`/`executeBatch`) or send one multi-row statement.")
final class UnbatchedWrites implements UnitRule {

  static final RuleOption<Integer> MIN_REPEATS = RuleOption.wholeNumber("minRepeats", 5, 2,
      UnitOfWork.DEFAULT_MAX_EXECUTIONS,
      "Fewest single-row executions of one INSERT, UPDATE or DELETE shape in one unit of work that are reported.");

  /** Rows per batch assumed by the savings estimate. */
  static final int ASSUMED_BATCH_ROWS = 50;

  private record Group(Shape shape, CallSite site, List<Execution> executions, List<Integer> positions) {}

  private static boolean singleRowWrite(Execution e) {
    return e.shape().kind().isWrite() && !e.isBatch() && e.valuesRows() <= 1 && !e.failed();
  }

  @Override
  public List<RuleOption<?>> options() {
    return List.of(MIN_REPEATS);
  }

  @Override
  public void check(UnitOfWork unit, RuleContext context, Matches matches) {
    int minRepeats = context.get(MIN_REPEATS);
    if (RuleEvidence.count(unit.executions(), UnbatchedWrites::singleRowWrite) < minRepeats) {
      return; // most units: too few single-row writes, nothing to group
    }
    Map<RuleEvidence.Place, Group> groups = new LinkedHashMap<>();
    List<Execution> executions = unit.executions();
    for (int i = 0; i < executions.size(); i++) {
      Execution e = executions.get(i);
      if (singleRowWrite(e)) {
        Group group = groups.computeIfAbsent(new RuleEvidence.Place(e.shape(), e.callSite()),
            k -> new Group(e.shape(), e.callSite(), new ArrayList<>(), new ArrayList<>()));
        group.executions().add(e);
        group.positions().add(i);
      }
    }
    for (Group whole : groups.values()) {
      if (whole.positions().size() >= minRepeats) { // the unit is the request: no cutting here
        report(unit, context, matches, new Group(whole.shape(), whole.site(),
            whole.positions().stream().map(executions::get).toList(), whole.positions()));
      }
    }
  }

  private void report(UnitOfWork unit, RuleContext context, Matches matches, Group group) {
    List<Execution> executions = unit.executions();
    int n = group.executions().size();
    long total = RuleEvidence.total(group.executions());
    long batches = (n + ASSUMED_BATCH_ROWS - 1) / ASSUMED_BATCH_ROWS;
    long saved = total - total / n * batches;
    OrmStyle style = Fixes.orm(group.shape(), unit, context);
    String fix = Fixes.unbatched(style, context.input(unit.input()));
    RuleEvidence.OwnTransactions own = RuleEvidence.ownTransactions(group.positions(), executions);
    if (own != null) {
      saved += own.savedNanos();
      fix = Fixes.oneTransaction(style, context.input(unit.input()), fix);
    }
    String detail = n + " × `" + RuleEvidence.brief(group.shape()) + "` one row at a time"
        + (own == null ? "" : own.evidence()) + ", in one unit of work";
    matches.report(new Match(this, group.shape(), group.site(), n, saved, detail, fix, List.of(), unit.input(),
        group.executions().get(0).line(), null, RuleEvidence.loopGrade(unit, group.executions(), true)));
  }
}
