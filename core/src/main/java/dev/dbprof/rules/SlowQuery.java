package dev.dbprof.rules;

import dev.dbprof.analysis.Profile;
import dev.dbprof.analysis.Shape;
import java.util.List;
import java.util.Locale;

/**
 * The statements that dominate database time: slow one by one (p95 at or above
 * {@code thresholdMs}), or a large share of the total ({@code minShare}) adding up to at least
 * {@code minTotalMs}.
 */
@RuleInfo(
    id = "slow-query",
    severity = Severity.WARNING,
    title = "Query dominates database time",
    explanation = "This statement shape takes a large part of the database time, either because each"
        + " execution is slow or because it runs very often. It is the first place to look for an index,"
        + " a narrower select or fewer executions.",
    fix = "Look at its plan (`EXPLAIN`, or run dbprof with `--explain-url` for an index suggestion):"
        + " add the index its WHERE/JOIN/ORDER BY needs, select fewer rows or columns, or run it less often.")
final class SlowQuery implements ProfileRule {

  /** The savings model: a fixed slow query is assumed to lose half its time. */
  static final double SAVED_SHARE = 0.5;

  @Override
  public void check(Profile profile, RuleContext context, Matches matches) {
    double thresholdMs = context.doubleOption(this, "thresholdMs", 500);
    double minShare = context.doubleOption(this, "minShare", 0.2);
    double minTotalMs = context.doubleOption(this, "minTotalMs", 1000);
    if (profile.totalNanos() <= 0) {
      return;
    }
    for (Shape shape : profile.shapes()) {
      if (!shape.timed() || context.indexAdvice(shape.queryId()).filter(a -> a.suggested()).isPresent()) {
        continue; // not timed, or already a missing-index finding with its own fix
      }
      double p95Ms = shape.quantileNanos(0.95) / 1e6;
      double totalMs = shape.totalNanos() / 1e6;
      double share = shape.totalNanos() / (double) profile.totalNanos();
      if (p95Ms >= thresholdMs || share >= minShare && totalMs >= minTotalMs) {
        String detail = String.format(Locale.ROOT, "%d executions, %.1f ms in total (%.0f %% of database time),"
            + " p95 %.1f ms", shape.executions(), totalMs, share * 100, p95Ms);
        matches.report(new Match(this, shape, null, shape.executions(), (long) (shape.totalNanos() * SAVED_SHARE),
            detail, null, List.of(), -1, 0));
      }
    }
  }
}
