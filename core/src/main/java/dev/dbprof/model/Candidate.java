package dev.dbprof.model;

/**
 * One statement shape the advisor should look at.
 *
 * @param queryId the fingerprint's query id, echoed in the advice
 * @param fingerprint normalized text, used when {@code sampleSql} is null
 * @param sampleSql one real statement text: {@code ?} / {@code $n} placeholders or inline literals
 * @param sampleHasValues whether the caller knows the inline literals in {@code sampleSql} are the
 *     real captured values (raw capture); informational, plans are taken from the text either way
 * @param facts what the parser learned, or null; adds columns the plan does not show
 * @param totalMs total time spent in this shape, used to spend the budget on the costliest first
 * @param count how many times it ran
 */
public record Candidate(
    String queryId,
    String fingerprint,
    String sampleSql,
    boolean sampleHasValues,
    StatementFacts facts,
    double totalMs,
    long count) {

  /** The text to plan: the sample, else the fingerprint with its folded lists made plannable. */
  public String sqlText() {
    if (sampleSql != null && !sampleSql.isBlank()) {
      return sampleSql;
    }
    return fingerprint == null ? null : fingerprint.replace("(?+)", "(?)");
  }
}
