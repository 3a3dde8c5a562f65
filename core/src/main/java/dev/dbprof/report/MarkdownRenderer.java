package dev.dbprof.report;

import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.Summary;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown summary for {@code $GITHUB_STEP_SUMMARY} or a pull-request comment: the verdict, the
 * ranked fixes as a table (with their baseline status), the details folded, and what was fixed or
 * suppressed.
 */
public final class MarkdownRenderer implements Renderer {

  /** Findings shown in full; the rest are only rows of the table. */
  static final int DETAILED = 10;

  /** Rows of the table; GitHub limits a step summary to 1 MiB. */
  static final int ROWS = 50;

  @Override
  public void render(Report report, Appendable markdown) throws IOException {
    // A job summary is also printed to CI logs and terminals: no control character gets through.
    Appendable out = ControlCharacters.escaping(markdown);
    Review review = report.effectiveReview();
    Summary s = report.summary();
    List<Finding> failing = report.failing();
    out.append("## dbprof: ").append(headline(report, failing)).append("\n\n");
    out.append(String.format(Locale.ROOT, "%,d statements · %,d query shapes · %,d units of work · %s database time%s",
        s.statements(), s.fingerprints(), s.unitsOfWork(), TextRenderer.ms(s.totalTimeMs()), TextRenderer.timeParts(s.time())));
    if (s.startup().any()) {
      out.append(" · ").append(TextRenderer.startup(s.startup()));
    }
    long skipped = s.inputs().stream().mapToLong(dev.dbprof.model.InputSummary::skippedLines).sum();
    if (skipped > 0) {
      out.append(String.format(Locale.ROOT, " · %,d unreadable %s skipped", skipped, skipped == 1 ? "line" : "lines"));
    }
    out.append(String.format(Locale.ROOT, " · `--fail-on %s`", review.thresholdId()));
    if (review.baseline() != null) {
      out.append(" · baseline `").append(code(review.baseline().path())).append('`');
    }
    out.append("\n\n");
    List<Finding> findings = report.findings();
    if (findings.isEmpty()) {
      out.append(s.statements() == 0 ? "No statements were read: nothing to analyze.\n"
          : "No findings: nothing to fix at the current thresholds.\n");
    } else {
      table(report, findings, out);
      details(report, findings, out);
    }
    fixed(review, out);
    suppressed(review, out);
    if (!report.notes().isEmpty()) {
      out.append("\n**Notes**\n\n");
      for (String note : report.notes()) {
        out.append("- ").append(inline(note)).append('\n');
      }
    }
  }

  private static String headline(Report report, List<Finding> failing) {
    int n = report.findings().size();
    if (n == 0) {
      return "no findings ✅";
    }
    String count = n + (n == 1 ? " finding" : " findings");
    if (failing.isEmpty()) {
      return count + ", none fails the run ✅";
    }
    return count + ", " + failing.size() + (failing.size() == 1 ? " fails" : " fail") + " the run ❌";
  }

