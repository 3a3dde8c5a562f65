package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Execution;
import dev.dbprof.model.Shape;
import dev.dbprof.model.UnitOfWork;
import dev.dbprof.internal.sql.Fingerprinter;
import dev.dbprof.internal.sql.NormalizedSql;
import dev.dbprof.internal.sql.StatementAnalyzer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A unit of work built directly, the way the analysis will cut one that spans many transactions:
 * executions carry their transaction number, and COMMIT/ROLLBACK are executions of the unit.
 */
final class UnitBuilder {

  private final Fingerprinter fingerprinter = new Fingerprinter();
  private final StatementAnalyzer analyzer = new StatementAnalyzer();
  private final Map<String, Shape> shapes = new HashMap<>();
  private final List<Execution> executions = new ArrayList<>();
  private long clockMicros = 1_700_000_000_123_000L;
  private int transaction;
  private CallSite site;
  private long line;

  /** Statements from now on come from this frame ({@code null}: unknown). */
  UnitBuilder site(String className, String method, int lineNumber) {
    site = className == null ? null : new CallSite(className, method, className + ".java", lineNumber);
    return this;
  }

  UnitBuilder run(String sql, String params, double ms) {
    NormalizedSql normalized = fingerprinter.normalize(sql);
    Shape shape = shapes.computeIfAbsent(normalized.fingerprint(), k -> {
      Shape s = new Shape(normalized.fingerprint(), normalized.queryId(), normalized.kind(), sql,
          normalized.literals() > 0);
      s.facts(analyzer.analyze(sql, normalized));
      return s;
    });
    long nanos = (long) (ms * 1e6);
    executions.add(new Execution(shape, clockMicros, nanos, params, 0, normalized.longestInList(),
        normalized.valuesRows(), false, site, ++line, transaction));
    clockMicros += nanos / 1000 + 20;
    return this;
  }

  /** A COMMIT execution ending the current transaction; what follows runs in the next one. */
  UnitBuilder commit(double ms) {
    run("COMMIT", "", ms);
    transaction++;
    return this;
  }

  /** The next statement runs in a transaction of its own with no COMMIT to show for it (autocommit). */
  UnitBuilder autocommit() {
    transaction++;
    return this;
  }

  UnitBuilder gap(double ms) {
    clockMicros += (long) (ms * 1000);
    return this;
  }

  UnitOfWork build(UnitOfWork.Boundary boundary) {
    int ends = (int) executions.stream().filter(Execution::endsTransaction).count();
    return new UnitOfWork(0, "1", null, boundary, List.copyOf(executions), ends, UnitOfWork.End.END_OF_INPUT);
  }

  /** The matches of {@code rule} on the unit, with default options. */
  static List<Match> check(UnitRule rule, UnitOfWork unit) {
    List<Match> found = new ArrayList<>();
    rule.check(unit, new RuleContext(Map.of(), List.of()), new Matches(found::add));
    return found;
  }
}
