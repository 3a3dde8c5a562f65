package dev.dbprof.internal.explain;

import dev.dbprof.capture.Redactor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The advisor's sentences: notes, reasons and the pieces they are built from, in one place. */
final class AdvisorTexts {

  private AdvisorTexts() {}

  // --- opening the session: one sentence for AdvisorException, the URL without credentials

  static final String NO_URL = "No database URL was given for EXPLAIN.";

  static String connectTimedOut(String url, Duration budget) {
    return "Cannot connect to the database at " + Redactor.url(url)
        + " within the advisor's budget of " + seconds(budget) + ".";
  }

  static String cannotConnect(String url, String password, Exception e) {
    return "Cannot connect to the database at " + Redactor.url(url) + ": "
        + Redactor.message(firstSentence(e.getMessage()), url, password) + ".";
  }

  static String unsupportedDatabase(String url, String product) {
    return "The database at " + Redactor.url(url) + " is " + product
        + "; index advice needs PostgreSQL, MySQL or MariaDB.";
  }

  static String preparingTimedOut(String url, Duration budget) {
    return "The advisor's budget of " + seconds(budget) + " ran out while preparing its session at "
        + Redactor.url(url) + ".";
  }

  static String cannotPrepare(String url, String password, Exception e) {
    return "Cannot prepare the advisor session at " + Redactor.url(url) + ": "
        + Redactor.message(DatabaseMessages.scrubbed(e), url, password) + ".";
  }

  static String tooPowerful(String url, List<String> privileges) {
    return "The account at " + Redactor.url(url) + " is too powerful for the advisor ("
        + String.join(", ", privileges) + "), and whatever runs in its session runs with that power:"
        + " connect as a role with only SELECT (see \"The index advisor\" in the README) or pass"
        + " --explain-allow-superuser.";
  }

  // --- notes: why a candidate produced no advice; database messages always scrubbed

  static final String BUDGET_SPENT = "the advisor's budget is spent";
  static final String NOT_EXPLAINED_BUDGET_SPENT = "not explained: " + BUDGET_SPENT;

  static String refused(StatementGuard.Refused refused) {
    return "refused: the statement " + refused.getMessage();
  }

  static String refusedByPlanningGuard(StatementGuard.Refused refused) {
    return refused(refused) + "; not explained";
  }

  static String withoutAnalyze(String why) {
    return "explained without ANALYZE: " + why;
  }

  static String codeCatalogUnreadable(Exception e) {
    return "not explained: the catalog could not be read to rule out user code: "
        + DatabaseMessages.scrubbed(e);
  }

  static String couldNotExplain(Exception e) {
    return "could not explain: " + DatabaseMessages.scrubbed(e);
  }

  static String catalogUnreadable(Exception e) {
    return "could not read the catalog: " + DatabaseMessages.scrubbed(e);
  }

  static String budgetRanOut(Duration budget) {
    return "the advisor's budget of " + seconds(budget)
        + " ran out and its database connection was aborted; the rest was not explained";
  }

  static String existingIndexUnused(DatabaseSession.TableInfo table, DatabaseSession.NamedIndex index,
      List<String> columns) {
    return "full scan of " + table.qualifiedName() + " although index " + index.name()
        + " already leads with " + String.join(", ", columns) + "; the planner judged the index not worth it";
  }

  // --- an advice's reason: the scan, then the verdict

  static String validationFailed(Exception e) {
    return "validation failed: " + DatabaseMessages.scrubbed(e);
  }

  static String notValidated(String scanned, String problem, boolean suggested) {
    return scanned + "; not validated: " + problem
        + (suggested ? "" : "; the filter keeps most rows, so an index would likely not be used");
  }

  static String problem(String scanned, String problem, String costs) {
    return scanned + "; " + problem + " (" + costs + ")";
  }

  static String worthIt(String scanned, String costs) {
    return scanned + "; " + costs;
  }

  static String belowTheBar(String scanned, String costs, double minCostSaving) {
    return scanned + "; " + costs + ", below the " + Math.round(minCostSaving * 100) + "% needed";
  }

  static String together(String scanned, List<String> otherIndexes, String costs) {
    return scanned + "; together with " + String.join(", ", otherIndexes) + ": " + costs;
  }

  // --- pieces

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
