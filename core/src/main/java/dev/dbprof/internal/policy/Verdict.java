package dev.dbprof.internal.policy;

import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import java.util.List;
import java.util.Locale;

/** The exit decision and its one-line explanation for standard error. */
public final class Verdict {

  /** Exit code when nothing fails the run. */
  public static final int OK = 0;

  /** Exit code when findings at or above {@code --fail-on} (and new or worse than the baseline) remain. */
  public static final int FINDINGS = 1;

  private Verdict() {}

  public static int exitCode(Report report) {
    return report.failing().isEmpty() ? OK : FINDINGS;
  }

  /** E.g. "dbprof: 2 findings at or above warning fail the run (1 new, 1 worse than baseline.json); 3 fixed". */
  public static String describe(Report report) {
    Review review = report.effectiveReview();
    List<Finding> failing = report.failing();
    StringBuilder line = new StringBuilder("dbprof: ");
    if (review.threshold() == null) {
      line.append(String.format(Locale.ROOT, "%d %s, none fails the run (--fail-on never)", report.findings().size(),
          plural(report.findings().size())));
    } else if (failing.isEmpty()) {
      line.append(String.format(Locale.ROOT, "no %s fails the run at --fail-on %s", review.baseline() == null
          ? "finding" : "new or worse finding", review.thresholdId()));
    } else {
      line.append(String.format(Locale.ROOT, "%d %s at or above %s %s the run", failing.size(), plural(failing.size()),
          review.thresholdId(), failing.size() == 1 ? "fails" : "fail"));
    }
    Review.BaselineDiff diff = review.baseline();
    if (diff != null) {
      line.append(String.format(Locale.ROOT, " (baseline %s: %d new, %d worse, %d known, %d fixed)", diff.path(),
          diff.count(Review.Status.NEW), diff.count(Review.Status.WORSENED), diff.count(Review.Status.KNOWN),
          diff.fixed().size()));
    }
    if (!review.suppressed().isEmpty()) {
      line.append(String.format(Locale.ROOT, "; %d suppressed by %s", review.suppressed().size(), review.source()));
    }
    return line.append('.').toString();
  }

  private static String plural(int n) {
    return n == 1 ? "finding" : "findings";
  }
}