  private static void table(Report report, List<Finding> findings, Appendable out) throws IOException {
    Review review = report.effectiveReview();
    boolean baseline = review.baseline() != null;
    out.append("| # | severity | rule | saves | count | where | query |").append(baseline ? " baseline |" : "")
        .append("\n|--:|---|---|--:|--:|---|---|").append(baseline ? "---|" : "").append('\n');
    int rank = 0;
    for (Finding f : findings) {
      if (++rank > ROWS) {
        out.append(String.format(Locale.ROOT, "| | | | | | %d more findings: see the JSON or SARIF report | |%s%n",
            findings.size() - ROWS, baseline ? " |" : ""));
        break;
      }
      out.append(String.format(Locale.ROOT, "| %d | %s%s | `%s` | ~%s | %,d | %s | %s |", rank,
          review.fails(f) ? "**" + f.severity().id() + "**" : f.severity().id(), review.fails(f) ? " ❌" : "",
          f.rule(), TextRenderer.ms(f.estimatedSavingsMs()), f.occurrences(), where(f), query(f)));
      if (baseline) {
        out.append(' ').append(review.baseline().status(f.key()).id()).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
  }

  private static void details(Report report, List<Finding> findings, Appendable out) throws IOException {
    int rank = 0;
    for (Finding f : findings) {
      if (++rank > DETAILED) {
        break;
      }
      out.append("<details><summary>").append(Integer.toString(rank)).append(". ").append(html(f.title()))
          .append(" — <code>").append(html(f.rule())).append("</code></summary>\n\n");
      out.append("- **Evidence:** ").append(inline(TextRenderer.evidence(f)));
      if (f.unitsOfWork() > 1) {
        out.append(String.format(Locale.ROOT, " (seen in %,d units of work)", f.unitsOfWork()));
      }
      out.append('\n');
      if (f.callSite() != null) {
        out.append("- **Where:** `").append(code(f.callSite().toString())).append("`\n");
      } else if (f.location() != null) {
        out.append("- **First seen:** `").append(code(f.location().path() + ":" + f.location().line())).append("`\n");
      }
      out.append("- **Saves:** ~").append(TextRenderer.ms(f.estimatedSavingsMs())).append(" of database time (estimated)\n");
      if (f.index() != null) {
        out.append("- **Index:** `").append(code(f.index().ddl())).append("`\n");
      }
      out.append("- **Fix:** ").append(inline(f.fix())).append("\n");
      out.append("- **Key:** `").append(code(f.key())).append("`\n");
      if (f.fingerprint() != null) {
        out.append("\n```sql\n").append(f.fingerprint().replace("```", "` ` `")).append("\n```\n");
      }
      out.append("\n</details>\n\n");
    }
  }

  private static void fixed(Review review, Appendable out) throws IOException {
    if (review.baseline() == null || review.baseline().fixed().isEmpty()) {
      return;
    }
    out.append("\n**Fixed since the baseline** (").append(Integer.toString(review.baseline().fixed().size()))
        .append(")\n\n");
    for (Review.Fixed fixed : review.baseline().fixed()) {
      out.append(String.format(Locale.ROOT, "- `%s` (was %,d occurrences, ~%s)%n", code(fixed.key()), fixed.occurrences(),
          TextRenderer.ms(fixed.estimatedSavingsMs())));
    }
  }

  private static void suppressed(Review review, Appendable out) throws IOException {
    if (review.suppressed().isEmpty()) {
      return;
    }
    out.append("\n**Suppressed by ").append(inline(review.source())).append("** (")
        .append(Integer.toString(review.suppressed().size())).append(")\n\n");
    for (Review.Suppressed s : review.suppressed()) {
      out.append("- `").append(code(s.key())).append("`: ").append(inline(s.reason())).append('\n');
    }
  }

  private static String where(Finding f) {
    if (f.callSite() != null) {
      return "`" + code(f.callSite().className() + "." + f.callSite().method()
          + (f.callSite().line() > 0 ? ":" + f.callSite().line() : "")) + "`";
    }
    if (f.location() != null) {
      return "`" + code(f.location().path() + ":" + f.location().line()) + "`";
    }
    return "–";
  }

  private static String query(Finding f) {
    if (f.fingerprint() == null) {
      return "–";
    }
    String text = f.fingerprint().replace('\r', ' ').replace('\n', ' ');
    return "`" + code(text.length() > 70 ? text.substring(0, 69) + "…" : text) + "`";
  }

  /** Text inside a code span in a table cell: no backticks (they would end it), no pipes (they end the cell). */
  static String code(String text) {
    return text.replace('`', '\'').replace("|", "\\|").replace('\r', ' ').replace('\n', ' ');
  }

  /**
   * Plain text in Markdown: characters that would start markup are escaped, except inside
   * `code spans`, which rules use for SQL and which Markdown shows as they are.
   */
  static String inline(String text) {
    StringBuilder escaped = new StringBuilder();
    boolean inCode = false;
    for (char c : text.toCharArray()) {
      if (c == '`') {
        inCode = !inCode;
      } else if (!inCode && "\\*_[]<>#".indexOf(c) >= 0) {
        escaped.append('\\');
      }
      if (c == '|') {
        escaped.append('\\');
      }
      escaped.append(c == '\n' || c == '\r' ? ' ' : c);
    }
    if (inCode) {
      escaped.append('`');
    }
    return escaped.toString();
  }

  static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
