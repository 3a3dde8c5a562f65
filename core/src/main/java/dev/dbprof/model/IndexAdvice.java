package dev.dbprof.model;

import java.util.List;

/**
 * One missing-index finding for one statement shape.
 *
 * @param queryId the candidate's query id
 * @param table the scanned table (schema-qualified when it is not in the connection's current schema)
 * @param columns proposed index columns: equality, then range, then sort columns
 * @param ddl the {@code CREATE INDEX} statement to run
 * @param costBefore planner cost before (MariaDB 10.x: estimated rows examined, it prints no cost)
 * @param costAfter cost with the index, {@code NaN} when not validated
 * @param validated {@code hypopg}, {@code trial} (built and rolled back / dropped) or {@code none}
 * @param planSource how the plan was obtained: {@code generic-plan}, {@code prepared-generic},
 *     {@code sample-values} or {@code stand-in-literals}
 * @param rowsExamined estimated (or, with ANALYZE, actual) rows the full scan reads per execution
 * @param suggested whether dbprof recommends creating the index
 * @param reason one sentence: why it is suggested, or why not
 */
public record IndexAdvice(
    String queryId,
    String table,
    List<String> columns,
    String ddl,
    double costBefore,
    double costAfter,
    ValidationMethod validated,
    PlanSource planSource,
    long rowsExamined,
    boolean suggested,
    String reason) {

  public IndexAdvice {
    columns = List.copyOf(columns);
  }

  /** Fraction of the cost the index saves (0.75 = 75 %), {@code NaN} when not validated. */
  public double savedFraction() {
    if (Double.isNaN(costAfter) || !(costBefore > 0)) {
      return Double.NaN;
    }
    return 1.0 - costAfter / costBefore;
  }
}
