package dev.dbprof.model;

/** How an index's gain was proven; {@link #wire()} is the report's {@code validated} value. */
public enum ValidationMethod {
  /** Costed as a hypothetical index (HypoPG): nothing was built. */
  HYPOPG("hypopg"),
  /** Built for the trial and rolled back (PostgreSQL) or dropped (the disposable MySQL/MariaDB database). */
  TRIAL("trial"),
  /** Not validated: only the plan before is known. */
  NONE("none");

  private final String wire;

  ValidationMethod(String wire) {
    this.wire = wire;
  }

  /** The value the JSON report (and every other renderer) prints. */
  public String wire() {
    return wire;
  }
}
