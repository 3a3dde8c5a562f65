package dev.dbprof.analysis;

import dev.dbprof.model.Execution;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementKind;
import java.util.List;

/**
 * Recognizes start-up work in an input that does not name it: a unit before the first application
 * unit of its scope made only of schema statements and literal writes (schema scripts, migrations,
 * seeds and fixtures as a script runner sends them), with connection setup and transaction ends
 * around them. The first such unit must create or change the schema; a seed that follows it may be
 * literal inserts alone. A unit of literal inserts with no schema work before it is the
 * application's own (a test that inserts rows one at a time is what unbatched-writes is for).
 */
final class StartupWork {

  private StartupWork() {}

  /**
   * @param executions the unit's statements
   * @param afterStartup whether start-up work was already seen in the scope
   */
  static boolean is(List<Execution> executions, boolean afterStartup) {
    boolean schema = false;
    boolean writes = false;
    for (Execution e : executions) {
      Shape shape = e.shape();
      StatementKind kind = shape.kind();
      if (kind == StatementKind.DDL) {
        schema = true;
      } else if (kind == StatementKind.INSERT || kind == StatementKind.UPDATE || kind == StatementKind.DELETE) {
        if (!literal(e)) {
          return false;
        }
        writes = true;
      } else if (kind != StatementKind.TRANSACTION && !ConnectionSetup.is(shape)) {
        return false;
      }
    }
    return schema || writes && afterStartup;
  }

  /** Values written in the text, no placeholders: a script, not application code binding values. */
  private static boolean literal(Execution e) {
    Shape shape = e.shape();
    if (e.isBatch() || !shape.sampleHasValues()) {
      return false;
    }
    String sample = shape.sample();
    for (int i = 0; i < sample.length(); i++) {
      char c = sample.charAt(i);
      if (c == '?' || c == '$' && i + 1 < sample.length() && Character.isDigit(sample.charAt(i + 1))) {
        return false;
      }
    }
    return true;
  }
}
