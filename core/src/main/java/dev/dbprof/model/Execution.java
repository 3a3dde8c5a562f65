package dev.dbprof.model;

/**
 * One statement or batch inside a unit of work, reduced to what the rules need (the SQL text
 * lives once in its {@link Shape}).
 *
 * @param shape the fingerprint's shape
 * @param startMicros epoch microseconds, or -1
 * @param elapsedNanos duration, or -1 when the input has none
 * @param paramsKey what tells equal parameter values apart: the captured values, else the hash
 *     of inline literals; null when the statement has parameters whose values are unknown, and
 *     "" when it has no parameters at all
 * @param batchSize rows of a JDBC batch, 0 for a single execution
 * @param longestInList items of its longest IN list
 * @param valuesRows rows of its VALUES list
 * @param failed whether it failed
 * @param callSite the issuing frame, or null
 * @param line input line where it was read
 * @param transaction which transaction of its unit of work it ran in: 0 for the first, counted up
 *     at each commit or rollback of the unit (so a loop whose runs have as many different values as
 *     runs is one transaction per iteration)
 */
public record Execution(
    Shape shape,
    long startMicros,
    long elapsedNanos,
    String paramsKey,
    int batchSize,
    int longestInList,
    int valuesRows,
    boolean failed,
    CallSite callSite,
    long line,
    int transaction) {

  public boolean isBatch() {
    return batchSize > 0;
  }

  public boolean timed() {
    return elapsedNanos >= 0;
  }

  /** A commit or rollback: the end of a transaction inside the unit, its time part of the unit's. */
  public boolean endsTransaction() {
    return shape.endsTransaction();
  }
}
