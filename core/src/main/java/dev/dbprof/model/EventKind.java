package dev.dbprof.model;

/** What happened on a connection. */
public enum EventKind {
  /** One execution of one statement (a query, an update, a DDL statement). */
  STATEMENT,
  /** One {@code executeBatch}: {@link Event#batchSize()} rows sent in one round trip. */
  BATCH,
  COMMIT,
  ROLLBACK,
  /** A physical connection was opened (elapsed = time to connect, when known). */
  CONNECT,
  DISCONNECT,
  /** A connection was taken from a pool: no new connection, not connection churn. */
  CHECKOUT,
  /** A pooled connection was given back. */
  CHECKIN,
  /** The application began a unit of work ({@link Event#unit()} names it). */
  UNIT_BEGIN,
  /** The application ended a unit of work ({@link Event#unit()} names it). */
  UNIT_END,
  /**
   * The server parsed or bound a statement of the extended protocol before executing it (elapsed
   * = that step's time; PostgreSQL logs): not a statement, its time belongs to the session's next
   * execution.
   */
  PREPARE
}
