package dev.dbprof.model;

/**
 * One thing a reader saw: a statement, a batch, a transaction end, a connection open/close or
 * checkout/checkin, or the begin/end of a unit of work the application marked.
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
 * @param unit the unit of work the application said it belongs to (marker, trace, tag), null when
 *     the input does not say
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
    UnitTag unit,
    long line) {

  public static final long UNKNOWN = -1;

  public boolean isExecution() {
    return kind == EventKind.STATEMENT || kind == EventKind.BATCH;
  }

  public boolean failed() {
    return sqlState != null;
  }

  /** The same event, said to belong to {@code tag}'s unit of work. */
  public Event withUnit(UnitTag tag) {
    return new Event(kind, startMicros, elapsedNanos, session, thread, sql, params, batchSize, rows, sqlState,
        callSite, tag, line);
  }

  /** The same event, issued from {@code site}. */
  public Event withCallSite(CallSite site) {
    return new Event(kind, startMicros, elapsedNanos, session, thread, sql, params, batchSize, rows, sqlState,
        site, unit, line);
  }

  /** A statement event with only what every format knows; the rest unknown. */
  public static Event statement(String session, long startMicros, long elapsedNanos, String sql, long line) {
    return new Event(EventKind.STATEMENT, startMicros, elapsedNanos, session, null, sql, null, 0,
        UNKNOWN, null, null, null, line);
  }

  /** A commit, rollback, connect, disconnect, checkout or checkin. */
  public static Event marker(EventKind kind, String session, long startMicros, long line) {
    return new Event(kind, startMicros, UNKNOWN, session, null, null, null, 0, UNKNOWN, null, null, null, line);
  }
}
