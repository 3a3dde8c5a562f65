package dev.dbprof.rules;

import dev.dbprof.model.Profile;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Shape;
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

  static final RuleOption<Double> THRESHOLD_MS = RuleOption.number("thresholdMs", 500, 0, Double.MAX_VALUE,
      "p95 latency in milliseconds at which a shape is slow by itself.");
  static final RuleOption<Double> MIN_SHARE = RuleOption.number("minShare", 0.2, 0, 1,
      "Share of all database time at which a shape dominates (with minTotalMs).");
  static final RuleOption<Double> MIN_TOTAL_MS = RuleOption.number("minTotalMs", 1000, 0, Double.MAX_VALUE,
      "Total milliseconds a shape taking minShare must add up to.");

  /** The savings model: a fixed slow query is assumed to lose half its time. */
  static final double SAVED_SHARE = 0.5;

  @Override
  public List<RuleOption<?>> options() {
    return List.of(THRESHOLD_MS, MIN_SHARE, MIN_TOTAL_MS);
  }

  @Override
  public void check(Profile profile, RuleContext context, Matches matches) {
    double thresholdMs = context.get(THRESHOLD_MS);
    double minShare = context.get(MIN_SHARE);
    double minTotalMs = context.get(MIN_TOTAL_MS);
    if (profile.totalNanos() <= 0) {
      return;
    }
    for (Shape shape : profile.shapes()) {
      if (!shape.timed() || shape.endsTransaction() || context.indexAdvice(shape.queryId()).filter(a -> a.suggested()).isPresent()) {
        continue; // not timed, a commit (whose cost the loop rules count), or a missing-index finding
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
