package dev.dbprof.rules;

import dev.dbprof.model.Profile;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Shape;
import java.util.List;

/** {@code SELECT count(*) FROM (SELECT …) sub}: what ORM {@code .count()} helpers produce. */
@RuleInfo(
    id = "count-subquery",
    severity = Severity.WARNING,
    title = "count() over a subquery",
    explanation = "Counting the rows of a wrapped SELECT makes the database build the whole inner result"
        + " (columns, joins, sorting) only to count it. A direct count over the table with the same"
        + " WHERE clause can use an index and skips that work.",
    fix = "Count directly: `SELECT count(*) FROM table WHERE …`.")
final class CountSubquery implements ProfileRule {

  /** The savings model: a direct count is assumed to take half the time of the wrapped one. */
  static final double SAVED_SHARE = 0.5;

  @Override
  public void check(Profile profile, RuleContext context, Matches matches) {
    for (Shape shape : profile.shapes()) {
      if (shape.facts() != null && shape.facts().countOverSubquery()) {
        String detail = shape.executions() + " × `" + RuleEvidence.brief(shape) + "`";
        matches.report(new Match(this, shape, null, shape.executions(),
            (long) (shape.totalNanos() * SAVED_SHARE), detail, Fixes.countSubquery(shape), List.of(), -1, 0));
      }
    }
  }
}
