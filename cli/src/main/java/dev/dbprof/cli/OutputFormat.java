package dev.dbprof.cli;

import dev.dbprof.report.JsonRenderer;
import dev.dbprof.report.Renderer;
import dev.dbprof.report.TextRenderer;

/** The report formats of {@code --format}. */
enum OutputFormat {
  text,
  json;

  Renderer renderer(boolean color) {
    return switch (this) {
      case text -> new TextRenderer(color);
      case json -> new JsonRenderer();
    };
  }
}
