package dev.dbprof.model;

/**
 * Everything known about one fingerprint: its facts (parsed once), a sample statement and the
 * running statistics of its executions. One instance per distinct fingerprint. The analysis
 * builds and updates it ({@link #record}, {@link #facts(StatementFacts)}, {@link #inFinding(boolean)});
 * rules and renderers only read it.
 */
public final class Shape {

  private final String fingerprint;
  private final String queryId;
  private final StatementKind kind;
  private final String sample;
  private StatementFacts facts;
  private final LatencyHistogram latencies = new LatencyHistogram();
  private long executions;
  private long roundTrips;
  private long timedExecutions;
  private long totalNanos;
  private long maxNanos;
  private long errors;
  private boolean sampleHasValues;
  private boolean inFinding;

  public Shape(String fingerprint, String queryId, StatementKind kind, String sample, boolean sampleHasValues) {
    this.fingerprint = fingerprint;
    this.queryId = queryId;
    this.kind = kind;
    this.sample = sample;
    this.sampleHasValues = sampleHasValues;
  }

  public void record(long elapsedNanos, int batchSize, boolean failed) {
    executions += Math.max(1, batchSize);
    roundTrips++;
    if (failed) {
      errors++;
    }
    if (elapsedNanos >= 0) {
      timedExecutions++;
      totalNanos += elapsedNanos;
      maxNanos = Math.max(maxNanos, elapsedNanos);
      latencies.add(elapsedNanos);
    }
  }

  /** Marks the shape as part of a finding, so the fingerprint cap folds it last. */
  public void inFinding(boolean part) {
    inFinding = part;
  }

  /**
   * Whether the shape is, or by its facts will be, part of a finding: unit rules have matched it,
   * or it is a count over a subquery, which {@code count-subquery} reports however cheap it is.
   */
  public boolean inFinding() {
    return inFinding || facts != null && facts.countOverSubquery();
  }

  public void facts(StatementFacts facts) {
    this.facts = facts;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public String queryId() {
    return queryId;
  }

  public StatementKind kind() {
    return facts != null && facts.parsed() ? facts.kind() : kind;
  }

  /** One statement text of this shape as it was captured (placeholders or literals). */
  public String sample() {
    return sample;
  }

  /** Whether {@link #sample()} carries literal values rather than placeholders. */
  public boolean sampleHasValues() {
    return sampleHasValues;
  }

  public StatementFacts facts() {
    return facts;
  }

  /** Executions, counting every row of a batch as one. */
  public long executions() {
    return executions;
  }

  public long errors() {
    return errors;
  }

  public boolean timed() {
    return timedExecutions > 0;
  }

  public long totalNanos() {
    return totalNanos;
  }

  public long maxNanos() {
    return maxNanos;
  }

  public long quantileNanos(double q) {
    return Math.min(latencies.quantile(q), maxNanos);
  }

  /** A COMMIT or ROLLBACK (not to a savepoint): the end of a transaction. */
  public boolean endsTransaction() {
    if (kind() != StatementKind.TRANSACTION) {
      return false;
    }
    String text = fingerprint;
    return text.startsWith("commit") || text.equals("end") || text.startsWith("end ")
        || text.startsWith("abort") || text.startsWith("rollback") && !text.contains(" to ");
  }

  /** Round trips: batches count once. */
  public long roundTrips() {
    return roundTrips;
  }
}
