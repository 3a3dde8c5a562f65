package dev.dbprof.report;

import dev.dbprof.model.Finding;
import dev.dbprof.model.Report;
import dev.dbprof.model.Review;
import dev.dbprof.model.Severity;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * GitHub Actions workflow commands: one {@code ::error|warning|notice} annotation per finding,
 * worst first, at most {@value #PER_LEVEL} per level (GitHub shows no more per step), at the call
 * site's source line when known. With a baseline only new and worse findings are annotated. The
 * full list belongs in the step summary ({@link MarkdownRenderer}).
 */
public final class GitHubRenderer implements Renderer {

  /** Annotations GitHub displays per level and step. */
  static final int PER_LEVEL = 10;

  private final SourceLocator sources;

  public GitHubRenderer(SourceLocator sources) {
    this.sources = sources;
  }

  @Override
  public void render(Report report, Appendable log) throws IOException {
    // The runner's log viewer obeys ANSI sequences: no control character from the input gets through.
    Appendable out = ControlCharacters.escaping(log);
    Review review = report.effectiveReview();
    Map<Severity, Integer> written = new EnumMap<>(Severity.class);
    Map<Severity, Integer> left = new EnumMap<>(Severity.class);
    // worst first: every error before any warning, each level in rank order
    for (Severity severity : Severity.values()) {
      for (Finding f : report.findings()) {
        if (f.severity() != severity
            || review.baseline() != null && review.baseline().status(f.key()) == Review.Status.KNOWN) {
          continue;
        }
        if (written.getOrDefault(severity, 0) >= PER_LEVEL) {
          left.merge(severity, 1, Integer::sum);
          continue;
        }
        written.merge(severity, 1, Integer::sum);
        annotation(out, f);
      }
    }
    int more = left.values().stream().mapToInt(Integer::intValue).sum();
    if (more > 0) {
      out.append("::notice title=dbprof::").append(data(String.format(Locale.ROOT,
          "%d more %s not annotated (GitHub shows %d per level); see the job summary or the SARIF report.",
          more, more == 1 ? "finding" : "findings", PER_LEVEL))).append('\n');
    }
  }

  private void annotation(Appendable out, Finding f) throws IOException {
    StringBuilder properties = new StringBuilder();
    String file = f.callSite() == null ? null : sources.path(f.callSite());
    long line = file == null ? 0 : f.callSite().line();
    if (file == null && f.location() != null) {
      file = f.location().path();
      line = f.location().line();
    }
    if (file != null) {
      properties.append("file=").append(property(file));
      if (line > 0) {
        properties.append(",line=").append(line);
      }
      properties.append(',');
    }
    properties.append("title=").append(property("dbprof " + f.rule() + ": " + f.title()));
    String command = switch (f.severity()) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "notice";
    };
    StringBuilder message = new StringBuilder(TextRenderer.evidence(f));
    if (f.fingerprint() != null) {
      message.append("\nQuery ").append(f.queryId()).append(": ").append(f.fingerprint());
    }
    message.append(String.format(Locale.ROOT, "\nSaves ~%.1f ms. Fix: %s", f.estimatedSavingsMs(), f.fix()));
    out.append("::").append(command).append(' ').append(properties).append("::").append(data(message.toString()))
        .append('\n');
  }

  /** Escapes a message (actions/toolkit's escapeData). */
  static String data(String text) {
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a property value (actions/toolkit's escapeProperty). */
  static String property(String text) {
    return data(text).replace(":", "%3A").replace(",", "%2C");
  }
}
