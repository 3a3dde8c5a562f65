package dev.dbprof.model;

/** What a statement does, as far as the rules care. */
public enum StatementKind {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  /** MERGE, REPLACE, INSERT … ON CONFLICT / ON DUPLICATE KEY are INSERT; MERGE is here. */
  MERGE,
  CALL,
  /** CREATE, ALTER, DROP, TRUNCATE, COMMENT … */
  DDL,
  /** BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, SET TRANSACTION. */
  TRANSACTION,
  /** SET, SHOW, USE, and everything else. */
  OTHER;

  public boolean isWrite() {
    return this == INSERT || this == UPDATE || this == DELETE || this == MERGE;
  }
}
