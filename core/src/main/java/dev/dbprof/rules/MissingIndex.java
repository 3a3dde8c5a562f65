package dev.dbprof.rules;

import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.Profile;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A frequent or slow statement whose plan scans a table that an index would serve. Needs
 * {@code --explain-url}: the index advisor explains the statement, proposes the index and, where it
 * can, proves the gain; this rule turns suggested indexes into ranked findings.
 */
@RuleInfo(
    id = "missing-index",
    severity = Severity.WARNING,
    title = "Table scan that an index would serve",
    explanation = "The planner reads the whole table to find the rows this statement filters, joins or"
        + " sorts on, because no index leads with those columns. The cost grows with the table, and"
        + " PostgreSQL does not index foreign keys by itself.",
    fix = "Create the suggested index (in a migration; CONCURRENTLY on PostgreSQL), then re-run the workload.")
final class MissingIndex implements ProfileRule {

  /** Savings model when the gain could not be validated: the advisor's own bar, half the cost. */
  static final double UNVALIDATED_SAVED_SHARE = 0.5;

  @Override
  public void check(Profile profile, RuleContext context, Matches matches) {
    for (Shape shape : profile.shapes()) {
      Optional<IndexAdvice> found = context.indexAdvice(shape.queryId()).filter(IndexAdvice::suggested);
      if (found.isEmpty()) {
        continue;
      }
      IndexAdvice advice = found.get();
      double share = Double.isNaN(advice.savedFraction()) ? UNVALIDATED_SAVED_SHARE : advice.savedFraction();
      String detail = String.format(Locale.ROOT, "%s scans %s (about %,d rows per execution) on %s; %s",
          RuleEvidence.brief(shape), advice.table(), advice.rowsExamined(), String.join(", ", advice.columns()),
          advice.reason());
      matches.report(new Match(this, shape, null, shape.executions(), (long) (shape.totalNanos() * share),
          detail, null, List.of(), -1, 0, advice));
    }
  }
}
