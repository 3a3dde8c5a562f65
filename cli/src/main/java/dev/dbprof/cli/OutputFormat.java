package dev.dbprof.cli;

import dev.dbprof.report.GitHubRenderer;
import dev.dbprof.report.HtmlRenderer;
import dev.dbprof.report.JUnitRenderer;
import dev.dbprof.report.JsonRenderer;
import dev.dbprof.report.MarkdownRenderer;
import dev.dbprof.report.Renderer;
import dev.dbprof.report.SarifRenderer;
import dev.dbprof.report.SourceLocator;
import dev.dbprof.report.TextRenderer;
import java.nio.file.Path;

/** The report formats of {@code --format} and {@code --report FORMAT=FILE}. */
enum OutputFormat {
  text,
  json,
  sarif,
  junit,
  github,
  markdown,
  html;

  Renderer renderer(boolean color) {
    return switch (this) {
      case text -> new TextRenderer(color);
      case json -> new JsonRenderer();
      case sarif -> new SarifRenderer(sources());
      case junit -> new JUnitRenderer();
      case github -> new GitHubRenderer(sources());
      case markdown -> new MarkdownRenderer();
      case html -> new HtmlRenderer();
    };
  }

  /** Call sites become paths under the working directory (the repository root in CI). */
  private static SourceLocator sources() {
    return SourceLocator.scanning(Path.of("").toAbsolutePath());
  }
}
