package dev.dbprof.report;

import dev.dbprof.model.Finding;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Problem;
import dev.dbprof.model.QueryRow;
import dev.dbprof.model.Report;
import dev.dbprof.model.Severity;
import dev.dbprof.model.Summary;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The report a person reads top-down: summary, ranked fixes (each with evidence, call site, query,
 * fix and next step), then the query profile by total time with the long tail folded.
 *
 * <p>Everything is written through {@link ControlCharacters#escaping}, so nothing from the input
 * reaches the terminal as a control character; only the colours added here bypass it.
 */
public final class TextRenderer implements Renderer {

  /** Profile rows shown before the rest folds into one MISC line. */
  static final int PROFILE_ROWS = 10;

  private final boolean color;

  public TextRenderer(boolean color) {
    this.color = color;
  }

  @Override
  public void render(Report report, Appendable terminal) throws IOException {
    Appendable out = ControlCharacters.escaping(terminal);
    Styles style = new Styles(terminal, out);
    Summary s = report.summary();
    style.bold("dbprof " + report.version());
    out.append(" — ")
        .append(String.format(Locale.ROOT, "%s, %s, %s, %s database time%s%n", count(s.statements(), "statement", "statements"),
            count(s.fingerprints(), "query shape", "query shapes"), count(s.unitsOfWork(), "unit of work", "units of work"),
            ms(s.totalTimeMs()), timeParts(s.time())));
    if (s.startup().any()) {
      out.append("  ").append(startup(s.startup())).append(System.lineSeparator());
    }
    for (InputSummary input : s.inputs()) {
      out.append(String.format(Locale.ROOT, "  read %s (%s): %s", input.path(), input.formatId(),
          count(input.events(), "event", "events")));
      if (input.skippedLines() > 0) {
        out.append(", ").append(count(input.skippedLines(), "line", "lines")).append(" skipped");
      }
      out.append(System.lineSeparator());
    }
    if (s.folded().any()) {
      out.append(String.format(Locale.ROOT,
          "  %s (%s, %s) folded into \"other\": more than --max-fingerprints %,d shapes%n",
          count(s.folded().shapes(), "least-used query shape", "least-used query shapes"),
          count(s.folded().statements(), "statement", "statements"), ms(s.folded().totalTimeMs()),
          s.folded().maxFingerprints()));
    }
    if (s.droppedEvents() > 0) {
      out.append(String.format(Locale.ROOT, "  the capture dropped %,d events (it could not keep up or could not write)%n",
          s.droppedEvents()));
    }
    out.append(System.lineSeparator());
    if (s.statements() == 0) {
      out.append("No statements were read: nothing to analyze.").append(System.lineSeparator());
      problems(report, out);
      return;
    }
    findings(report.findings(), out, style);
    profile(report, out, style);
    if (!report.notes().isEmpty()) {
      style.bold("Notes");
      out.append(System.lineSeparator());
      for (String note : report.notes()) {
        out.append("  - ").append(note).append(System.lineSeparator());
      }
      out.append(System.lineSeparator());
    }
    problems(report, out);
  }

  private void findings(List<Finding> findings, Appendable out, Styles style) throws IOException {
    if (findings.isEmpty()) {
      style.bold("No findings");
      out.append(": nothing to fix at the current thresholds.")
          .append(System.lineSeparator()).append(System.lineSeparator());
      return;
    }
    style.bold(String.format(Locale.ROOT, "Ranked fixes (%d)", findings.size()));
    out.append(System.lineSeparator());
    out.append(String.format(Locale.ROOT, "  %3s  %-8s %-17s %11s %8s  %s%n", "#", "severity", "rule", "saves", "count", "query"));
    int rank = 1;
    for (Finding f : findings) {
      out.append(String.format(Locale.ROOT, "  %3d  ", rank++));
      style.severity(f.severity(), true);
      out.append(String.format(Locale.ROOT, " %-17s %11s %,8d  %s%n",
          f.rule(), "~" + ms(f.estimatedSavingsMs()), f.occurrences(), f.queryId() == null ? "-" : f.queryId()));
    }
    out.append(System.lineSeparator());
    rank = 1;
    for (Finding f : findings) {
      style.bold(String.format(Locale.ROOT, "%d. %s", rank++, f.title()));
      out.append("  [").append(f.rule()).append(", ");
      style.severity(f.severity(), false);
      out.append("]").append(System.lineSeparator());
      line(out, "Evidence", evidence(f) + (f.unitsOfWork() > 1
          ? String.format(Locale.ROOT, " (seen in %,d units of work)", f.unitsOfWork()) : ""));
      if (f.callSite() != null) {
        line(out, "Where", f.callSite().toString());
      }
      if (f.fingerprint() != null) {
        line(out, "Query", f.queryId() + "  " + f.fingerprint());
      }
      line(out, "Saves", "~" + ms(f.estimatedSavingsMs()) + " of database time (estimated)");
      if (f.index() != null) {
        line(out, "Index", f.index().ddl() + String.format(Locale.ROOT, "  (cost %.1f → %.1f, validated: %s)",
            f.index().costBefore(), f.index().costAfter(), f.index().validated().wire()));
      }
      line(out, "Fix", f.fix());
      line(out, "Next", next(f));
      out.append(System.lineSeparator());
    }
  }

  /** The finding's grade, then its evidence: "proven — 20 × `select …` after `select …`". */
  static String evidence(Finding f) {
    return f.evidence() == null ? f.detail() : f.evidence().id() + " — " + f.detail();
  }

  private static String next(Finding f) {
    if (f.index() != null) {
      return "apply the index on a staging database, re-run the workload and compare";
    }
    if (f.callSite() != null) {
      return "open " + f.callSite().file() + (f.callSite().line() > 0 ? ":" + f.callSite().line() : "")
          + " and apply the fix there";
    }
    if (f.location() != null) {
      return "see " + f.location().path() + ":" + f.location().line()
          + " for the first occurrence; capture with jdbc:dbprof: to get the line of code";
    }
    if (f.queryId() != null) {
      return "find the code that issues " + f.queryId() + " (`dbprof analyze --format json` lists its full text)";
    }
    return "apply the fix where the application opens its connections";
  }

  private void profile(Report report, Appendable out, Styles style) throws IOException {
    List<QueryRow> rows = report.queries();
    double total = report.summary().totalTimeMs();
    style.bold("Query profile (by total time)");
    out.append(System.lineSeparator());
    out.append(String.format(Locale.ROOT, "  %4s  %-18s %11s %6s %9s %9s %9s  %s%n",
        "rank", "query id", "total", "share", "calls", "p50", "p95", "query"));
    int shown = Math.min(PROFILE_ROWS, rows.size());
    for (int i = 0; i < shown; i++) {
      QueryRow r = rows.get(i);
      out.append(String.format(Locale.ROOT, "  %4d  %-18s %11s %6s %,9d %9s %9s  %s%n", i + 1, r.queryId(),
          ms(r.totalMs()), share(r.totalMs(), total), r.count(), ms(r.p50Ms()), ms(r.p95Ms()), oneLine(r.fingerprint())));
    }
    if (rows.size() > shown) {
      double rest = 0;
      long calls = 0;
      for (QueryRow r : rows.subList(shown, rows.size())) {
        rest += r.totalMs();
        calls += r.count();
      }
      out.append(String.format(Locale.ROOT, "  %4s  %-18s %11s %6s %,9d %9s %9s  %s%n", "MISC", "0xMISC", ms(rest),
          share(rest, total), calls, "", "", "<" + (rows.size() - shown) + " more shapes>"));
    }
    out.append(System.lineSeparator());
  }

  private static void problems(Report report, Appendable out) throws IOException {
    boolean any = false;
    for (InputSummary input : report.summary().inputs()) {
      for (Problem problem : input.problems()) {
        if (!any) {
          out.append("Skipped lines (first of each input):").append(System.lineSeparator());
          any = true;
        }
        out.append("  ").append(problem.toString()).append(System.lineSeparator());
      }
    }
  }

  private static void line(Appendable out, String label, String text) throws IOException {
    out.append(String.format(Locale.ROOT, "   %-9s %s%n", label + ":", text));
  }

  /** The colours: escape sequences written straight to the terminal, the text between them escaped. */
  private final class Styles {
    private final Appendable terminal;
    private final Appendable text;

    Styles(Appendable terminal, Appendable text) {
      this.terminal = terminal;
      this.text = text;
    }

    /** The severity's id in its colour, padded to eight columns when coloured or asked to. */
    void severity(Severity severity, boolean pad) throws IOException {
      String id = severity.id();
      if (!color) {
        text.append(pad ? String.format(Locale.ROOT, "%-8s", id) : id);
        return;
      }
      String code = switch (severity) {
        case ERROR -> "31";
        case WARNING -> "33";
        case INFO -> "36";
      };
      terminal.append("\u001b[").append(code).append('m');
      text.append(id);
      terminal.append("\u001b[0m");
      text.append(" ".repeat(Math.max(0, 8 - id.length())));
    }

    void bold(String label) throws IOException {
      if (color) {
        terminal.append("\u001b[1m");
      }
      text.append(label);
      if (color) {
        terminal.append("\u001b[0m");
      }
    }
  }

  private static String oneLine(String text) {
    String line = text.length() > 100 ? text.substring(0, 99) + "…" : text;
    return line.replace('\n', ' ');
  }

  private static String count(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
  }

  /**
   * What the database time is made of, when the input showed more than statements:
   * {@code  (statements 24.2 ms, transaction ends 449.9 ms, …)}; "" otherwise.
   */
  static String timeParts(Summary.Time time) {
    if (!time.parts()) {
      return "";
    }
    StringBuilder parts = new StringBuilder(" (statements ").append(ms(time.statementsMs()));
    if (time.transactionEndsMs() != null) {
      parts.append(", transaction ends ").append(ms(time.transactionEndsMs()));
    }
    if (time.connectMs() != null) {
      parts.append(", connecting ").append(ms(time.connectMs()));
    }
    if (time.parseBindMs() != null) {
      parts.append(", parse/bind ").append(ms(time.parseBindMs()));
    }
    return parts.append(')').toString();
  }

  /** The one line about start-up work, which is never ranked. */
  static String startup(Summary.Startup startup) {
    return String.format(Locale.ROOT, "Start-up work: %s, %s in %s (schema scripts, migrations, seeds) — not ranked",
        count(startup.statements(), "statement", "statements"), ms(startup.totalTimeMs()),
        count(startup.units(), "unit of work", "units of work"));
  }

  static String ms(double millis) {
    if (millis >= 10_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000);
    }
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private static String share(double part, double total) {
    return total <= 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * part / total);
  }
}
