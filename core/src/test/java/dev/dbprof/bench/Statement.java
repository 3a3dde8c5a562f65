package dev.dbprof.bench;

/**
 * One generated statement, before any format writes it.
 *
 * @param kind a statement, or a commit or rollback (then {@code sql} and {@code params} are null)
 * @param connection pooled connection, 0 to {@link Workload#CONNECTIONS} - 1
 * @param slot the request's worker thread
 * @param startMicros epoch microseconds
 * @param elapsedMicros how long it took
 * @param sql text with {@code ?} placeholders
 * @param params values by position: Long, Boolean, String, {@link Workload.Decimal},
 *     {@link Workload.Timestamp} or null
 * @param rows rows returned or changed
 * @param site the application method that sent it ({@code Class.method})
 */
record Statement(Kind kind, int connection, int slot, long startMicros, long elapsedMicros, String sql,
    Object[] params, long rows, String site) {

  enum Kind { SQL, COMMIT, ROLLBACK }
}
