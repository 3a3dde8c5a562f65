package dev.dbprof.sql;

import java.util.List;

/** Learns a statement shape's tables and columns with JSqlParser; call once per fingerprint. */
public final class StatementAnalyzer {

  // PLACEHOLDER: replaced by the JSqlParser adapter (work in progress on branch sql).
  public StatementFacts analyze(String sampleSql, NormalizedSql normalized) {
    return new StatementFacts(normalized.kind(), false, List.of(), List.of(), List.of(), List.of(),
        List.of(), false, false, false, false, OrmStyle.PLAIN);
  }
}
