package dev.dbprof.model;

/**
 * One thing a reader saw: a statement, a batch, a transaction end or a connection open/close.
 *
 * <p>Readers of every format produce these; everything downstream works on them only.
 *
 * @param kind what happened
 * @param startMicros epoch microseconds when it started, or {@link #UNKNOWN} when the input has
 *     no time
 * @param elapsedNanos how long it took, or {@link #UNKNOWN} (general logs carry no duration)
 * @param session connection id, server process id or session id; events of one session are in
 *     order
 * @param thread application thread, or null when the input does not know it
 * @param sql the statement text as captured ({@code ?} placeholders or literals); null for
 *     commit, rollback, connect and disconnect unless the input wrote the text
 * @param params canonical form of the parameter values (hashed or raw), used only to tell equal
 *     values from different ones; null when unknown
 * @param batchSize rows in a batch; 0 for a single execution
 * @param rows rows returned or updated, or {@link #UNKNOWN}
 * @param sqlState SQLState of a failed statement, null on success
 * @param callSite the application frame that issued it, null when unknown
 * @param line 1-based line of the input where the event starts (for reports that point into a
 *     log), 0 when unknown
 */
public record Event(
    EventKind kind,
    long startMicros,
    long elapsedNanos,
    String session,
    String thread,
    String sql,
    String params,
    int batchSize,
    long rows,
    String sqlState,
    CallSite callSite,
    long line) {

  public static final long UNKNOWN = -1;

  public boolean isExecution() {
    return kind == EventKind.STATEMENT || kind == EventKind.BATCH;
  }

  public boolean failed() {
    return sqlState != null;
  }

  /** A statement event with only what every format knows; the rest unknown. */
  public static Event statement(String session, long startMicros, long elapsedNanos, String sql, long line) {
    return new Event(EventKind.STATEMENT, startMicros, elapsedNanos, session, null, sql, null, 0,
        UNKNOWN, null, null, line);
  }

  /** A commit, rollback, connect or disconnect. */
  public static Event marker(EventKind kind, String session, long startMicros, long line) {
    return new Event(kind, startMicros, UNKNOWN, session, null, null, null, 0, UNKNOWN, null, null, line);
  }
}
