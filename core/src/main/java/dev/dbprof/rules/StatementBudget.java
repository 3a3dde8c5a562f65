package dev.dbprof.rules;

import dev.dbprof.model.Execution;
import dev.dbprof.model.Profile;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Shape;
import dev.dbprof.model.UnitOfWork;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A query budget for CI: at most {@code maxPerUnit} round trips in one unit of work and at most
 * {@code maxTotal} in the whole run. Off unless one of them is set ({@code --max-statements},
 * {@code --max-statements-total} or {@code dbprof.yml}). A batch counts as one round trip.
 */
@RuleInfo(
    id = "statement-budget",
    severity = Severity.ERROR,
    title = "Statement budget exceeded",
    explanation = "The run issued more statements than the budget the project set. A budget catches"
        + " a new loop of queries in review, before it reaches production, even when each statement is"
        + " fast on a test database.",
    fix = "Find the statements that grew (the shape named here is the most frequent one) and fetch or"
        + " write them in fewer round trips; raise the budget only if the extra statements are wanted.")
final class StatementBudget implements UnitRule, ProfileRule {

  static final RuleOption<Integer> MAX_PER_UNIT = RuleOption.wholeNumber("maxPerUnit", 0, 0, Integer.MAX_VALUE,
      "Most statements allowed in one unit of work (--max-statements); 0: no budget.");
  static final RuleOption<Integer> MAX_TOTAL = RuleOption.wholeNumber("maxTotal", 0, 0, Integer.MAX_VALUE,
      "Most statements allowed in the whole run (--max-statements-total); 0: no budget.");

  @Override
  public List<RuleOption<?>> options() {
    return List.of(MAX_PER_UNIT, MAX_TOTAL);
  }

  @Override
  public void check(UnitOfWork unit, RuleContext context, Matches matches) {
    int max = context.get(MAX_PER_UNIT);
    // commits and rollbacks are executions of the unit, not statements the application wrote
    List<Execution> executions = unit.transactions() == 0 ? unit.executions()
        : unit.executions().stream().filter(e -> !e.endsTransaction()).toList();
    if (max <= 0 || executions.size() <= max) {
      return;
    }
    Map<Shape, Integer> counts = new HashMap<>();
    Execution top = null;
    int topCount = 0;
    for (Execution e : executions) {
      int count = counts.merge(e.shape(), 1, Integer::sum);
      if (count > topCount) {
        top = e;
        topCount = count;
      }
    }
    long overBudget = executions.size() - max;
    long nanos = RuleEvidence.total(executions);
    String detail = String.format(Locale.ROOT, "%d statements in one unit of work, budget %d (most frequent: %d × `%s`)",
        executions.size(), max, topCount, RuleEvidence.brief(top.shape()));
    matches.report(new Match(this, top.shape(), top.callSite(), overBudget,
        nanos * overBudget / executions.size(), detail, null, List.of(), unit.input(), executions.get(0).line()));
  }

  @Override
  public void check(Profile profile, RuleContext context, Matches matches) {
    int max = context.get(MAX_TOTAL);
    long roundTrips = 0;
    for (Shape shape : profile.shapes()) {
      if (!shape.endsTransaction()) {
        roundTrips += shape.roundTrips();
      }
    }
    if (max <= 0 || roundTrips <= max) {
      return;
    }
    long overBudget = roundTrips - max;
    String detail = String.format(Locale.ROOT, "%d statements in the whole run, budget %d", roundTrips, max);
    matches.report(new Match(this, null, null, overBudget,
        (long) ((double) profile.totalNanos() * overBudget / roundTrips), detail, null, List.of(), -1, 0));
  }
}
