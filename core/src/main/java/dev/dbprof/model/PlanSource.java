package dev.dbprof.model;

/** How the plan behind an index advice was obtained; {@link #wire()} is the report's {@code planSource}. */
public enum PlanSource {
  /** PostgreSQL 16+: {@code EXPLAIN (GENERIC_PLAN)} of the statement with its placeholders. */
  GENERIC_PLAN("generic-plan"),
  /** Older PostgreSQL: a prepared statement's generic plan ({@code plan_cache_mode}). */
  PREPARED_GENERIC("prepared-generic"),
  /** The statement as captured, with its own inline values. */
  SAMPLE_VALUES("sample-values"),
  /** MySQL/MariaDB: each placeholder replaced by a literal of the column's type. */
  STAND_IN_LITERALS("stand-in-literals");

  private final String wire;

  PlanSource(String wire) {
    this.wire = wire;
  }

  /** The value the JSON report prints. */
  public String wire() {
    return wire;
  }
}
