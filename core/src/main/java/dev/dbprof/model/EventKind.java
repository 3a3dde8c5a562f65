package dev.dbprof.model;

/** What happened on a connection. */
public enum EventKind {
  /** One execution of one statement (a query, an update, a DDL statement). */
  STATEMENT,
  /** One {@code executeBatch}: {@link Event#batchSize()} rows sent in one round trip. */
  BATCH,
  COMMIT,
  ROLLBACK,
  /** A physical or pooled connection was opened (elapsed = time to connect, when known). */
  CONNECT,
  DISCONNECT
}
