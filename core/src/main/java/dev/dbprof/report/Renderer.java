package dev.dbprof.report;

import dev.dbprof.model.Report;
import java.io.IOException;

/** Writes a report in one format. Stateless. */
public interface Renderer {

  void render(Report report, Appendable out) throws IOException;
}
