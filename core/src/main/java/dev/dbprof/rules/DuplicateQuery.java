package dev.dbprof.rules;

import dev.dbprof.model.Execution;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementKind;
import dev.dbprof.model.UnitOfWork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same SELECT with the same parameter values run again in one unit of work: the second run
 * returns what the first already did. Only provably equal values count (unknown values never do).
 */
@RuleInfo(
    id = "duplicate-query",
    severity = Severity.WARNING,
    title = "Same query, same parameters, run again",
    explanation = "The unit of work asks the database the same question twice. The repeat costs a"
        + " round trip and returns rows the application already had.",
    fix = "Reuse the first result: keep it in a local variable, pass it down, or cache it for the"
        + " request (with an ORM, load the entity once per session/transaction).")
final class DuplicateQuery implements UnitRule {

  static final RuleOption<Integer> MIN_REPEATS = RuleOption.wholeNumber("minRepeats", 2, 2,
      UnitOfWork.DEFAULT_MAX_EXECUTIONS,
      "Fewest runs of one SELECT with the same parameter values in one unit of work that are reported.");

  private record Question(Shape shape, String paramsKey) {}

  /** Units up to this size are first searched pair by pair, without building anything. */
  private static final int SMALL_UNIT = 32;

  private static boolean candidate(Execution e) {
    return e.shape().kind() == StatementKind.SELECT && !e.isBatch() && e.paramsKey() != null
        && RuleEvidence.touchesTable(e.shape());
  }

  /** False when no two candidates ask the same question (most units); true when unsure. */
  private static boolean mayRepeat(List<Execution> executions) {
    int n = executions.size();
    if (n > SMALL_UNIT) {
      return true;
    }
    for (int i = 1; i < n; i++) {
      Execution later = executions.get(i);
      for (int j = 0; j < i; j++) {
        Execution earlier = executions.get(j);
        if (earlier.shape() == later.shape() && later.paramsKey() != null
            && later.paramsKey().equals(earlier.paramsKey()) && candidate(later)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public List<RuleOption<?>> options() {
    return List.of(MIN_REPEATS);
  }

  @Override
  public void check(UnitOfWork unit, RuleContext context, Matches matches) {
    int minRepeats = context.get(MIN_REPEATS);
    if (unit.executions().size() < minRepeats || !mayRepeat(unit.executions())) {
      return;
    }
    Map<Question, List<Execution>> same = new LinkedHashMap<>();
    for (Execution e : unit.executions()) {
      if (candidate(e)) {
        // Not keyed by call site: asking the same question from two places is the same waste.
        same.computeIfAbsent(new Question(e.shape(), e.paramsKey()), k -> new ArrayList<>()).add(e);
      }
    }
    for (List<Execution> runs : same.values()) {
      if (runs.size() < minRepeats) {
        continue;
      }
      Execution first = runs.get(0);
      long repeats = runs.size() - 1L;
      String detail = runs.size() + " × `" + RuleEvidence.brief(first.shape()) + "` with the same parameters,"
          + " in one unit of work";
      matches.report(new Match(this, first.shape(), first.callSite(), repeats,
          RuleEvidence.total(runs.subList(1, runs.size())), detail, null, List.of(), unit.input(), first.line(), null,
          RuleEvidence.repeatGrade(unit, runs)));
    }
  }
}
