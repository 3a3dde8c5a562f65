package dev.dbprof.explain;

import java.time.Duration;
import java.util.Locale;

/** The advisor's sentences: notes, reasons and the pieces they are built from, in one place. */
final class AdvisorTexts {

  private AdvisorTexts() {}

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.0f s", Math.ceil(d.toMillis() / 1000.0));
  }

  static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "no details";
    }
    String line = message.strip();
    int nl = line.indexOf('\n');
    if (nl > 0) {
      line = line.substring(0, nl).strip();
    }
    while (line.endsWith(".")) {
      line = line.substring(0, line.length() - 1);
    }
    return line;
  }

  /** A driver's message up to its first full stop: "Connection to db:5432 refused". */
  static String firstSentence(String message) {
    String line = oneLine(message);
    int stop = line.indexOf(". ");
    return stop > 0 ? line.substring(0, stop) : line;
  }

  static String scanned(ScanFinding f) {
    return "full scan of " + f.table.qualifiedName() + " (about " + f.rowsExamined
        + " rows) on " + String.join(", ", f.columns)
        + (f.mergedFrom != null ? " (one index shared with query " + f.mergedFrom + ")" : "");
  }

  static String costs(double before, double after, boolean rows) {
    double saved = before > 0 ? 1 - after / before : 0;
    return String.format(Locale.ROOT, "cost %.2f -> %.2f%s, %.0f%% saved",
        before, after, rows ? " rows examined" : "", saved * 100);
  }
}
